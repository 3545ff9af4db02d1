#!/usr/bin/env bash
# run.sh - boots esp/ (or another ESP folder) under OVMF in QEMU: ia32 firmware by
# default, x64 firmware with --arch x64; as a virtual FAT folder, or with --usb as
# the GPT disk image build/esp.img on an emulated USB stick.
#
# Test mode (--test) is what the boot tests use: headless, isa-debug-exit on port
# 0xf4, a timeout, and an exit status that says what happened:
#   0   the kernel reported success   (it wrote 0x10 to port 0xf4: QEMU status 33)
#   1   the kernel reported failure   (it wrote 0x11: QEMU status 35)
#   2   timeout (nothing reported; e.g. the loader returned to the firmware)
#   3   QEMU stopped otherwise (triple fault with -no-reboot, crash, bad option)
set -u

usage() {
    cat <<'EOF'
usage: ./run.sh [options]
  --mem SIZE      guest RAM in QEMU syntax (default 256M)
  --headless      no window; serial on the terminal only
  --gdb           gdb stub on tcp::1234, CPU paused at start; in gdb:
                    file esp/kernel.elf; target remote :1234; break kmain; continue
  --log FILE      also write the serial output to FILE
  --serial-socket PATH
                  COM1 on the unix socket PATH instead of the terminal: QEMU waits
                  for one client, which reads COM1 and can type on it (keys for the
                  menu); --log FILE still gets everything COM1 writes. The client
                  must read until QEMU ends, or COM1 output stalls or is lost
  --esp DIR       boot another ESP folder (default esp/)
  --test          test mode: headless, isa-debug-exit, timeout, exit status
                  0 pass, 1 kernel fail, 2 timeout, 3 other (see the top of run.sh);
                  appends " test" to the kernel command line in a copy of the ESP
  --arch ARCH     ia32 (default: OVMF32, qemu-system-i386) or x64 (OVMF x64,
                  qemu-system-x86_64); both boot EFI/BOOT/BOOT<ARCH>.EFI
  --usb           boot build/esp.img (make image) as a USB stick (qemu-xhci)
  --image FILE    with --usb: boot FILE instead of build/esp.img
  --icount        deterministic guest clock: -icount shift=0,sleep=off (the
                  TSC follows the instruction count; used by make bench)
  --monitor PATH  QEMU monitor on the unix socket PATH (e.g. for screendump)
  --timeout SECS  test-mode timeout (default 120)
  --cmdline TEXT  add TEXT to the kernel command line (in a copy of the ESP)
  --cpu MODEL     QEMU -cpu MODEL (e.g. qemu32,-tsc: a CPU the kernel refuses)
  --vars FILE     keep the firmware's variables in FILE (made from the template when
                  missing), so that a later boot with the same FILE sees them
  --secure-boot   with --arch x64: OVMF built with Secure Boot, its vars with Debian's
                  snakeoil keys enrolled (PK, KEK, db): Secure Boot on
  --until REGEX   test mode with --log: end QEMU (status 2) once a log line matches
                  REGEX (e.g. the firmware's "no bootable option" after a refusal)
  --fallback      a second, read-only disk whose EFI/BOOT app (tests/boot/fallback_app.c,
                  make test-apps) the firmware boots next when the loader returns: it
                  prints "loader-returned-to-firmware" on COM1 and powers off (status 3)
  --cfg-as-is     test mode without editing boot.cfg (it must already say "test"):
                  for ESPs whose boot.cfg digest is enrolled in the loader (make sign)
  --help          this text
EOF
}

here=$(cd "$(dirname "$0")" && pwd)
mem=256M
headless=0
gdb=0
log=""
serial_socket=""
esp="$here/esp"
testmode=0
timeout_s=120
extra_cmdline=""
vars_file=""
arch=ia32
usb=0
image=""
icount=0
monitor=""
cpu=""
secure_boot=0
cfg_as_is=0
until_re=""
fallback=0

while [ $# -gt 0 ]; do
    case "$1" in
    --mem) mem=$2; shift 2 ;;
    --headless) headless=1; shift ;;
    --gdb) gdb=1; shift ;;
    --log) log=$2; shift 2 ;;
    --serial-socket) serial_socket=$2; shift 2 ;;
    --esp) esp=$2; shift 2 ;;
    --test) testmode=1; headless=1; shift ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --arch) arch=$2; shift 2 ;;
    --usb) usb=1; shift ;;
    --image) image=$2; shift 2 ;;
    --icount) icount=1; shift ;;
    --monitor) monitor=$2; shift 2 ;;
    --cmdline) extra_cmdline=$2; shift 2 ;;
    --cpu) cpu=$2; shift 2 ;;
    --vars) vars_file=$2; shift 2 ;;
    --secure-boot) secure_boot=1; shift ;;
    --cfg-as-is) cfg_as_is=1; shift ;;
    --until) until_re=$2; shift 2 ;;
    --fallback) fallback=1; shift ;;
    --help|-h) usage; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 3 ;;
    esac
