#!/usr/bin/env bash
# test_menu.sh - the boot menu (issue 15) driven with QEMU monitor key presses: the
# default at once with timeout 0, the countdown, arrows then Enter, a digit, the
# command-line editor, and a refused entry followed by another that boots. The ESPs
# are esp/ with a boot.cfg of entries (mk/menu-esps.mk); esp/ itself (no entry lines)
# boots as before.
source "$(dirname "$0")/lib.sh"

ESPS=$ROOT/build/menu-esps
need "the menu ESPs (make menu-esps)" "$ESPS/three/boot.cfg" "$ESPS/at-once/boot.cfg" \
    "$ESPS/countdown/boot.cfg" "$ESPS/chain/EFI/tools/chain.efi" \
    "$ESPS/chain-x64/EFI/tools/chain.efi" "$ESPS/setup/boot.cfg" \
    "$ESPS/remember/boot.cfg"

# boot_via VIA NAME ESP KEY...: boots ESP in test mode (MENU_ARGS: more run.sh options);
# once the menu is on the serial line, types each KEY half a second apart: VIA monitor
# sends QEMU sendkey names through the monitor, VIA serial writes KEY's bytes to COM1
# (tests/boot/menu_keys.py).
boot_via() {
    local via=$1 name=$2 esp=$3 sock
    shift 3
    sock=$(mktemp -u /tmp/menu-$via.XXXXXX)
    SERIAL=$LOGDIR/$name.serial
    rm -f "$SERIAL"
    "$ROOT/run.sh" --test --timeout "${MENU_TIMEOUT:-90}" --esp "$esp" --"${via/serial/serial-socket}" "$sock" \
        --log "$SERIAL" ${MENU_VARS:+--vars "$MENU_VARS"} ${MENU_ARGS:-} \
        </dev/null >/dev/null 2>"$LOGDIR/$name.stderr" &
    local pid=$!
    python3 "$ROOT/tests/boot/menu_keys.py" "$via" "$sock" "$SERIAL" "$@"
    wait "$pid"
    BOOT_STATUS=$?
    rm -f "$sock"
    sed -i -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\r//g' "$SERIAL" 2>/dev/null
}
boot_keys() { boot_via monitor "$@"; }
boot_serial() { boot_via serial "$@"; }

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

# The same keys from the serial console: OVMF's terminal driver (a PC ANSI terminal on
# COM1) turns the bytes into ConIn keys, escape sequences into scan codes.
ESC=$'\e'
boot_serial menu-serial-digit "$ESPS/three" e "$ESC" "" "" "" "" "" 3
check "serial: e opens the editor" has_line '^loader: edit One: one test$'
check "serial: a lone ESC (after the terminal's 2 s wait for more) leaves the editor" \
    bash -c "grep -A1 '^loader: edit One: one test\$' '$SERIAL' | grep -q '^loader: boot menu:'"
check "serial: the digit 3 boots the third entry" booted_with "two test"

boot_serial menu-serial-arrows "$ESPS/three" "$ESC[B" "$ESC[B" "$ESC[B" "$ESC[A" $'\r'
check "serial: ESC [ B moves down" has_line '^loader: > 4\. Truncated$'
check "serial: ESC [ A moves up" \
    bash -c "grep '^loader: > ' '$SERIAL' | sed -n 5p | grep -q '3\. Two\$'"
check "serial: CR boots the chosen entry" booted_with "two test"

# "one test": home, delete, DEL (0x7f: Delete on this terminal), a character, end,
# text, backspace (0x08), left, a character, right, a character, CR.
boot_serial menu-serial-edit "$ESPS/three" e "$ESC[H" "$ESC[X" $'\x7f' x "$ESC[F" " ed" $'\b' \
    "$ESC[D" d "$ESC[C" s $'\r'
check "serial: the editor shows the line edited over serial" has_line '^loader: edit One: xe test des$'
check "serial: the kernel reports the line edited over serial" booted_with "xe test des"

MENU_ARGS="--arch x64" boot_serial menu-serial-x64 "$ESPS/three" "$ESC[B" "$ESC[B" $'\r'
check "serial, x64 firmware: ESC [ B twice then CR boots the third entry" booted_with "two test"

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

MENU_ARGS="--arch x64" boot_keys menu-chain-x64 "$ESPS/chain-x64" 2
check "chainload, x64: BOOTX64.EFI runs under OVMF x64" has_line '^loader: BOOTX64 starting'
check "chainload, x64: the loader starts the x64 application" \
    has_line '^loader: starting Chain \(efi = \\EFI\\tools\\chain\.efi\)'
check "chainload, x64: the application gets the entry's command line as load options" \
    has_line '^chain: started options="hello chain test"'
check "chainload, x64: the application ended QEMU (run.sh status $BOOT_STATUS)" \
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
check "firmware-setup: OVMF has EFI_OS_INDICATIONS_BOOT_TO_FW_UI: the entry is not marked unavailable" \
    has_line '^loader:   2\. Setup \[firmware setup\]$'
check "firmware-setup: the loader asks for the setup UI and resets" \
    has_line "^loader: entry = Setup: restarting into the firmware's setup"
boot menu-setup-next --esp "$ESPS/setup" --vars "$SVARS" --timeout 60
check "firmware-setup: the next boot opens the firmware's setup UI (its front page on serial)" \
    has_line 'Device Manager|Boot Manager'
check "firmware-setup: the next boot does not start the loader" \
    bash -c "! grep -q 'loader: BOOTIA32 starting' '$SERIAL'"

exit $status_all
