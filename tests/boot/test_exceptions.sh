#!/usr/bin/env bash
# test_exceptions.sh - deliberate exceptions (cmdline crash=KIND, kernel/crash_test.c) print the
# full report on COM1 and end the test run with QEMU's fail code. Booted through GRUB so the
# kernel's exception path is tested whatever state our loader is in. The cases and what
# each must show are the rows of tests/boot/exceptions.tsv.
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

# The backtrace's callers (frames #1 on, #0 being the faulting eip) as the kernel named
# them, without an asm label's local part (_start.halt is _start), then how the chain
# ended: "NAME NAME ... (end of chain)".
backtrace_names() {
    local end
    end=$(sed -n -E 's/^exception: backtrace (\([a-z ]+\)):$/\1/p' "$SERIAL")
    [ -n "$end" ] || return 1
    echo "$(sed -n -E 's/^exception:   #([1-9][0-9]*) 0x[0-9a-f]{8} ([^+ .]+)[^ ]*$/\2/p' "$SERIAL" |
        paste -sd' ') $end"
}

# Every frame line's NAME+0xOFF is its address by the image's own symbols (nm), and
# addr2line names the same function: the kernel's table agrees with the ELF file.
frames_named_right() {
    local n=0 at name off sym
    while read -r at name off; do
        sym=$(nm "$KERNEL_ELF" | awk -v s="$name" '$3 == s { print "0x" $1; exit }')
        [ -n "$sym" ] && [ $((sym + off)) -eq $((at)) ] || { echo "frame $at: $name+$off" >&2; return 1; }
        [ "$(addr2line -f -e "$KERNEL_ELF" "$at" | head -1 | sed 's/\..*//')" = "${name%%.*}" ] ||
            { echo "frame $at: addr2line disagrees with $name" >&2; return 1; }
        n=$((n + 1))
    done < <(sed -n -E 's/^exception:   #[0-9]+ (0x[0-9a-f]{8}) ([^+ ]+)\+(0x[0-9a-f]+)$/\1 \2 \3/p' "$SERIAL")
    [ $n -gt 0 ]
}

# One row of tests/boot/exceptions.tsv, one check (a report row: six); each new kind
# boots first, and a kind whose image is missing skips its rows after one "not ok".
kind_now= booted=0
while IFS=$'\t' read -r kind what_check arg what <&3; do
    [[ $kind == \#* || $kind == kind || -z $kind ]] && continue
    if [ "$kind" != "$kind_now" ]; then
        kind_now=$kind booted=0
        crash_boot "$kind" && booted=1
    fi
    [ $booted = 1 ] || continue
    case $what_check in
    report) expect_report "$kind" "${arg%% *}" "${arg#* }" ;;
    eip-in) check "crash=$kind: $what" eip_in "$arg" ;;
    backtrace)
        got=$(backtrace_names)
        check "crash=$kind: $what (got: ${got:-no backtrace})" test "$got" = "$arg"
        check "crash=$kind: each frame's name+offset is its address by the kernel's ELF symbols" \
            frames_named_right ;;
    match) check "crash=$kind: $what" has_line "$arg" ;;
    status) check "crash=$kind: $what (run.sh status $BOOT_STATUS, want $arg)" test "$BOOT_STATUS" -eq "$arg" ;;
    cr2-at)
        addr=$(nm "$KERNEL_ELF" | awk -v s="${arg%% *}" '$3 == s { print $1 }')
        check "crash=$kind: $what (0x$addr)" \
            has_line "^exception: cr2=0x${addr:-none} ${arg#* }\$" ;;
    *) not_ok "crash=$kind: exceptions.tsv: unknown check \"$what_check\"" ;;
    esac
done 3<"$ROOT/tests/boot/exceptions.tsv"
exit $status_all
