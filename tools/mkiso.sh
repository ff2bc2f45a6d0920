#!/bin/sh
# mkiso.sh <elf> <out.iso> "<extra kernel command line>"
# Builds a GRUB (multiboot) rescue ISO that boots <elf> with `boot=fd0 <extra>`.
set -eu
if [ $# -lt 2 ]; then
    echo "usage: $0 <elf> <out.iso> [\"extra command line\"]" >&2
    exit 2
fi
elf=$1 out=$2 extra=${3:-}
mkdir -p build "$(dirname "$out")"
dir=$(mktemp -d build/iso.XXXXXX)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/boot/grub"
cp "$elf" "$dir/boot/vmm386.elf"
cat >"$dir/boot/grub/grub.cfg" <<CFG
set timeout=0
set default=0
menuentry "vmm386" {
    multiboot /boot/vmm386.elf boot=fd0 $extra
    boot
}
CFG
if ! grub-mkrescue -o "$out" "$dir" >"$dir.log" 2>&1; then
    cat "$dir.log" >&2
    rm -f "$dir.log"
    exit 1
fi
rm -f "$dir.log"
