#!/usr/bin/env bash
# test_screen.sh - the kernel's log must really be on screen: boot with `screenshot`, take a
# QEMU screendump while the kernel waits, render the log on the host with the kernel's
# own console code and font (tests/screen/compare.c), and compare every visible line's
# pixels. Cases: ia32 at the firmware's resolution, ia32 at 640x480 (the log is longer
# than the screen, so it has scrolled), and x64 once esp/EFI/BOOT/BOOTX64.EFI exists.
source "$(dirname "$0")/lib.sh"

COMPARE=$ROOT/build/host/screen_compare
FONT=$ROOT/build/font/console.psf     # 10x18: below 1920 pixels wide
FONT32=$ROOT/build/font/console32.psf # 16x32: from 1920 (kernel/dev/font_pick.c)
READY_WAIT_S=150 # a boot to the kernel's summary takes ~15 s under TCG

need "screen: the comparison tool and the fonts (make screen-compare)" "$COMPARE" "$FONT" "$FONT32"

# esp_with_resolution DIR RES: a copy of esp/ whose boot.cfg asks the loader for RES.
esp_with_resolution() {
    rm -rf "$1"
    cp -r "$ROOT/esp" "$1"
    [ -f "$1/boot.cfg" ] && sed -i -E '/^[[:space:]]*resolution[[:space:]]*=/d' "$1/boot.cfg"
    printf 'resolution = %s\n' "$2" >>"$1/boot.cfg"
}

# negative_controls NAME SHOT DIR DROP CHANGE: the same screendump against the log with
# the line matching DROP dropped, and with the sed edit CHANGE (one letter of a line that
# is on screen), must both fail the comparison; otherwise a pass above proves nothing.
negative_controls() {
    local name=$1 shot=$2 dir=$3 drop=$4 change=$5 font=$6
    sed "$change" "$dir/expected.txt" >"$dir/expected-changed.txt"
    sed "/$drop/d" "$dir/expected.txt" >"$dir/expected-dropped.txt"
    check "screen $name: control: the last line really differs in expected-changed.txt" \
        bash -c "! cmp -s '$dir/expected.txt' '$dir/expected-changed.txt'"
    check "screen $name: control: one changed letter ($change) fails the comparison" \
        bash -c "! '$COMPARE' '$font' '$shot' '$dir/expected-changed.txt' >'$dir/control-changed.tap' 2>&1"
    check "screen $name: control: a dropped $drop line fails the comparison" \
        bash -c "! '$COMPARE' '$font' '$shot' '$dir/expected-dropped.txt' >'$dir/control-dropped.tap' 2>&1"
}

