# vmm386 -- a 386 Virtual Machine Manager.  `make run`, `make test`.
VERSION  := 0.1.0

CROSS    ?= i686-linux-gnu-
CC       := $(CROSS)gcc
LD       := $(CROSS)ld
OBJCOPY  := $(CROSS)objcopy
NASM     ?= nasm
HOSTCC   ?= gcc
PYTHON   ?= /usr/bin/python3
QEMU     ?= qemu-system-i386
B        := build

# Kernel flags: must run on a 386 (no libc, no SSE, no post-386 opcodes).
CFLAGS   := -std=gnu11 -ffreestanding -fno-pie -fno-stack-protector -march=i386 \
            -Wall -Wextra -Werror -O2 -g -fomit-frame-pointer \
            -fno-asynchronous-unwind-tables -mno-red-zone -I. -Iinclude \
            -DVMM386_VERSION='"$(VERSION)"'
NASMFLAGS := -f elf32 -g -I. -Iinclude/ -I$(B)/gen/
LDFLAGS  := -T linker.ld -nostdlib -z noexecstack -z max-page-size=0x1000
LIBGCC   := $(shell $(CC) -print-libgcc-file-name 2>/dev/null)

# vxd/samples is not here: the samples are linked only with make VXDS=...
# (and into the test kernel that tests them, tests/vxd/vxd.mk).
KDIRS    := boot vmm vmm/hw vmm/lib v86 callbacks vxd
KCSRC    := $(filter-out v86/asm_offsets.c,$(foreach d,$(KDIRS),$(wildcard $(d)/*.c)))
KASRC    := $(foreach d,$(KDIRS),$(wildcard $(d)/*.asm))
# Extra VxDs from outside the tree: make VXDS="path/a.c path/b.asm" (~ expands).
# Objects are named after the whole path; the list is remembered so that
# changing VXDS relinks.
VXDS     ?=
# Extra compiler flags for those VxDs only, e.g. VXDFLAGS=-DXMSHOOK_LOG_CALLS.
VXDFLAGS ?=
XVXDS    := $(foreach f,$(VXDS),$(or $(wildcard $(f)),$(f)))
xvxd_obj  = $(B)/obj/vxds/$(subst /,_,$(abspath $(1))).o
# VxD objects (the tree's samples, then VXDS) are linked last, each after a
# marker object (tools/vxdmark.asm) so that messages can name the VxD whose
# code called (vxd/caller.c).
VXDOBJ   := $(filter $(B)/obj/vxd/samples/%,$(KCSRC:%.c=$(B)/obj/%.o)) \
            $(foreach f,$(XVXDS),$(call xvxd_obj,$(f)))
NMARKS   := $(words x $(VXDOBJ))
MARKOBJ  := $(foreach i,$(shell seq 0 $(words $(VXDOBJ))),$(B)/obj/vxdmark/$(i).o)
KOBJ     := $(KASRC:%.asm=$(B)/obj/%.o) \
            $(filter-out $(B)/obj/vxd/samples/%,$(KCSRC:%.c=$(B)/obj/%.o)) \
            $(foreach i,$(shell seq 1 $(words $(VXDOBJ))),$(B)/obj/vxdmark/$(shell expr $(i) - 1).o \
                $(word $(i),$(VXDOBJ))) \
            $(B)/obj/vxdmark/$(words $(VXDOBJ)).o $(B)/obj/vxdmark/table.o
VXDS_STAMP := $(B)/vxds.list
$(shell mkdir -p $(B) && (echo '$(XVXDS) $(VXDFLAGS)' | cmp -s - $(VXDS_STAMP) || echo '$(XVXDS) $(VXDFLAGS)' > $(VXDS_STAMP)))

ELF      := $(B)/vmm386.elf
ISO      := $(B)/vmm386.iso
CMDLINE  ?=
DISK     ?=

.PHONY: all iso run test bench bochs bochs-debug debug usb clean deps
all: $(ELF)

deps:
	@tools/install-deps.sh

$(ELF): $(KOBJ) linker.ld $(VXDS_STAMP)
	@echo "  LD      $@"
	@$(LD) $(LDFLAGS) -o $@ $(KOBJ) $(LIBGCC)

$(B)/obj/%.o: %.c $(MAKEFILE_LIST)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

# Struct offsets and flag masks for the asm fast path, from the C headers.
ASM_OFFSETS := $(B)/gen/asm_offsets.inc
$(ASM_OFFSETS): v86/asm_offsets.c $(MAKEFILE_LIST)
	@mkdir -p $(dir $@)
	@echo "  GEN     $@"
	@$(CC) $(CFLAGS) -MMD -MP -MT $@ -MF $(B)/gen/asm_offsets.d -S -o $(B)/gen/asm_offsets.s $<
	@sed -n 's/.*->\([A-Za-z0-9_]*\) \([0-9]*\).*/\1 equ \2/p' $(B)/gen/asm_offsets.s > $@
-include $(B)/gen/asm_offsets.d
$(B)/obj/boot/fastpath.o $(B)/obj/boot/udfast.o $(B)/obj/boot/softint.o: $(ASM_OFFSETS)

$(B)/obj/%.o: %.asm
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	@$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) $< -o $@

$(B)/obj/vxdmark/table.o: tools/vxdmark.asm $(VXDS_STAMP)
	@mkdir -p $(dir $@)
	@$(NASM) $(NASMFLAGS) -DMARK_TABLE -DMARKS=$(NMARKS) $< -o $@
$(B)/obj/vxdmark/%.o: tools/vxdmark.asm
	@mkdir -p $(dir $@)
	@$(NASM) $(NASMFLAGS) -DMARK=$* $< -o $@

define xvxd_rules
$(call xvxd_obj,$(1)): $(1) $(MAKEFILE_LIST) $(VXDS_STAMP)
	@mkdir -p $$(dir $$@)
	@echo "  VXD     $$<"
	@$$(if $$(filter %.c,$(1)),$$(CC) $$(CFLAGS) $$(VXDFLAGS) -MMD -MP -c $$< -o $$@,$$(NASM) $$(NASMFLAGS) $$< -o $$@)
endef
$(foreach f,$(XVXDS),$(eval $(call xvxd_rules,$(f))))

# The GRUB entry carries CMDLINE: remember it so that changing it remakes the ISO.
CMDLINE_STAMP := $(B)/cmdline.txt
$(shell mkdir -p $(B) && (echo '$(CMDLINE)' | cmp -s - $(CMDLINE_STAMP) || echo '$(CMDLINE)' > $(CMDLINE_STAMP)))

iso: $(ISO)
$(ISO): $(ELF) tools/mkiso.sh $(CMDLINE_STAMP)
	tools/mkiso.sh $(ELF) $@ "$(CMDLINE)"

-include $(filter-out $(B)/obj/vxdmark/%,$(KOBJ:.o=.d))
-include tests/tests.mk
-include tools/tools.mk
-include tools/bench.mk

clean:
	rm -rf $(B)
