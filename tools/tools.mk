# tools/tools.mk -- debugging, real hardware and the 386 check (docs/debugging.md).
# Included by the top Makefile, which defines B, ELF, ISO, QEMU, PYTHON, CROSS.
#
#   make bochs         boot vmm386 under Bochs (a CPU with VME), check COM1
#   make bochs-debug   the same with Bochs' debugger at the prompt, debug=magic
#   make debug         QEMU stopped at reset with its GDB stub, gdb + tools/gdbinit
#   make usb           build/vmm386-usb.img, the raw image for a USB stick
#   make check-386     no post-386 instruction outside the allow-list
#
# Knobs:  make bochs BOCHS_GUEST=t_flags BOCHS_CMDLINE=vme=off BOCHS_CPU=pentium
#         make debug DEBUG_GUEST=build/guest/t_exit.img GDB_PORT=1234

BOCHS          ?= bochs
BOCHS_GUEST    ?= t_exit
BOCHS_FLOPPY   ?= $(if $(filter %.img,$(BOCHS_GUEST)),$(BOCHS_GUEST),$(B)/guest/$(BOCHS_GUEST).img)
BOCHS_CPU      ?= pentium
BOCHS_CMDLINE  ?=
BOCHS_TIMEOUT  ?= 60
# bochs-debug's screen: rfb (VNC on :5900, the default), x (bochs-x), term
BOCHS_DEBUG_DISPLAY ?=
# The line the guest's exit request prints: t_exit exits with 2Ah, the
# self-checking t_* programs with 0.
BOCHS_EXPECT   ?= $(if $(filter t_exit,$(BOCHS_GUEST)),VM1: exit 0x2a,VM1: exit 0x00)
BOCHS_VME      := $(if $(filter vme=off,$(BOCHS_CMDLINE)),no,yes)
BX_B           := $(B)/bochs
TEST_ISO       := $(B)/vmm386-test.iso
DEBUG_ISO      := $(B)/vmm386-debug.iso
USB_IMG        := $(B)/vmm386-usb.img
GDB            ?= gdb
GDB_PORT       ?= 1234
DEBUG_GUEST    ?= $(B)/guest/default.img

.PHONY: bochs bochs-debug debug usb check-386 test-iso

# The ISOs for Bochs carry their own command line (Bochs cannot pass one like
# QEMU's -append): exit=qemu ends Bochs through port 8900h.  As for CMDLINE in
# the Makefile, a stamp file remakes an ISO when its command line changes.
TEST_ISO_CMDLINE  := $(strip exit=qemu $(BOCHS_CMDLINE))
DEBUG_ISO_CMDLINE := $(strip exit=qemu debug=magic $(BOCHS_CMDLINE))
$(shell mkdir -p $(BX_B) && \
  (echo '$(TEST_ISO_CMDLINE)' | cmp -s - $(BX_B)/test-cmdline.txt || echo '$(TEST_ISO_CMDLINE)' > $(BX_B)/test-cmdline.txt) && \
  (echo '$(DEBUG_ISO_CMDLINE)' | cmp -s - $(BX_B)/debug-cmdline.txt || echo '$(DEBUG_ISO_CMDLINE)' > $(BX_B)/debug-cmdline.txt))

test-iso: $(TEST_ISO)
$(TEST_ISO): $(ELF) tools/mkiso.sh $(BX_B)/test-cmdline.txt
	tools/mkiso.sh $(ELF) $@ "$(TEST_ISO_CMDLINE)"

$(DEBUG_ISO): $(ELF) tools/mkiso.sh $(BX_B)/debug-cmdline.txt
	tools/mkiso.sh $(ELF) $@ "$(DEBUG_ISO_CMDLINE)"

bochs: deps $(TEST_ISO) $(BOCHS_FLOPPY)
	@echo "  BOCHS   $(TEST_ISO) ($(TEST_ISO_CMDLINE)), floppy $(BOCHS_FLOPPY), cpu $(BOCHS_CPU)"
	@$(PYTHON) tools/bochs/bochsrun.py --iso $(TEST_ISO) --floppy $(BOCHS_FLOPPY) \
	    --out $(BX_B) --cpu $(BOCHS_CPU) --timeout $(BOCHS_TIMEOUT) \
	    --expect '$(BOCHS_EXPECT)' --vme $(BOCHS_VME)

bochs-debug: deps $(DEBUG_ISO) $(BOCHS_FLOPPY)
	@CROSS=$(CROSS) $(PYTHON) tools/bochs/bochsrun.py --debug --iso $(DEBUG_ISO) \
	    --floppy $(BOCHS_FLOPPY) --out $(BX_B)/debug --cpu $(BOCHS_CPU) --elf $(ELF) \
	    $(if $(BOCHS_DEBUG_DISPLAY),--display '$(BOCHS_DEBUG_DISPLAY)')

# QEMU waits at the reset vector with its GDB stub on $(GDB_PORT); gdb loads
# the kernel's symbols and tools/gdbinit (vmm-vms, vmm-crs, vmm-hooks, ...).
# COM1 goes to $(B)/debug-serial.log; QEMU ends when gdb does.  QEMU runs in
# its own session and the recipe shell ignores SIGINT, so Ctrl-C only stops
# the kernel in gdb (make still says "Interrupt" when gdb ends: harmless).
debug: deps $(ELF) $(DEBUG_GUEST)
	@echo "  QEMU    -S, gdb stub on :$(GDB_PORT), COM1 in $(B)/debug-serial.log"
	@echo "  GDB     $(ELF) + tools/gdbinit: c, Ctrl-C, vmm-help, vmm-vms, vmm-crs ..."
	@trap '' INT; setsid $(QEMU) -kernel $(ELF) -append "boot=module $(CMDLINE)" -initrd $(DEBUG_GUEST) \
	    -m 32 -no-reboot -gdb tcp::$(GDB_PORT) -S -serial file:$(B)/debug-serial.log \
	    $(if $(DISPLAY),,-display none) </dev/null & qpid=$$!; \
	  $(GDB) -q -x tools/gdbinit -ex "target remote localhost:$(GDB_PORT)" $(ELF); \
	  kill $$qpid 2>/dev/null; wait $$qpid 2>/dev/null; true

# The hybrid ISO is also a disk image (MBR, BIOS boot through GRUB): written
# raw to a USB stick it boots like a hard disk.  CMDLINE goes into its GRUB
# entry as for `make iso` (e.g. make usb CMDLINE="debug=kdb").
usb: $(ISO)
	@cp $(ISO) $(USB_IMG)
	@echo "$(USB_IMG): $$(stat -c %s $(USB_IMG)) bytes, kernel command line '$(strip boot=fd0 $(CMDLINE))'"
	@echo "Write it to a USB stick (as root).  EVERYTHING ON THE TARGET DEVICE IS LOST:"
	@echo "check the name with lsblk first -- /dev/sdX must be the stick, not one of your disks."
	@echo
	@echo "dd if=$(USB_IMG) of=/dev/sdX bs=4M conv=fsync status=progress"
	@echo

check-386: $(ELF)
	@CROSS=$(CROSS) tools/check-386 $(ELF)
-include tools/fuzz/fuzz.mk
