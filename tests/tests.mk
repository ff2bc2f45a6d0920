# tests/tests.mk -- guest programs, their floppy images, `make test` and `make run`.
# Included by the top Makefile (which defines B, NASM, PYTHON, QEMU, ELF, ISO).

# host unit tests (defines UNIT_TESTS and a `unit` target)
-include tests/unit/unit.mk
-include tests/vxd/vxd.mk

GUEST_DIR   := tests/guest
GUEST_INCS  := $(wildcard $(GUEST_DIR)/*.inc)
GUEST_SRCS  := $(filter-out $(GUEST_DIR)/bootsect.asm,$(wildcard $(GUEST_DIR)/*.asm))
GUEST_NAMES := $(notdir $(GUEST_SRCS:.asm=))
BOOTSECT    := $(B)/guest/bootsect.bin
# extra images: the default guest of `make run`, and t_bigload with a fragmented GUEST.BIN
GUEST_IMGS  := $(GUEST_NAMES:%=$(B)/guest/%.img) $(B)/guest/default.img \
               $(B)/guest/t_bigload_frag.img

# extra files copied into a guest's image: GUEST_EXTRA_<name>
GUEST_DATA          := $(B)/guest/data/DATA.BIN
GUEST_EXTRA_t_disk  := $(GUEST_DATA)

.PHONY: guests test-boot
guests: $(GUEST_IMGS)

$(BOOTSECT): $(GUEST_DIR)/bootsect.asm
	@mkdir -p $(dir $@)
	$(NASM) -f bin -o $@ $<

$(B)/guest/%.bin: $(GUEST_DIR)/%.asm $(GUEST_INCS)
	@mkdir -p $(dir $@)
	$(NASM) -f bin -I$(GUEST_DIR)/ -o $@ $<

define guest_img_rule
$(B)/guest/$(1).img: $(B)/guest/$(1).bin $(BOOTSECT) tools/mkimage.sh $(GUEST_EXTRA_$(1))
	tools/mkimage.sh $(BOOTSECT) $$< $$@ $(GUEST_EXTRA_$(1))
endef
$(foreach g,$(GUEST_NAMES),$(eval $(call guest_img_rule,$(g))))

$(B)/guest/default.img: $(B)/guest/demo.img
	cp $< $@

$(B)/guest/t_bigload_frag.img: $(B)/guest/t_bigload.bin $(BOOTSECT) tools/mkimage.sh
	MKIMAGE_FRAGMENT=1 tools/mkimage.sh $(BOOTSECT) $< $@

# 8 KB test pattern for t_disk: byte i = (i xor (i >> 8)) & FFh
$(GUEST_DATA): tests/tests.mk
	@mkdir -p $(dir $@)
	$(PYTHON) -c 'import sys; sys.stdout.buffer.write(bytes((i ^ (i >> 8)) & 255 for i in range(8192)))' >$@

test: deps $(ELF) $(ISO) $(GUEST_IMGS) $(UNIT_TESTS) $(VXDTEST_ELF) $(SAMPLES_ELF)
	QEMU=$(QEMU) tools/run-tests $(UNIT_TESTS)

# boot tests only (e.g. make test-boot PYTEST_ARGS="-k bare")
test-boot: $(GUEST_IMGS) $(VXDTEST_ELF) $(SAMPLES_ELF)
	QEMU=$(QEMU) tools/run-tests

# With a display: a QEMU window, the VMM's log on this terminal.  Without one
# (ssh): the VGA text screen in this terminal (curses; quit with Esc-2 then
# `quit`, or Alt-2 `quit`), the log in build/serial.log.
RUN_DISK = $(if $(DISK),$(DISK),$(B)/guest/default.img)
run: deps $(ISO) $(B)/guest/default.img
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	    set -x; $(QEMU) -cdrom $(ISO) -boot d -drive file=$(RUN_DISK),if=floppy,format=raw \
	        -serial stdio -m 32; \
	else \
	    echo "no display: VGA text here, the VMM log in $(B)/serial.log"; sleep 1; \
	    $(QEMU) -cdrom $(ISO) -boot d -drive file=$(RUN_DISK),if=floppy,format=raw \
	        -display curses -serial file:$(B)/serial.log -m 32; \
	fi
