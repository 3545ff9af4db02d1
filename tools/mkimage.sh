#!/bin/sh
# mkimage.sh - writes a GPT disk image with one FAT32 EFI System Partition holding an ESP folder.
#
#   tools/mkimage.sh ESPDIR OUT [CMDLINE]
#
# ESPDIR is copied whole (EFI/BOOT/*.EFI, kernel.elf, boot.cfg, modules), except the
# firmware's NvVars. CMDLINE, if given, is appended to the kernel command line in
# the image's boot.cfg (created if ESPDIR has none); the tests use it, ESPDIR is
# never changed. Needs no root: the partition table, the file system and the files
# are all written into the image file (sgdisk, mkfs.fat --offset, mtools).
set -eu

# The disk: big enough for FAT32 with 512-byte clusters to stay above FAT32's
# 65525-cluster minimum (below it a FAT is FAT16 whatever its BPB says), small
# enough to write to any stick in a second.
IMAGE_MIB=64
SECTOR=512
# The ESP starts at 1 MiB (LBA 2048), the alignment every partitioning tool uses;
# mtools reaches the file system there with the image@@OFFSET syntax.
ESP_FIRST_LBA=2048
ESP_TYPE=EF00 # sgdisk's code for the EFI System Partition GUID C12A7328-F81F-11D2-BA4B-00A0C93EC93B
ESP_LABEL=BOOTSTICK

usage() { echo "usage: tools/mkimage.sh ESPDIR OUT [CMDLINE]" >&2; exit 2; }
if [ $# -lt 2 ] || [ $# -gt 3 ]; then usage; fi
espdir=$1
out=$2
cmdline=${3:-}

for tool in sgdisk mkfs.fat mcopy; do
    command -v "$tool" >/dev/null 2>&1 || PATH=$PATH:/usr/sbin:/sbin
    command -v "$tool" >/dev/null 2>&1 ||
        { echo "mkimage.sh: $tool missing (Debian packages gdisk dosfstools mtools; run: make deps)" >&2; exit 1; }
done
[ -d "$espdir/EFI/BOOT" ] || { echo "mkimage.sh: $espdir/EFI/BOOT: no such folder (run: make)" >&2; exit 1; }
ls "$espdir"/EFI/BOOT/*.EFI >/dev/null 2>&1 ||
    { echo "mkimage.sh: $espdir/EFI/BOOT: no *.EFI loader (run: make)" >&2; exit 1; }

# Built beside OUT and renamed at the end, so a failed run never leaves a half image.
tmp=$out.tmp
stage=$(mktemp -d "${TMPDIR:-/tmp}/mkimage.XXXXXX")
trap 'rm -rf "$tmp" "$stage"' EXIT
mkdir -p "$(dirname "$out")"
rm -f "$tmp"

# 1. A zero disk and a fresh GPT (protective MBR, primary and backup tables) with one
#    partition from LBA 2048 to the last 1 MiB boundary before the backup table (33
#    sectors at the disk's end), so both ends are aligned as sgdisk -v wants.
truncate -s "${IMAGE_MIB}M" "$tmp"
align=$ESP_FIRST_LBA
last_usable=$((IMAGE_MIB * 1024 * 1024 / SECTOR - 34))
esp_end=$(((last_usable + 1) / align * align - 1))
sgdisk --clear --new=1:$ESP_FIRST_LBA:$esp_end --typecode=1:$ESP_TYPE \
    --change-name=1:"EFI System" "$tmp" >/dev/null
last_lba=$(sgdisk --info=1 "$tmp" | sed -n 's/^Last sector: \([0-9]*\).*/\1/p')
[ -n "$last_lba" ] || { echo "mkimage.sh: sgdisk reported no partition 1 in $tmp" >&2; exit 1; }
esp_sectors=$((last_lba - ESP_FIRST_LBA + 1))

# 2. FAT32 inside the partition. mkfs.fat counts size in 1 KiB blocks; the hidden-
#    sectors field records where the partition starts, as a partitioning tool would.
#    It warns that the block count differs from the file's size past the offset (the
#    backup GPT lives there): expected, so its output is shown only on failure.
mkfs_log=$(mkfs.fat -F 32 -S $SECTOR -s 1 -n "$ESP_LABEL" --offset=$ESP_FIRST_LBA \
    -h $ESP_FIRST_LBA "$tmp" $((esp_sectors * SECTOR / 1024)) 2>&1) ||
    { echo "$mkfs_log" >&2; echo "mkimage.sh: mkfs.fat failed on $tmp" >&2; exit 1; }

# 3. The files. A staged copy of the ESP (minus firmware state) with boot.cfg edited
#    for CMDLINE, copied in by mtools; MTOOLS_SKIP_CHECK: the image has no CHS geometry.
cp -R "$espdir/." "$stage/"
rm -f "$stage/NvVars"
if [ -n "$cmdline" ]; then
    cfg=$stage/boot.cfg
    if [ -f "$cfg" ] && grep -qE '^[[:space:]]*cmdline[[:space:]]*=' "$cfg"; then
        # Append to the existing value (or fill an empty one); '|' cannot be in CMDLINE.
        case $cmdline in *'|'*) echo "mkimage.sh: CMDLINE may not contain '|'" >&2; exit 1 ;; esac
        sed -i -E "s|^([[:space:]]*cmdline[[:space:]]*=.*[^[:space:]])[[:space:]]*\$|\\1 $cmdline|; s|^([[:space:]]*cmdline[[:space:]]*=)[[:space:]]*\$|\\1 $cmdline|" "$cfg"
    else
        # A last line without its newline would swallow the added one.
        [ -s "$cfg" ] && [ -n "$(tail -c 1 "$cfg")" ] && echo >>"$cfg"
        printf 'cmdline = %s\n' "$cmdline" >>"$cfg"
    fi
fi
export MTOOLS_SKIP_CHECK=1
fat="$tmp@@$((ESP_FIRST_LBA * SECTOR))"
mcopy -s -Q -m -i "$fat" "$stage"/* ::/

mv "$tmp" "$out"
echo "mkimage.sh: $out: GPT, ESP at LBA $ESP_FIRST_LBA, $(((esp_sectors + 1024) / 2048)) MiB FAT32, from $espdir${cmdline:+ (cmdline +\"$cmdline\")}"
