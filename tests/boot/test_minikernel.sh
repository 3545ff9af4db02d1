#!/usr/bin/env bash
# test_minikernel.sh - our loader boots a second, unrelated Multiboot2 kernel (examples/
# minikernel, linked at 4 MiB) with a module and a command line, and the kernel finds both.
# The same kernel under GRUB is the reference; a wrong module must make it report failure.
source "$(dirname "$0")/lib.sh"

ESP=$ROOT/build/examples/esp
HELLO=$ROOT/examples/minikernel/hello.txt
hello_size=$(stat -c %s "$HELLO")
hello_first=$(head -n1 "$HELLO")

need "the minikernel example and its ESP (make examples)" "$ESP/minikernel.elf" \
    "$ESP/EFI/BOOT/BOOTIA32.EFI" "$ESP/hello.txt" "$ESP/boot.cfg"
ok "minikernel example and its ESP build"
img_start=$(nm "$ESP/minikernel.elf" | awk '$3 == "_image_start" { print $1 }')
img_end=$(nm "$ESP/minikernel.elf" | awk '$3 == "_image_end" { print $1 }')
check "minikernel is linked at 4 MiB, away from our kernel's 1 MiB (_image_start=0x$img_start)" \
    test "$img_start" = 00400000

# expect_report NAME CMDLINE: checks the lines every successful boot prints.
expect_report() {
    local name=$1 cmdline=$2
    local magic mod start end mmap
    check "$name: reports pass through isa-debug-exit (run.sh status $BOOT_STATUS)" \
        test "$BOOT_STATUS" -eq 0
    magic=$(line 'minikernel: magic ')
    check "$name: EAX magic checked, boot information walked to its end tag" \
        grep -qE '^minikernel: magic ok mbi=0x[0-9a-f]+ tags=[1-9][0-9]*$' <<<"$magic"
    check "$name: command line is \"$cmdline\"" has_line "^minikernel: cmdline=\"$cmdline\"\$"
    mod=$(line 'minikernel: module "hello-module" ')
    check "$name: module tag names hello-module and its first line is \"$hello_first\"" \
        grep -qE "^minikernel: module \"hello-module\" start=0x[0-9a-f]+ end=0x[0-9a-f]+ first_line=\"$hello_first\"\$" <<<"$mod"
    start=$(field "$mod" start)
    end=$(field "$mod" end)
    check "$name: module spans exactly hello.txt's $hello_size bytes ($start..$end)" \
        test $((${end:-0} - ${start:-0})) -eq "$hello_size"
    check "$name: module is page aligned as the header's alignment tag asks ($start)" \
        test $((${start:-1} % 4096)) -eq 0
    check "$name: module lies outside the kernel image [0x$img_start, 0x$img_end)" \
        test $((${end:-0} <= 0x$img_start || ${start:-0} >= 0x$img_end)) -eq 1
    mmap=$(line 'minikernel: mmap ')
    check "$name: memory map has entries and 64..256 MiB available of -m 256M ($mmap)" \
        awk -v e="$(field "$mmap" entries)" -v a="$(field "$mmap" available_kib)" \
        'BEGIN { exit !(e > 0 && a >= 65536 && a <= 262144) }'
    check "$name: no error lines" bash -c "! grep -q '^minikernel: error' '$SERIAL'"
    check "$name: verdict line says pass" has_line '^minikernel: result pass$'
}

# 1. Our loader, boot.cfg from examples/minikernel (run.sh --test appends " test").
boot minikernel --esp "$ESP"
check "our loader: loader progress lines on serial" has_line '^loader: '
check "our loader: loader names \\minikernel.elf" has_line '^loader: .*minikernel\.elf'
check "our loader: BOOTIA32 gives the EFI 32-bit system table tag (11)" \
    has_line '^minikernel: efi_systab tag=11 pointer=0x[0-9a-f]+$'
expect_report "our loader" "from-bootcfg test"

# 2. The same ELF under GRUB (multiboot2 + module2): shows the minikernel itself is right.
# build/grub/minikernel/esp (mk/test-kernels.mk): grub-mkimage, its early config
# loading the minikernel with "from-grub test" and hello.txt as module "hello-module".
work=$(mktemp -d "${TMPDIR:-/tmp}/minikernel.XXXXXX")
trap 'rm -rf "$work"' EXIT
GRUB_ESP=$ROOT/build/grub/minikernel/esp
if [ -s "$GRUB_ESP/EFI/BOOT/BOOTIA32.EFI" ]; then
    boot minikernel-grub --esp "$GRUB_ESP"
    expect_report "GRUB" "from-grub test"
else
    not_ok "GRUB: the grub-mkimage i386-efi image is built (make test-kernels)"
fi

# 3. Our loader with a module whose content is not the expected text: the kernel must fail.
cp -r "$ESP" "$work/bad-esp"
printf 'goodbye from a module\n' >"$work/bad-esp/hello.txt"
boot minikernel-badmodule --esp "$work/bad-esp"
check "wrong module: kernel reports failure (run.sh status $BOOT_STATUS, want 1)" \
    test "$BOOT_STATUS" -eq 1
check "wrong module: its first line is printed as read" \
    has_line '^minikernel: module "hello-module" start=0x[0-9a-f]+ end=0x[0-9a-f]+ first_line="goodbye from a module"$'
check "wrong module: one error line names the expected content" \
    has_line '^minikernel: error: no page-aligned module whose first line is "hello from a module"$'
check "wrong module: verdict line says fail" has_line '^minikernel: result fail$'

# 4. The copy jobs after ExitBootServices on ia32 (handoff_ia32.asm): the minikernel
# relinked at 0xe400000, inside 4 MiB of boot-services data (0xe33a000-0xe73a000 in
# Debian's ia32 OVMF at -m 256M), so the loader must stage both segments and the
# handoff copy them into place. Not 16 MiB as on x64: this firmware supports S3 and
# keeps its DXE volume at 9-21 MiB as ACPI NVS, which the loader rightly refuses.
# Should a firmware update free that range, the "staged segments" check fails loudly.
# This case found the EFI_LOADED_IMAGE.ImageSize misread (loader/efi/file.h).
STAGED=$ROOT/build/test-kernels/minikernel-at-0xe400000/esp
if [ -s "$STAGED/minikernel.elf" ]; then
    boot minikernel-staged --esp "$STAGED"
    expect_staged_boot "ia32 staged at 0xe400000"
else
    not_ok "ia32 staged at 0xe400000: the minikernel relinked there is built (make test-kernels)"
fi
exit $status_all
