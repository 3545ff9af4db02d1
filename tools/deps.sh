#!/bin/sh
# deps.sh - installs the Debian packages the build and the tests need, if missing.
# Called by `make run` and `make test`; a no-op once everything is there.
set -e
PKGS="gcc make gcc-multilib nasm gnu-efi qemu-system-x86 ovmf ovmf-ia32 mtools dosfstools gdisk \
grub-common grub-efi-ia32-bin libcmocka-dev clang libclang-rt-14-dev valgrind python3 console-setup-linux"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
cmd="apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "deps.sh: missing Debian packages:$missing" >&2
    echo "deps.sh: run as root: apt-get update && $cmd" >&2
    exit 1
fi
echo "deps.sh: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$cmd
