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

# minikernel_esp_at BASE DIR: DIR becomes a copy of the minikernel's ESP (make examples)
# with the minikernel relinked at BASE (hex, 0x...). Used to put its segments where
# OVMF still has boot-services data, so the loader must stage them and the handoff
# copy them after ExitBootServices. Fails (link log in $LOGDIR) if the relink fails.
minikernel_esp_at() {
    local base=$1 dir=$2
    mkdir -p "$dir"
    cp -r "$ROOT/build/examples/esp/." "$dir/"
    sed "s/^MINIKERNEL_BASE = 0x400000;/MINIKERNEL_BASE = $base;/" \
        "$ROOT/examples/minikernel/link.ld" >"$dir/link.ld"
    grep -q "^MINIKERNEL_BASE = $base;" "$dir/link.ld" &&
        ld -m elf_i386 -nostdlib --build-id=none -z noexecstack -T "$dir/link.ld" \
            -o "$dir/minikernel.elf" "$ROOT/build/examples/minikernel/entry.o" \
            "$ROOT/build/examples/minikernel/main.o" 2>"$LOGDIR/minikernel-at-$base-link.log" &&
        rm "$dir/link.ld"
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
