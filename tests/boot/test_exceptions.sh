#!/usr/bin/env bash
# test_exceptions.sh - deliberate exceptions (cmdline crash=KIND, kernel/crash_test.c) print the
# full report on COM1 and end the test run with QEMU's fail code. Booted through GRUB so the
# kernel's exception path is tested whatever state our loader is in.
source "$(dirname "$0")/lib.sh"

# build/grub/crash-KIND/esp (mk/test-kernels.mk): GRUB booting a copy of esp/kernel.elf
# with the command line "test crash=KIND"; symbols are looked up in that copy.
esp_of() { echo "$ROOT/build/grub/crash-$1/esp"; }

HEX='0x[0-9a-f]{8}'

# crash_boot KIND: boots with "test crash=KIND"; false if the GRUB image is not built.
crash_boot() {
    KERNEL_ELF=$(esp_of "$1")/kernel.elf
    if [ ! -s "$(esp_of "$1")/EFI/BOOT/BOOTIA32.EFI" ] || [ ! -s "$KERNEL_ELF" ]; then
        not_ok "crash=$1: the GRUB image is built (make test-kernels)"
        return 1
    fi
    boot "crash-$1" --esp "$(esp_of "$1")" --timeout 90
}

# expect_report KIND VECTOR NAME: the lines every exception report has.
expect_report() {
    local kind=$1 vector=$2 name=$3
    check "crash=$kind: QEMU exits with the fail code (run.sh status $BOOT_STATUS, want 1)" \
        test "$BOOT_STATUS" -eq 1
    check "crash=$kind: report names vector $vector \"$name\" with its error code" \
        has_line "^exception: vector=$vector name=\"$name\" error=$HEX\$"
    check "crash=$kind: report gives eip, cs=0x0008 and eflags" \
        has_line "^exception: eip=$HEX cs=0x0008 eflags=$HEX\$"
    check "crash=$kind: report gives eax ebx ecx edx" \
        has_line "^exception: eax=$HEX ebx=$HEX ecx=$HEX edx=$HEX\$"
    check "crash=$kind: report gives esi edi ebp esp" \
        has_line "^exception: esi=$HEX edi=$HEX ebp=$HEX esp=$HEX\$"
    check "crash=$kind: the run ends with kernel: fail, never kernel: ready" \
        bash -c "grep -q '^kernel: fail reason=exception\$' '$SERIAL' && ! grep -q '^kernel: ready' '$SERIAL'"
}

# The faulting EIP must lie inside the function that provoked it.
eip_in() {
    local fn=$1 eip start size
    eip=$(field "$(line 'exception: eip=')" eip)
    read -r start size < <(nm -S "$KERNEL_ELF" | awk -v f="$fn" '$4 == f { print "0x" $1, "0x" $2 }')
    [ -n "$eip" ] && [ -n "$start" ] && [ $((eip)) -ge $((start)) ] && [ $((eip)) -lt $((start + size)) ]
}

if crash_boot de; then
    expect_report de 0 "divide error"
    check "crash=de: eip points into fire_de" eip_in fire_de
    check "crash=de: eax=1 and ecx=0 at the divide (the registers are the faulting code's)" \
        has_line "^exception: eax=0x00000001 ebx=$HEX ecx=0x00000000 edx=0x00000000\$"
fi

if crash_boot ud; then
    expect_report ud 6 "invalid opcode"
    check "crash=ud: eip points into fire_ud" eip_in fire_ud
fi

if crash_boot pf; then
    expect_report pf 14 "page fault"
    guard=$(nm "$KERNEL_ELF" | awk '$3 == "stack_guard" { print $1 }')
    check "crash=pf: cr2 is the stack guard page 0x$guard, a write to a not-present page" \
        has_line "^exception: cr2=0x$guard present=0 write=1 user=0 reserved_bit=0 instruction_fetch=0\$"
fi

if crash_boot df; then
    expect_report df 8 "double fault"
    check "crash=df: double fault handled on its own task (registers from the boot TSS)" \
        has_line '^exception: cr2=0x[0-9a-f]{8} \(registers are the interrupted task'"'"'s, from the boot TSS\)$'
    check "crash=df: the interrupted eip points into fire_df" eip_in fire_df
fi

if crash_boot xx; then
    check "crash=xx: unknown kind is one error line" \
        has_line '^kernel: error: cmdline crash=xx: unknown kind \(expected de, ud, pf or df\)$'
    check "crash=xx: QEMU exits with the fail code (run.sh status $BOOT_STATUS, want 1)" \
        test "$BOOT_STATUS" -eq 1
fi
exit $status_all