done

case $arch in
ia32)
    # Debian ships only the Secure-Boot-capable ia32 build: it needs SMM and a
    # secure pflash, and SMM needs TCG here.
    code=/usr/share/OVMF/OVMF32_CODE_4M.secboot.fd
    vars_template=/usr/share/OVMF/OVMF32_VARS_4M.fd
    qemu=qemu-system-i386
    machine=(-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on)
    loader=BOOTIA32.EFI
    ;;
x64)
    code=/usr/share/OVMF/OVMF_CODE_4M.fd
    vars_template=/usr/share/OVMF/OVMF_VARS_4M.fd
    qemu=qemu-system-x86_64
    machine=(-machine q35)
    loader=BOOTX64.EFI
    ;;
*) echo "run.sh: --arch must be ia32 or x64, not '$arch'" >&2; exit 3 ;;
esac
if [ $secure_boot -eq 1 ]; then
    [ "$arch" = x64 ] || { echo "run.sh: --secure-boot needs --arch x64 (OVMF ships no ia32 vars with keys)" >&2; exit 3; }
    code=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd
    vars_template=/usr/share/OVMF/OVMF_VARS_4M.snakeoil.fd
    machine=(-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on)
fi
for f in "$code" "$vars_template"; do
    [ -r "$f" ] || { echo "run.sh: missing $f (Debian packages ovmf, ovmf-ia32; run: make deps)" >&2; exit 3; }
done
if [ $usb -eq 1 ]; then
    image=${image:-$here/build/esp.img}
    [ -f "$image" ] || { echo "run.sh: $image missing (run: make image)" >&2; exit 3; }
else
    [ -f "$esp/EFI/BOOT/$loader" ] || { echo "run.sh: $esp/EFI/BOOT/$loader missing (run: make)" >&2; exit 3; }
fi

fallback_dir=$here/build/test-apps/$arch/fallback
if [ $fallback -eq 1 ]; then
    [ $usb -eq 0 ] || { echo "run.sh: --fallback boots a folder ESP, not --usb" >&2; exit 3; }
    [ -f "$fallback_dir/EFI/BOOT/$loader" ] || { echo "run.sh: $fallback_dir/EFI/BOOT/$loader missing (run: make test-apps)" >&2; exit 3; }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/run-esp.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$vars_template" "$work/vars.fd"
if [ -n "$vars_file" ]; then
    [ -f "$vars_file" ] || cp "$vars_template" "$vars_file"
    rm -f "$work/vars.fd" && ln -s "$(cd "$(dirname "$vars_file")" && pwd)/$(basename "$vars_file")" "$work/vars.fd"
fi

