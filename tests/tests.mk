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

.PHONY: guests test-boot dos-progs
guests: $(GUEST_IMGS) dos-progs

# DOS programs (.COM, NASM): the user's tools in tools/dos, test helpers in
# tests/guest/dos; copied onto a copy of a DOS floppy by the tests.  DOS
# device drivers (.SYS, loaded by CONFIG.SYS): DOS_DRIVERS.
DOS_DRIVERS := tools/dos/xms.asm
DOS_SRCS  := $(filter-out $(DOS_DRIVERS),$(wildcard tools/dos/*.asm) $(wildcard $(GUEST_DIR)/dos/*.asm))
DOS_PROGS := $(foreach f,$(DOS_SRCS),$(B)/dos/$(shell echo $(basename $(notdir $(f))) | tr a-z A-Z).COM) \
             $(foreach f,$(DOS_DRIVERS),$(B)/dos/$(shell echo $(basename $(notdir $(f))) | tr a-z A-Z).SYS)
dos-progs: $(DOS_PROGS)
$(B)/dos/XMS.SYS: tools/dos/xms.asm
	@mkdir -p $(dir $@)
	$(NASM) -f bin -o $@ $<
DOS_INCS  := $(wildcard $(GUEST_DIR)/dos/*.inc)
define dos_rule
$(B)/dos/$(shell echo $(basename $(notdir $(1))) | tr a-z A-Z).COM: $(1) $(DOS_INCS)
	@mkdir -p $$(dir $$@)
	$$(NASM) -f bin -o $$@ $$<
endef
$(foreach f,$(DOS_SRCS),$(eval $(call dos_rule,$(f))))

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

test: deps $(ELF) $(ISO) $(GUEST_IMGS) $(DOS_PROGS) $(UNIT_TESTS) $(VXDTEST_ELF) $(VMTEST_ELF) $(SAMPLES_ELF)
	QEMU=$(QEMU) tools/run-tests $(UNIT_TESTS)

# boot tests only (e.g. make test-boot PYTEST_ARGS="-k bare")
test-boot: $(GUEST_IMGS) $(DOS_PROGS) $(VXDTEST_ELF) $(VMTEST_ELF) $(SAMPLES_ELF)
	QEMU=$(QEMU) tools/run-tests

# With a display: a QEMU window, the VMM's log (COM1) on this terminal.
# Without one (ssh): the VGA text screen in this terminal (curses; quit with
# Esc-2 then `quit`, or Alt-2 `quit`), the log in build/serial.log.  COM2,
# the guest's (and a VxD's that watches it), goes to build/com2.log unless
# COM2 names another QEMU -serial backend (COM2=pty, COM2=tcp::4555,server...).
RUN_DISK = $(if $(DISK),$(DISK),$(B)/guest/default.img)
# More disks, one VM each: DISK2=b.img DISK3=c.img ... (or DISKS="b.img c.img").
# Then QEMU loads vmm386 itself (-kernel) with every disk as a multiboot
# module (-initrd a.img,b.img,...): VM 1 boots the first, VM n the n-th.
comma := ,
empty :=
space := $(empty) $(empty)
MORE_DISKS = $(strip $(DISK2) $(DISK3) $(DISK4) $(DISK5) $(DISK6) $(DISK7) $(DISK8) $(DISK9) $(DISKS))
ifneq ($(MORE_DISKS),)
RUN_BOOT = -kernel $(ELF) -append "$(CMDLINE)" \
           -initrd "$(subst $(space),$(comma),$(strip $(RUN_DISK) $(MORE_DISKS)))" -m 128
RUN_NEEDS = $(ELF)
else
RUN_BOOT = -cdrom $(ISO) -boot d -drive file=$(RUN_DISK),if=floppy,format=raw -m 32
RUN_NEEDS = $(ISO)
endif
COM2 ?= file:$(B)/com2.log
run: deps $(RUN_NEEDS) $(B)/guest/default.img
	@echo "COM2: $(COM2)"
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
	    set -x; $(QEMU) $(RUN_BOOT) -serial stdio -serial $(COM2); \
	else \
	    echo "no display: VGA text here, the VMM log in $(B)/serial.log"; sleep 1; \
	    $(QEMU) $(RUN_BOOT) -display curses -serial file:$(B)/serial.log -serial $(COM2); \
	fi
