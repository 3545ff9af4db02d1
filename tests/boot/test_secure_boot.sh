#!/usr/bin/env bash
# test_secure_boot.sh - issue 16 under OVMF x64 with Secure Boot on (Debian's snakeoil keys
# enrolled: run.sh --secure-boot), and the enrolled boot.cfg digest under OVMF ia32 (whose
# vars have no keys: Secure Boot off, setup mode).
#
# The ESPs are built by mk/secure-boot.mk (make secure-boot-esps, part of test-kernels):
# build/secboot/CASE/, each signed (or not) and enrolled by the same rule as `make sign`.
# They are booted unedited (run.sh --cfg-as-is: their boot.cfg already says "test"), since
# an edit would change the enrolled digest. Expected loader lines come from
# tests/boot/refusals.tsv. After a refusal under Secure Boot the firmware's UEFI Shell is
# refused too (it is not signed), so the firmware says it has no bootable option and
# waits at its boot menu: run.sh --until ends those boots there (TIMEOUT seconds at most).
source "$(dirname "$0")/lib.sh"

SB=$ROOT/build/secboot
TIMEOUT=150
NO_OPTION='^BdsDxe: No bootable option'
TSV=$ROOT/tests/boot/refusals.tsv
CASES=(signed kernel-changed cfg-changed unpinned unsigned other-key unenrolled)
exec 9>"$LOGDIR/.secure-boot.lock"
flock 9

for c in "${CASES[@]}"; do need "secure boot ESP $c" "$SB/$c/boot.cfg"; done
for f in /usr/share/OVMF/OVMF_CODE_4M.secboot.fd /usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd; do
    [ -r "$f" ] || { not_ok "Secure Boot firmware $f is installed (Debian package ovmf)"; exit 1; }
done

# msg NO: row NO's message from refusals.tsv, after "loader: error: ".
msg() { awk -F'\t' -v n="$1" '$1 == n { print "loader: error: " $5 }' "$TSV"; }
# has_exact LINE: the serial log has LINE, whole.
has_exact() { grep -qxF -- "$1" "$SERIAL"; }
no_kernel_output() { ! grep -q '^kernel:' "$SERIAL"; }
sha() { sha256sum "$1" | cut -d' ' -f1; }
# enrolled DIR LOADER: the digest enrolled in DIR's LOADER (what `make sign` printed).
enrolled() { sha "$SB/signed/boot.cfg"; }

sb_boot() {
    boot "secboot-$1" --arch x64 --secure-boot --cfg-as-is --esp "$SB/$1" --timeout "$TIMEOUT" \
        --until "$NO_OPTION"
}

# 1. Signed with a db key, boot.cfg enrolled, the kernel pinned: boots.
sb_boot signed
check "signed: the loader prints the Secure Boot state" \
    has_exact "loader: secure boot on, boot.cfg enrolled, 1 file pinned"
check "signed: the kernel runs and reports pass (run.sh status $BOOT_STATUS)" test "$BOOT_STATUS" -eq 0

# 2. The kernel changed after signing: its pin refuses it before it runs.
sb_boot kernel-changed
want=$(msg 25 | sed "s/<SHA-256 of kernel.elf>/$(sha "$SB/kernel-changed/kernel.elf")/")
check "kernel-changed: refused: $want" has_exact "$want"
check "kernel-changed: no kernel output" no_kernel_output

# 3. boot.cfg changed after signing: refused, both digests named.
sb_boot cfg-changed
want=$(msg 88 | sed -e "s/<SHA-256 of boot.cfg>/$(sha "$SB/cfg-changed/boot.cfg")/" \
    -e "s/<loader file name>/BOOTX64.EFI/" -e "s/<SHA-256 enrolled by make sign>/$(enrolled)/")
check "cfg-changed: refused: $want" has_exact "$want"
check "cfg-changed: no kernel output" no_kernel_output

# 4. The kernel without a pin: refused under Secure Boot ...
sb_boot unpinned
want=$(msg 91)
check "unpinned: refused under Secure Boot: $want" has_exact "$want"
check "unpinned: no kernel output" no_kernel_output
# ... and boots with Secure Boot off (OVMF_CODE_4M.fd, no platform key: setup mode).
boot secboot-unpinned-sb-off --arch x64 --cfg-as-is --esp "$SB/unpinned" --timeout $TIMEOUT
check "unpinned, Secure Boot off: state line" \
    has_exact "loader: secure boot off (setup mode), boot.cfg enrolled, 0 files pinned"
check "unpinned, Secure Boot off: boots (run.sh status $BOOT_STATUS)" test "$BOOT_STATUS" -eq 0

# 5. Signed, but boot.cfg not enrolled: refused under Secure Boot.
sb_boot unenrolled
want=$(msg 90 | sed "s/<loader file name>/BOOTX64.EFI/")
check "unenrolled: refused: $want" has_exact "$want"

# 6. Unsigned, and 7. signed with a key not in db: the firmware refuses the image; our
# loader never prints a line.
for c in unsigned other-key; do
    sb_boot $c
    fw=$(grep -m1 -E '^BdsDxe: failed to (load|start) Boot[0-9A-F]+ "UEFI QEMU HARDDISK' "$SERIAL")
    check "$c: the firmware refuses the loader: ${fw:-(no BdsDxe line)}" \
        bash -c "[[ '$fw' == *'Access Denied' || '$fw' == *'Security Violation' ]]"
    check "$c: the loader never ran" bash -c "! grep -q '^loader:' '$SERIAL'"
done

# ia32: OVMF ships no ia32 vars with keys, so Secure Boot stays off (setup mode); the
# enrolled digest is checked all the same.
boot secboot-ia32-signed --arch ia32 --cfg-as-is --esp "$SB/signed" --timeout $TIMEOUT
check "ia32 signed: state line" \
    has_exact "loader: secure boot off (setup mode), boot.cfg enrolled, 1 file pinned"
check "ia32 signed: boots (run.sh status $BOOT_STATUS)" test "$BOOT_STATUS" -eq 0
boot secboot-ia32-cfg-changed --arch ia32 --cfg-as-is --esp "$SB/cfg-changed" --timeout $TIMEOUT
want=$(msg 88 | sed -e "s/<SHA-256 of boot.cfg>/$(sha "$SB/cfg-changed/boot.cfg")/" \
    -e "s/<loader file name>/BOOTIA32.EFI/" -e "s/<SHA-256 enrolled by make sign>/$(enrolled)/")
check "ia32 cfg-changed: refused with Secure Boot off: $want" has_exact "$want"
check "ia32 cfg-changed: no kernel output" no_kernel_output
exit $status_all