# What test mode and --cmdline add to the kernel command line.
add="$extra_cmdline"
[ $testmode -eq 1 ] && add="$add test"
add=${add# }
[ $cfg_as_is -eq 1 ] && add=""

# add_cmdline CFG: appends $add to the cmdline line of the boot.cfg file CFG, or
# adds such a line (after completing a last line that lacks its newline).
add_cmdline() {
    local cfg=$1
    if [ -f "$cfg" ] && grep -qE '^[[:space:]]*cmdline[[:space:]]*=' "$cfg"; then
        sed -i -E "s|^([[:space:]]*cmdline[[:space:]]*=.*[^[:space:]])[[:space:]]*\$|\\1 $add|; s|^([[:space:]]*cmdline[[:space:]]*=)[[:space:]]*\$|\\1 $add|" "$cfg"
    else
        [ -s "$cfg" ] && [ -n "$(tail -c 1 "$cfg")" ] && echo >>"$cfg"
        printf 'cmdline = %s\n' "$add" >>"$cfg"
    fi
}

# The firmware writes to the FAT volume (NvVars); test mode and --cmdline boot a copy,
# so the user's esp/ is never modified.
boot_dir=$esp
if [ $usb -eq 0 ] && { [ -n "$add" ] || [ $cfg_as_is -eq 1 ]; }; then
    boot_dir="$work/esp"
    cp -r "$esp" "$boot_dir"
    [ -n "$add" ] && add_cmdline "$boot_dir/boot.cfg"
fi

args=(
    "${machine[@]}" -accel tcg
    -drive "if=pflash,format=raw,unit=0,readonly=on,file=$code"
    -drive "if=pflash,format=raw,unit=1,file=$work/vars.fd"
    -m "$mem" -net none -no-reboot
)
if [ $usb -eq 1 ]; then
    # A copy, so the firmware's writes never change the user's image. Test mode and
    # --cmdline edit boot.cfg inside the copy (mtools), as the folder branch does.
    cp "$image" "$work/stick.img"
    if [ -n "$add" ]; then
        # The FAT volume is GPT partition 1, or the whole file when there is no GPT.
        # GPT: header at LBA 1 ("EFI PART"), its entry array's LBA at header+72, the
        # first entry's starting LBA at entry+32; all little-endian u64, 512-byte LBAs.
        u64() { od -An -t u8 -j "$2" -N 8 "$1" | tr -d ' '; }
        fat_off=0
        if [ "$(head -c 520 "$work/stick.img" | tail -c 8 | tr -d '\0')" = "EFI PART" ]; then
            entries_lba=$(u64 "$work/stick.img" $((512 + 72)))
            fat_off=$(($(u64 "$work/stick.img" $((entries_lba * 512 + 32))) * 512))
        fi
        fat="$work/stick.img@@$fat_off"
        export MTOOLS_SKIP_CHECK=1 # image files have no CHS geometry to check
        cfg="$work/boot.cfg"
        mtype -i "$fat" ::/boot.cfg >"$cfg" 2>/dev/null || : >"$cfg"
        add_cmdline "$cfg"
        mcopy -o -i "$fat" "$cfg" ::/boot.cfg ||
            { echo "run.sh: cannot write boot.cfg into the FAT volume of $image (byte offset $fat_off)" >&2; exit 3; }
    fi
    args+=(-drive "if=none,id=stick,format=raw,file=$work/stick.img"
        -device qemu-xhci -device usb-storage,drive=stick)
elif [ $fallback -eq 1 ]; then
    # Boot order by bootindex: the ESP, then the fallback disk (virtio-blk, which
    # allows read-only; several runs share the folder).
    args+=(-drive "if=none,id=esp,format=raw,file=fat:rw:$boot_dir"
        -device ide-hd,drive=esp,bus=ide.0,bootindex=0
        -drive "if=none,id=fallback,format=raw,readonly=on,file=fat:$fallback_dir"
        -device virtio-blk-pci,drive=fallback,bootindex=1)
else
    args+=(-drive "format=raw,file=fat:rw:$boot_dir")
fi
[ $icount -eq 1 ] && args+=(-icount shift=0,sleep=off -rtc base=2026-01-01T00:00:00,clock=vm)
[ -n "$cpu" ] && args+=(-cpu "$cpu")
[ -n "$monitor" ] && args+=(-monitor "unix:$monitor,server,nowait")
if [ $headless -eq 1 ]; then
    args+=(-display none)
elif [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    # No desktop: QEMU would fall back to a VNC server; say so once, where to look.
    args+=(-display vnc=127.0.0.1:0)
    echo "run.sh: no DISPLAY or WAYLAND_DISPLAY: the screen is on VNC at 127.0.0.1:5900 (serial stays here)" >&2
elif ! "$qemu" -display help 2>/dev/null | grep -qE '^(gtk|sdl)$'; then
    args+=(-display vnc=127.0.0.1:0)
    echo "run.sh: this QEMU has no window display (install qemu-system-gui: make deps): the screen is on VNC at 127.0.0.1:5900" >&2
fi
if [ -n "$serial_socket" ]; then
    # wait=on: the guest starts only once the client is there, so it sees all of COM1.
    args+=(-chardev "socket,id=ser0,path=$serial_socket,server=on,wait=on${log:+,logfile=$log}"
        -serial chardev:ser0)
elif [ -n "$log" ]; then
    args+=(-chardev "stdio,id=ser0,logfile=$log,signal=on" -serial chardev:ser0)
else
    args+=(-serial stdio)
fi
[ $gdb -eq 1 ] && args+=(-s -S)

if [ $testmode -eq 0 ]; then
    exec "$qemu" "${args[@]}"
fi

args+=(-device isa-debug-exit,iobase=0xf4,iosize=0x04)
if [ -n "$until_re" ] && [ -n "$log" ]; then
    # Poll the log; on a match, stop QEMU as a timeout would.
    timeout -k 5 "$timeout_s" "$qemu" "${args[@]}" </dev/null &
    qpid=$!
    while kill -0 $qpid 2>/dev/null; do
        if tr -d '\r' <"$log" 2>/dev/null | grep -aqE "$until_re"; then
            kill $qpid 2>/dev/null
            wait $qpid
            echo "run.sh: stopped: the log matched --until '$until_re'" >&2
            exit 2
        fi
        sleep 1
    done
    wait $qpid
    status=$?
else
    timeout --foreground -k 5 "$timeout_s" "$qemu" "${args[@]}" </dev/null
    status=$?
fi
case $status in
33) exit 0 ;;
35) exit 1 ;;
124|137) echo "run.sh: timeout after ${timeout_s}s" >&2; exit 2 ;;
*) echo "run.sh: QEMU exited with status $status (no pass/fail from the kernel)" >&2; exit 3 ;;
esac
