# `make bench`: the benchmark table (not part of `make test`).
# A kernel with the bench VxD linked in, the benchmark guest, two QEMU runs
# (TSC cycles, and guest instruction counts under -icount shift=0), the
# table on stdout and in build/bench.txt; then the real-DOS rows.
BENCH_B    := $(B)/bench
BENCH_ELF  := $(BENCH_B)/vmm386.elf
BENCH_IMG  := $(BENCH_B)/bench.img
# the other VMs of the several-VM rows: a ping-pong partner, idle VMs
BENCH_PARTNER_IMG := $(BENCH_B)/bench_partner.img
BENCH_IDLE_IMG    := $(BENCH_B)/bench_idle.img

.PHONY: bench bench-kernel
DOSBENCH_COM := $(BENCH_B)/DOSBENCH.COM

bench: deps bench-kernel $(BENCH_IMG) $(BENCH_PARTNER_IMG) $(BENCH_IDLE_IMG) $(ELF) $(DOSBENCH_COM) $(B)/dos/XMS.SYS
	$(PYTHON) tools/bench.py --kernel $(BENCH_ELF) --image $(BENCH_IMG) --partner $(BENCH_PARTNER_IMG) \
	    --idle $(BENCH_IDLE_IMG) --qemu $(QEMU) --out $(B)/bench.txt
	$(PYTHON) tools/dosbench.py --com $(DOSBENCH_COM) --xms $(B)/dos/XMS.SYS --kernel $(ELF) --qemu $(QEMU) --bochs $(BOCHS) --build $(B) --out $(B)/bench.txt

# issue 10's real-DOS rows: our DOS program, run under FreeDOS with our XMS
# driver (tools/dosbench.py; XMS.SYS's rule is in tests/tests.mk)
$(DOSBENCH_COM): tests/bench/dosbench.asm tests/guest/dos/e9out.inc
	@mkdir -p $(dir $@)
	$(NASM) -f bin -o $@ $<

bench-kernel:
	@$(MAKE) --no-print-directory B=$(BENCH_B) VXDS=tests/bench/benchvxd.c $(BENCH_ELF)

$(BENCH_B)/bench.bin: tests/bench/bench.asm $(wildcard tests/guest/*.inc)
	@mkdir -p $(dir $@)
	$(NASM) -f bin -Itests/guest/ -o $@ $<

$(BENCH_IMG): $(BENCH_B)/bench.bin $(B)/guest/bootsect.bin tools/mkimage.sh
	tools/mkimage.sh $(B)/guest/bootsect.bin $< $@

# the other VMs of the several-VM rows (BENCH_PARTNER_IMG, BENCH_IDLE_IMG)
$(BENCH_B)/bench_%.bin: tests/bench/bench_%.asm $(wildcard tests/guest/*.inc)
	@mkdir -p $(dir $@)
	$(NASM) -f bin -Itests/guest/ -o $@ $<
$(BENCH_B)/bench_%.img: $(BENCH_B)/bench_%.bin $(B)/guest/bootsect.bin tools/mkimage.sh
	tools/mkimage.sh $(B)/guest/bootsect.bin $< $@