# screen_case NAME ARCH [RESOLUTION [EXPECT_STATUS [run.sh options...]]]: EXPECT_STATUS
# is run.sh's status after the key (0: the kernel passes; 1: it stops on a failed check).
screen_case() {
    local name=$1 arch=$2 res=${3:-} want_status=${4:-0}
    local drop='^screen: Heap ' change='s/^screen: ready$/screen: reaby/'
    shift $(($# < 4 ? $# : 4))
    if [ "$want_status" -ne 0 ]; then # a failed check: its error line is what shows
        drop='^cpu: error: '
        change='s/^cpu: error: CPUID/cpu: error: CPUIE/'
    fi
    local dir=$LOGDIR/screen-$name esp=$ROOT/esp
    local sockdir
    sockdir=$(mktemp -d "${TMPDIR:-/tmp}/screen.XXXXXX") # unix socket paths are short
    local sock=$sockdir/monitor.sock serial=$dir/serial.log shot=$dir/screen.ppm
    mkdir -p "$dir"
    rm -f "$serial" "$shot" "$dir/expected.txt"
    if [ -n "$res" ]; then
        esp=$dir/esp
        esp_with_resolution "$esp" "$res"
    fi

    "$ROOT/run.sh" --test --arch "$arch" --esp "$esp" --monitor "$sock" --log "$serial" \
        --cmdline screenshot "$@" >"$dir/run.stdout" 2>"$dir/run.stderr" &
    local pid=$! ready=0 i
    for ((i = 0; i < READY_WAIT_S * 2; i++)); do
        if grep -q '^kernel: screen ready' "$serial" 2>/dev/null; then
            ready=1
            break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
    done
    check "screen $name: the kernel prints 'kernel: screen ready' and waits" test $ready -eq 1
    if [ $ready -eq 1 ]; then
        # The screendump is written before the key goes out: monitor.py waits for
        # each command's prompt.
        python3 "$ROOT/tests/screen/monitor.py" "$sock" "screendump $shot" "sendkey ret" \
            2>"$dir/monitor.log"
    fi
    wait "$pid"
    local status=$?
    rm -rf "$sockdir"
    check "screen $name: the kernel exits after the key with run.sh status $want_status (got $status)" \
        test $status -eq "$want_status"
    check "screen $name: released by the key, not by its time limit" \
        grep -q '^kernel: screen released' "$serial"
    [ -n "$res" ] && check "screen $name: the loader set the $res mode" \
        grep -qE "^boot: .* fb=${res}x" "$serial"

    # What the kernel printed up to the screendump, as COM1 carried it.
    sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g' "$serial" |
        sed -n '/^kernel: start/,/^kernel: screen ready$/p' >"$dir/expected.txt"
    # The font the kernel says it chose (fb: console ... font=WxH).
    local font=$FONT
    grep -qE '^fb: console .* font=16x32'$'\r''?$' "$serial" && font=$FONT32
    if [ ! -s "$shot" ]; then
        not_ok "screen $name: screendump $shot written (see $dir/monitor.log)"
        return
    fi
    "$COMPARE" "$font" "$shot" "$dir/expected.txt" >"$dir/compare.tap" 2>"$dir/compare.stderr"
    local rc=$?
    sed -E -e "s/^(not ok|ok) [0-9]+ - /\\1 - screen $name: /" -e '/^1\.\./d' "$dir/compare.tap" |
        tee "$dir/compare.tap.named"
    if [ $rc -ne 0 ] && ! grep -q '^not ok' "$dir/compare.tap"; then
        not_ok "screen $name: compare ran (exit $rc): $(head -1 "$dir/compare.stderr")"
    fi
    [ $rc -eq 0 ] || status_all=1
    negative_controls "$name" "$shot" "$dir" "$drop" "$change" "$font"
    # As PNG for people (docs/hardware.md shows two of them: make screenshots).
    python3 "$ROOT/tests/screen/ppm2png.py" "$shot" "$dir/screen.png" ||
        not_ok "screen $name: screendump converted to $dir/screen.png"
}

screen_case ia32 ia32
screen_case ia32-640x480 ia32 640x480
# The report for people: all of it on a 640x480 screen, ending in a green "ready".
check "screen ia32-640x480: nothing of the report scrolled off" \
    grep -qE '^# [0-9]+ log lines: [0-9]+ checked on screen, 0 scrolled off' \
    "$LOGDIR/screen-ia32-640x480/compare.tap"
check "screen ia32-640x480: the report ends in a green ready, after the self-test verdict" \
    bash -c "grep -qE '^ok - .* in green: \"Self-test \(quick\): [0-9]+ passed, 0 failed\"' '$LOGDIR/screen-ia32-640x480/compare.tap.named' &&
        grep -qE '^ok - .* in green: \"ready\"' '$LOGDIR/screen-ia32-640x480/compare.tap.named'"
check "screen ia32-640x480: no error line on screen or serial" \
    bash -c "! grep -qi 'error' '$LOGDIR/screen-ia32-640x480/compare.tap.named' '$LOGDIR/screen-ia32-640x480/serial.log'"
# A large screen gets the large font: 16x32, so at most 120 columns at 1920x1080.
screen_case ia32-1920x1080 ia32 1920x1080
check "screen ia32-1920x1080: the kernel chose the 16x32 font (120x33 cells)" \
    grep -qE '^fb: console 120x33 chars, 1920x1080x32 .* font=16x32'$'\r''?$' \
    "$LOGDIR/screen-ia32-1920x1080/serial.log"
# A CPU without a feature the kernel needs: the check fails before memory is set up,
# and its error line must be on screen, in red (compare.c draws each line in its colour).
screen_case ia32-no-tsc ia32 "" 1 --cpu qemu32,-tsc
check "screen ia32-no-tsc: the cpu error line is on screen in red" \
    grep -qE '^ok - screen ia32-no-tsc: line [0-9]+ on screen rows [0-9-]+ in red: "cpu: error: ' \
    "$LOGDIR/screen-ia32-no-tsc/compare.tap.named"
if [ -f "$ROOT/esp/EFI/BOOT/BOOTX64.EFI" ]; then
    screen_case x64 x64
else
    echo "# screen x64: pending, esp/EFI/BOOT/BOOTX64.EFI is not built yet"
fi
exit $status_all
