#!/usr/bin/env bash
# test_menu.sh - the boot menu (issue 15) driven with QEMU monitor key presses: the
# default at once with timeout 0, the countdown, arrows then Enter, a digit, the
# command-line editor, and a refused entry followed by another that boots. The ESPs
# are esp/ with a boot.cfg of entries (mk/menu-esps.mk); esp/ itself (no entry lines)
# boots as before.
source "$(dirname "$0")/lib.sh"

ESPS=$ROOT/build/menu-esps
need "the menu ESPs (make menu-esps)" "$ESPS/three/boot.cfg" "$ESPS/at-once/boot.cfg" \
    "$ESPS/countdown/boot.cfg" "$ESPS/chain/EFI/tools/chain.efi" "$ESPS/setup/boot.cfg" \
    "$ESPS/remember/boot.cfg"

# boot_keys NAME ESP KEY...: boots ESP in test mode with a monitor socket; once the
# menu is on the serial line, sends each KEY (QEMU sendkey names) half a second apart.
boot_keys() {
    local name=$1 esp=$2 sock
    shift 2
    sock=$(mktemp -u /tmp/menu-mon.XXXXXX)
    SERIAL=$LOGDIR/$name.serial
    rm -f "$SERIAL"
    "$ROOT/run.sh" --test --timeout "${MENU_TIMEOUT:-90}" --esp "$esp" --monitor "$sock" --log "$SERIAL" \
        ${MENU_VARS:+--vars "$MENU_VARS"} \
        </dev/null >/dev/null 2>"$LOGDIR/$name.stderr" &
    local pid=$! i
    for ((i = 0; i < 1800; i++)); do
        grep -q "loader: up/down" "$SERIAL" 2>/dev/null && break
        sleep 0.1
    done
    python3 - "$sock" "$@" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
for k in sys.argv[2:]:
    s.sendall(("sendkey %s\n" % k).encode())
    time.sleep(0.5)
s.close()
PY
    wait "$pid"
    BOOT_STATUS=$?
    sed -i -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g' "$SERIAL" 2>/dev/null
}

booted_with() { has_line "^boot: .* cmdline=\"$1\""; }

boot menu-old-format --esp "$ROOT/esp"
check "old format (no entry lines): no menu is drawn" \
    bash -c "! grep -q 'loader: boot menu' '$SERIAL'"
check "old format: the one kernel boots at once and passes (run.sh status $BOOT_STATUS)" \
    test "$BOOT_STATUS" -eq 0

boot menu-at-once --esp "$ESPS/at-once"
check "timeout 0: no menu is drawn" bash -c "! grep -q 'loader: boot menu' '$SERIAL'"
check "timeout 0: the default entry (2) boots at once" booted_with "second test"
check "timeout 0: the kernel passes (run.sh status $BOOT_STATUS)" test "$BOOT_STATUS" -eq 0

boot menu-countdown --esp "$ESPS/countdown"
check "countdown: the menu marks the default" has_line '^loader: > 2\. Second \(default\)'
check "countdown: counts down to 1 s" has_line '^loader: booting 2\. Second in 1 s'
check "countdown: then boots the default" booted_with "second test"

boot_keys menu-arrows "$ESPS/three" down down ret
check "arrows then Enter: the third entry boots" booted_with "two test"
check "arrows then Enter: the menu is drawn again with the third entry marked" \
    has_line '^loader: > 3\. Two$'

boot_keys menu-digit "$ESPS/three" 3
check "digit 3: the third entry boots" booted_with "two test"

boot_keys menu-edit "$ESPS/three" e spc e d ret
check "editor: the editor shows the line being edited" has_line '^loader: edit One: one test ed$'
check "editor: the kernel reports the edited command line" booted_with "one test ed"

boot_keys menu-refused "$ESPS/three" 2 4 1
check "refused entry: its one error line names the file" \
    has_line '^loader: error: .*\\nothere\.elf.*EFI_NOT_FOUND'
check "refused entry: a missing file leaves nothing allocated" \
    has_line '^loader: entry 2\. Missing ended: 0 pages given back, 1 ranges held as before'
check "refused entry: a truncated kernel is refused" has_line '^loader: error: .*truncated\.elf'
check "refused entry: every page of the read kernel is given back (the ledger holds 1 range again)" \
    has_line '^loader: entry 4\. Truncated ended: [1-9][0-9]* pages given back, 1 ranges held as before'
check "refused entry: the menu comes back and entry 1 boots" booted_with "one test"
check "refused entry: the kernel passes (run.sh status $BOOT_STATUS)" test "$BOOT_STATUS" -eq 0

boot_keys menu-chain "$ESPS/chain" 2
check "chainload: the application starts with the entry's command line as load options" \
    has_line '^chain: started options="hello chain test"'
check "chainload: the application ended QEMU (run.sh status $BOOT_STATUS)" \
    test "$BOOT_STATUS" -eq 0

VARS=$LOGDIR/menu-remember.vars.fd
rm -f "$VARS"
MENU_VARS=$VARS boot_keys menu-remember-1 "$ESPS/remember" 2
check "remember: the first boot starts entry 2" booted_with "b test"
MENU_VARS=$VARS boot_keys menu-remember-2 "$ESPS/remember" ret
check "remember: the second boot (same variables) makes entry 2 the default" \
    has_line '^loader: remember = on: default is 2\. B, started last time'
check "remember: the menu marks it" has_line '^loader: > 2\. B \(default\)'
check "remember: Enter boots it" booted_with "b test"

# run.sh passes -no-reboot: the reset ends QEMU, and the next boot (same variables)
# is where the firmware opens its setup UI.
SVARS=$LOGDIR/menu-setup.vars.fd
rm -f "$SVARS"
MENU_VARS=$SVARS MENU_TIMEOUT=60 boot_keys menu-setup "$ESPS/setup" 2
check "firmware-setup: the loader asks for the setup UI and resets" \
    has_line "^loader: entry = Setup: restarting into the firmware's setup"
boot menu-setup-next --esp "$ESPS/setup" --vars "$SVARS" --timeout 60
check "firmware-setup: the next boot opens the firmware's setup UI (its front page on serial)" \
    has_line 'Device Manager|Boot Manager'
check "firmware-setup: the next boot does not start the loader" \
    bash -c "! grep -q 'loader: BOOTIA32 starting' '$SERIAL'"

exit $status_all
