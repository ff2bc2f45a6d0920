# `make bench`: the benchmark table (not part of `make test`).
# A kernel with the bench VxD linked in, the benchmark guest, two QEMU runs
# (TSC cycles, and guest instruction counts under -icount shift=0), the
# table on stdout and in build/bench.txt.
BENCH_B    := $(B)/bench
BENCH_ELF  := $(BENCH_B)/vmm386.elf
BENCH_IMG  := $(BENCH_B)/bench.img

.PHONY: bench bench-kernel
bench: deps bench-kernel $(BENCH_IMG)
	$(PYTHON) tools/bench.py --kernel $(BENCH_ELF) --image $(BENCH_IMG) --qemu $(QEMU) --out $(B)/bench.txt

bench-kernel:
	@$(MAKE) --no-print-directory B=$(BENCH_B) VXDS=tests/bench/benchvxd.c $(BENCH_ELF)

$(BENCH_B)/bench.bin: tests/bench/bench.asm $(wildcard tests/guest/*.inc)
	@mkdir -p $(dir $@)
	$(NASM) -f bin -Itests/guest/ -o $@ $<

$(BENCH_IMG): $(BENCH_B)/bench.bin $(B)/guest/bootsect.bin tools/mkimage.sh
	tools/mkimage.sh $(B)/guest/bootsect.bin $< $@
