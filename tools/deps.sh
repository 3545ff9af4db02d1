#!/bin/sh
# deps.sh - installs the Debian packages the build and the tests need, if missing.
# Called by `make run` and `make test`; a no-op once everything is there.
set -e
PKGS="gcc make sbsigntool openssl gcc-multilib nasm gnu-efi qemu-system-x86 ovmf ovmf-ia32 mtools dosfstools gdisk \
grub-common grub-efi-ia32-bin grub-efi-amd64-bin libcmocka-dev clang libclang-rt-14-dev valgrind python3 console-setup-linux"
# A desktop gets QEMU's window (GTK/SDL display, packaged apart from qemu-system-x86);
# without a display `make run` has no window to open, so the package is not needed.
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    PKGS="$PKGS qemu-system-gui"
fi
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    # Not root: sudo if it works without a password prompt (a make run must not hang
    # on one), else say exactly what to run.
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        sudo="sudo -n"
    else
        echo "deps.sh: missing Debian packages:$missing" >&2
        echo "deps.sh: run as root: apt-get update && $cmd" >&2
        exit 1
    fi
fi
echo "deps.sh: installing$missing"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive $cmd
