# lib.sh - shared helpers for the QEMU boot tests (sourced, not run).
# Every check prints one TAP-style line, "ok - ..." or "not ok - ...", which
# tests/run_tests.sh counts.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOGDIR=$ROOT/build/test-logs
mkdir -p "$LOGDIR"
status_all=0

ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; status_all=1; }

# check DESC CMD...: runs CMD, prints ok/not ok with DESC.
check() {
    local desc=$1
    shift
    if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# boot NAME [run.sh options...]: boots in test mode, serial to $LOGDIR/NAME.serial.
# Sets BOOT_STATUS (run.sh's exit status) and SERIAL (the log path).
boot() {
    local name=$1
    shift
    SERIAL=$LOGDIR/$name.serial
    rm -f "$SERIAL"
    "$ROOT/run.sh" --test --log "$SERIAL" "$@" >/dev/null 2>"$LOGDIR/$name.stderr"
    BOOT_STATUS=$?
    # OVMF's console output carries escape sequences and CRs: strip them for matching.
    sed -i -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g' "$SERIAL" 2>/dev/null
}

# line PREFIX: the first serial line starting with PREFIX.
line() { grep -m1 -E "^$1" "$SERIAL"; }

# field LINE KEY: the value of KEY=value in LINE.
field() { sed -n -E "s/.*[ :]$2=([^ ]*).*/\\1/p" <<<"$1"; }

has_line() { grep -qE "$1" "$SERIAL"; }

# check_selftests NAME MODE: the boot just made ran the self-tests of MODE (quick, the
# default, or full: selftest=full) and all passed. Quick: no line says "error" at all.
# Full: the exhaustive checks ran, and the misuse they provoke printed expect: lines
# (2 from frames_all, 2 from heap), never error: lines.
check_selftests() {
    local name=$1 mode=$2
    check "$name: self-tests ran in mode $mode" has_line "^selftest: mode=$mode\$"
    check "$name: self-tests all passed" has_line '^selftest: [1-9][0-9]* passed, 0 failed$'
    check "$name: no error line on serial" bash -c "! grep -qi 'error' '$SERIAL'"
    if [ "$mode" = full ]; then
        check "$name: exhaustive checks identity_rw and frames_all ran and passed" \
            bash -c "grep -q '^selftest: identity_rw ok$' '$SERIAL' && grep -q '^selftest: frames_all ok$' '$SERIAL'"
        check "$name: the deliberate misuse printed 4 expect: lines (frames 2, heap 2)" \
            test "$(grep -cE '^frames: expect: ' "$SERIAL"),$(grep -cE '^heap: expect: ' "$SERIAL")" = 2,2
    else
        check "$name: quick checks frames_sample ran, the exhaustive ones did not" \
            bash -c "grep -q '^selftest: frames_sample ok$' '$SERIAL' && ! grep -qE '^selftest: (identity_rw|frames_all) ' '$SERIAL'"
    fi
}

# need WHAT FILE...: the boot tests boot only what make built (make test-kernels,
# mk/test-kernels.mk); a missing FILE is one "not ok" naming WHAT, and the script ends.
need() {
    local what=$1 f
    shift
    for f in "$@"; do
        if [ ! -s "$f" ]; then
            not_ok "$what is built (${f#"$ROOT"/} is missing: run make test-kernels)"
            exit 1
        fi
    done
}

# expect_staged_boot NAME: the boot just made (boot ...) staged at least one segment,
# and the copied minikernel ran: magic, module, verdict.
expect_staged_boot() {
    local name=$1
    check "$name: loader stages the segments OVMF still occupies" \
        has_line '^loader: boot info at 0x[0-9a-f]+, modules 1, staged segments [1-9][0-9]*, '
    check "$name: reports pass (run.sh status $BOOT_STATUS)" test "$BOOT_STATUS" -eq 0
    check "$name: copied image runs: magic ok, module found, verdict pass" \
        bash -c "grep -q '^minikernel: magic ok ' '$SERIAL' &&
            grep -q '^minikernel: module \"hello-module\" ' '$SERIAL' &&
            ! grep -q '^minikernel: error' '$SERIAL' &&
            grep -q '^minikernel: result pass$' '$SERIAL'"
}
