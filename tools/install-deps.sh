#!/bin/sh
# Installs the Debian packages vmm386 needs to build, run and test.
# Idempotent: does nothing when every tool is already there.
set -e
PKGS="make gcc nasm qemu-system-x86 grub-pc-bin grub-common xorriso mtools dosfstools \
bochs bochsbios vgabios bochs-term gcc-i686-linux-gnu binutils-i686-linux-gnu \
libcmocka-dev python3-pytest python3-pexpect gdb python3-pytest-xdist"
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "install-deps: installing$missing"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends $missing
