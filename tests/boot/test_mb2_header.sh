#!/usr/bin/env bash
# test_mb2_header.sh - esp/kernel.elf carries a Multiboot2 header GRUB accepts, in three segments.
source "$(dirname "$0")/lib.sh"

# KERNEL_ELF=path checks another kernel image.
ELF=${KERNEL_ELF:-$ROOT/esp/kernel.elf}
need "esp/kernel.elf (make esp)" "$ELF"
check "grub-file accepts esp/kernel.elf as multiboot2" grub-file --is-x86-multiboot2 "$ELF"

# The header lies in the first 32 KiB of the file (the Multiboot2 search window).
hdr_off=$(readelf -SW "$ELF" | sed -n -E 's/.*\] \.multiboot2 +PROGBITS +[0-9a-f]+ ([0-9a-f]+) .*/\1/p')
check "the .multiboot2 section starts within the first 32 KiB of the file (offset 0x${hdr_off:-none})" \
    test $((0x${hdr_off:-8000} + 48 <= 32768)) -eq 1

# Loadable segments: text RX, rodata R, data RW, each with p_paddr == p_vaddr at >= 1 MiB.
segs=$(readelf -lW "$ELF" | awk '$1 == "LOAD" { f = $7; for (i = 8; i < NF; i++) f = f $i; print $3, $4, f }')
check "exactly three PT_LOAD segments: RE, R, RW ($(awk '{ printf "%s ", $3 }' <<<"$segs"))" \
    test "$(awk '{ printf "%s ", $3 }' <<<"$segs")" = "RE R RW "
paddr_ok=1
while read -r vaddr paddr _; do
    [ "$vaddr" = "$paddr" ] && [ $((vaddr)) -ge $((0x100000)) ] || paddr_ok=0
done <<<"$segs"
check "every segment is loaded at its link address (p_paddr == p_vaddr), from 1 MiB" \
    test "$paddr_ok" -eq 1
exit $status_all
