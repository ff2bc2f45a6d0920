# tools/fuzz/fuzz.mk -- `make fuzz`: the differential fuzzer (docs/fuzzing.md).
# Included by tools/tools.mk.
#
#   make fuzz                         # QEMU, seeds 1-7: about 10^6 instructions
#   make fuzz SEEDS=1-70              # about 10^7
#   make fuzz EMU=bochs SEEDS=1-7     # bare Bochs against vmm386 in Bochs
#   make fuzz FUZZ_ARGS="--no-int60"  # leave out INT 60h AH=01h/02h
#
# Every seed is one floppy of about 6,500 blocks (143,000 instructions).  The
# first divergent block is shown and minimized; tools/fuzz/fuzz.py --help.
SEEDS     ?= 1-7
EMU       ?= qemu
FUZZ_ARGS ?=

.PHONY: fuzz
fuzz: deps $(ELF) $(if $(filter bochs,$(EMU)),$(TEST_ISO))
	$(PYTHON) tools/fuzz/fuzz.py --emu $(EMU) --seeds $(SEEDS) --minimize $(FUZZ_ARGS)
