#!/usr/bin/env bash
# make_seeds.sh - writes the seed corpora of fuzz_elf and fuzz_mb2_header: a tiny valid
# Multiboot2 ELF kernel (nasm + ld) and a few broken variants, plus raw header blobs.
# Run from anywhere; needs nasm and ld. Rerun to regenerate the committed seeds.
set -eu
cd "$(dirname "$0")"
elf=corpus/elf
mb=corpus/mb2_header
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$elf" "$mb"

# le32 N: N as 4 little-endian bytes, in printf escapes.
le32() { printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) \
    $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
# header ARCH LENGTH: a Multiboot2 header head with a valid checksum, in printf escapes.
header() { echo "$(le32 0xE85250D6)$(le32 "$1")$(le32 "$2")$(le32 $(((0 - 0xE85250D6 - $1 - $2) & 0xFFFFFFFF)))"; }
# patch FILE OFFSET BYTES...: overwrites bytes (given as printf escapes) at OFFSET.
patch() { printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none; }

# A kernel: Multiboot2 header (info request + framebuffer + end), code, data and bss.
cat >"$tmp/k.asm" <<'ASM'
bits 32
section .text
align 8
mb2:    dd 0xE85250D6, 0, mb2_end - mb2, -(0xE85250D6 + (mb2_end - mb2))
        dw 1, 0
        dd 16, 6, 8                       ; info request: mmap, framebuffer
        dw 5, 1
        dd 20, 0, 0, 32                   ; framebuffer, optional
        dd 0
        dw 0, 0
        dd 8                              ; end tag
mb2_end:
global _start
_start: mov esp, stack_top
        mov [boot_magic], eax
.hang:  hlt
        jmp .hang
section .data
boot_magic: dd 0
section .bss
resb 4096
stack_top:
ASM
nasm -f elf32 -o "$tmp/k.o" "$tmp/k.asm"
ld -m elf_i386 -n -e _start -Ttext=0x100000 -Tdata=0x200000 -Tbss=0x201000 --build-id=none \
    -s -o "$elf/valid_two_segments" "$tmp/k.o"
cp "$elf/valid_two_segments" "$mb/kernel_with_header"

v=$elf/valid_two_segments
cp "$v" "$elf/bad_machine";        patch "$elf/bad_machine" 18 '\x3e\x00'
cp "$v" "$elf/class64";            patch "$elf/class64" 4 '\x02'
cp "$v" "$elf/phoff_wraps";        patch "$elf/phoff_wraps" 28 "$(le32 0xFFFFFFF0)"
cp "$v" "$elf/entry_outside";      patch "$elf/entry_outside" 24 "$(le32 0x00300000)"
head -c 100 "$v" >"$elf/truncated"

printf "$(header 0 24)\\x00\\x00\\x00\\x00\\x08\\x00\\x00\\x00" >"$mb/minimal"
printf "$(header 4 24)\\x00\\x00\\x00\\x00\\x08\\x00\\x00\\x00" >"$mb/mips"
# info request (3 types), relocatable (optional), unknown optional tag 0x77, end
printf "$(header 0 88)\\x01\\x00\\x00\\x00$(le32 20)$(le32 6)$(le32 8)$(le32 14)\\x00\\x00\\x00\\x00\
\\x0a\\x00\\x01\\x00$(le32 24)$(le32 0x100000)$(le32 0x1000000)$(le32 4096)$(le32 1)\
\\x77\\x00\\x01\\x00$(le32 12)$(le32 0)\\x00\\x00\\x00\\x00\
\\x00\\x00\\x00\\x00\\x08\\x00\\x00\\x00" >"$mb/tags"
echo "seeds: $(ls "$elf" | wc -l) elf, $(ls "$mb" | wc -l) mb2_header"
