#!/bin/sh
# mkimage.sh <bootsect.bin> <guest.bin> <out.img> [extra files...]
#
# Builds a 1.44 MB FAT12 floppy image: mkfs.fat writes the file system and its
# BPB, our boot sector's code (bytes 0..2 = jump and 3Eh..1FFh) is copied over
# it, the guest program becomes GUEST.BIN (the first file, so the boot sector
# finds it in the root directory) and each extra file is copied under its base
# name in upper case, or under NAME when given as path=NAME.
#
# MKIMAGE_FRAGMENT=1 makes GUEST.BIN fragmented (a 3 KB hole before a filler
# file, then the rest), to test that the boot sector follows the FAT chain.
set -eu
export MTOOLS_SKIP_CHECK=1

if [ $# -lt 3 ]; then
    echo "usage: $0 <bootsect.bin> <guest.bin> <out.img> [extra files...]" >&2
    exit 2
fi
bs=$1 guest=$2 out=$3
shift 3

size=$(stat -c %s "$bs")
if [ "$size" -ne 512 ]; then
    echo "mkimage: $bs is $size bytes, not 512" >&2
    exit 1
fi
sig=$(od -An -tx1 -j510 -N2 "$bs" | tr -d ' \n')
if [ "$sig" != "55aa" ]; then
    echo "mkimage: $bs has no 55AA boot signature" >&2
    exit 1
fi

tmp="$out.tmp.$$"
trap 'rm -f "$tmp" "$tmp.fill1" "$tmp.fill2"' EXIT
rm -f "$tmp"
mkfs.fat -C -F 12 -M 0xF0 -D 0x00 -n VMM386GUEST -i 12345678 --invariant "$tmp" 1440 >/dev/null
# keep mkfs.fat's BPB (bytes 3..3Dh): copy only the jump and the code
dd if="$bs" of="$tmp" bs=1 count=3 conv=notrunc status=none
dd if="$bs" of="$tmp" bs=1 skip=62 seek=62 count=450 conv=notrunc status=none

if [ "${MKIMAGE_FRAGMENT:-0}" = 1 ]; then
    head -c 3072 /dev/zero >"$tmp.fill1"
    head -c 1024 /dev/zero >"$tmp.fill2"
    mcopy -i "$tmp" "$tmp.fill1" ::FILL1.BIN
    mcopy -i "$tmp" "$tmp.fill2" ::FILL2.BIN
    mdel -i "$tmp" ::FILL1.BIN
    rm -f "$tmp.fill1" "$tmp.fill2"
fi
mcopy -i "$tmp" "$guest" ::GUEST.BIN

for f in "$@"; do
    case $f in
        *=*) src=${f%%=*} name=${f#*=} ;;
        *)   src=$f name=$(basename "$f" | tr 'a-z' 'A-Z') ;;
    esac
    mcopy -i "$tmp" "$src" "::$name"
done
mv "$tmp" "$out"
trap - EXIT
