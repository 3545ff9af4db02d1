#!/usr/bin/env bash
# test_usb.sh - `make image` writes a GPT disk with a FAT32 ESP holding esp/, and that
# image boots as a USB stick (run.sh --usb) under ia32 and x64 firmware to passing self-tests.
source "$(dirname "$0")/lib.sh"
export MTOOLS_SKIP_CHECK=1 # image files have no CHS geometry for mtools to check
PATH=$PATH:/usr/sbin:/sbin # sgdisk, fsck.fat

IMG=$ROOT/build/esp.img
FAT="$IMG@@1M"
ESP_FIRST_LBA=2048
FAT32_MIN_CLUSTERS=65525 # fewer clusters and every FAT driver reads the volume as FAT16

quiet() { "$@" >/dev/null 2>&1; }

# --- the image ---------------------------------------------------------------------
# The image under test is the one make image writes now, never a stale one.
rm -f "$IMG"
if ! make -s -C "$ROOT" image >"$LOGDIR/usb-make-image.log" 2>&1; then
    not_ok "make image writes build/esp.img (see $LOGDIR/usb-make-image.log)"
    exit 1
fi
ok "make image writes build/esp.img"
table=$(sgdisk -p "$IMG" 2>&1)
check "image: GPT has exactly one partition" \
    test "$(grep -cE '^ +[0-9]+ +[0-9]+ +[0-9]+ ' <<<"$table")" -eq 1
check "image: partition 1 starts at LBA $ESP_FIRST_LBA (1 MiB) with type EF00 (EFI System)" \
    grep -qE "^ +1 +$ESP_FIRST_LBA +[0-9]+ .* EF00 " <<<"$table"
check "image: sgdisk -v finds no GPT problems" \
    grep -q 'No problems found' <<<"$(sgdisk -v "$IMG" 2>&1)"

# The partition alone, to let fsck.fat check it and count its clusters.
last=$(sed -nE 's/^ +1 +[0-9]+ +([0-9]+) .*/\1/p' <<<"$table")
part=$LOGDIR/usb-esp-partition.img
dd if="$IMG" of="$part" bs=512 skip=$ESP_FIRST_LBA count=$((${last:-0} - ESP_FIRST_LBA + 1)) status=none
fsck=$(fsck.fat -n "$part" 2>&1)
fsck_status=$?
check "image: fsck.fat finds the ESP's file system clean (status $fsck_status)" \
    test $fsck_status -eq 0
clusters=$(sed -nE 's|.* [0-9]+/([0-9]+) clusters$|\1|p' <<<"$fsck")
check "image: the ESP is FAT32 ($clusters clusters >= $FAT32_MIN_CLUSTERS)" \
    test "${clusters:-0}" -ge $FAT32_MIN_CLUSTERS
rm -f "$part"

# Every file of esp/ is in the image, byte for byte.
missing=""
for f in $(cd "$ROOT/esp" && find . -type f ! -name NvVars | sed 's|^\./||' | sort); do
    mtype -i "$FAT" "::/$f" 2>/dev/null | cmp -s - "$ROOT/esp/$f" || missing="$missing $f"
done
check "image: holds every file of esp/ unchanged${missing:+ (differ or missing:$missing)}" \
    test -z "$missing"
check "image: holds EFI/BOOT/BOOTIA32.EFI and kernel.elf" \
    quiet mdir -b -i "$FAT" ::/EFI/BOOT/BOOTIA32.EFI ::/kernel.elf

# --- booting it as a USB stick ---------------------------------------------------------
# usb_boot ARCH NAME LOADER [run.sh options]: boots the stick, checks the boot came from
# USB (OVMF names the boot option's device path) and reached passing self-tests.
usb_boot() {
    local arch=$1 name=$2 loader=$3
    shift 3
    boot "$name" --arch "$arch" --usb "$@"
    check "$arch usb: kernel reports pass through isa-debug-exit (run.sh status $BOOT_STATUS)" \
        test "$BOOT_STATUS" -eq 0
    check "$arch usb: firmware started the boot option on the USB stick" \
        has_line '^BdsDxe: starting Boot[0-9A-F]+ ".*USB.*" from .*/USB\('
    check "$arch usb: loader progress lines on serial" has_line "^loader: $loader starting"
    check "$arch usb: boot: line names $loader and the test cmdline" \
        grep -qE "^boot: loader=\"${loader}[^\"]*\" cmdline=\"([^\"]* )?test\"" <<<"$(line 'boot: ')"
    check "$arch usb: self-tests all passed" has_line '^selftest: [1-9][0-9]* passed, 0 failed$'
}

before=$(sha256sum <"$IMG")
usb_boot ia32 usb-ia32 BOOTIA32

if [ -f "$ROOT/esp/EFI/BOOT/BOOTX64.EFI" ]; then
    check "image: holds EFI/BOOT/BOOTX64.EFI (one stick for both firmwares)" \
        quiet mdir -b -i "$FAT" ::/EFI/BOOT/BOOTX64.EFI
    usb_boot x64 usb-x64 BOOTX64
else
    not_ok "x64 usb: BOOTX64.EFI missing"
fi
check "usb: booting a copy leaves build/esp.img unchanged" test "$(sha256sum <"$IMG")" = "$before"

# --- command lines: the image's own (mkimage CMDLINE), then run.sh's, then " test" --------
cfgimg=$LOGDIR/usb-cmdline.img
check "mkimage.sh CMDLINE writes boot.cfg into the image" \
    quiet sh "$ROOT/tools/mkimage.sh" "$ROOT/esp" "$cfgimg" "imagemark=1"
boot usb-cmdline --usb --image "$cfgimg" --cmdline "runmark=2"
check "ia32 usb --image: kernel reports pass (run.sh status $BOOT_STATUS)" test "$BOOT_STATUS" -eq 0
check "ia32 usb: cmdline is the image's, then --cmdline, then test (run.sh status $BOOT_STATUS)" \
    grep -qE '^boot: loader="BOOTIA32[^"]*" cmdline="([^"]* )?imagemark=1 runmark=2 test"' <<<"$(line 'boot: ')"
rm -f "$cfgimg"
exit $status_all
