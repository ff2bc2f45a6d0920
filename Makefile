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
            -Wall -Wextra -Werror -O2 -g -fno-omit-frame-pointer \
            -fno-asynchronous-unwind-tables -mno-red-zone -I. -Iinclude \
            -DVMM386_VERSION='"$(VERSION)"'
NASMFLAGS := -f elf32 -g -I. -Iinclude/
LDFLAGS  := -T linker.ld -nostdlib -z noexecstack -z max-page-size=0x1000
LIBGCC   := $(shell $(CC) -print-libgcc-file-name 2>/dev/null)

KDIRS    := boot vmm vmm/hw vmm/lib v86 callbacks vxd vxd/samples
KCSRC    := $(foreach d,$(KDIRS),$(wildcard $(d)/*.c))
KASRC    := $(foreach d,$(KDIRS),$(wildcard $(d)/*.asm))
# Extra VxDs from outside the tree: make VXDS="path/a.c path/b.asm"
VXDS     ?=
XCSRC    := $(filter %.c,$(VXDS))
XASRC    := $(filter %.asm,$(VXDS))
KOBJ     := $(KASRC:%.asm=$(B)/obj/%.o) $(KCSRC:%.c=$(B)/obj/%.o) \
            $(foreach f,$(XASRC),$(B)/obj/vxds/$(notdir $(f:.asm=.asm.o))) \
            $(foreach f,$(XCSRC),$(B)/obj/vxds/$(notdir $(f:.c=.c.o)))

ELF      := $(B)/vmm386.elf
ISO      := $(B)/vmm386.iso
CMDLINE  ?=
DISK     ?=

.PHONY: all iso run test bench bochs bochs-debug debug usb clean deps
all: $(ELF)

deps:
	@tools/install-deps.sh

$(ELF): $(KOBJ) linker.ld
	@echo "  LD      $@"
	@$(LD) $(LDFLAGS) -o $@ $(KOBJ) $(LIBGCC)

$(B)/obj/%.o: %.c $(MAKEFILE_LIST)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(B)/obj/%.o: %.asm
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	@$(NASM) $(NASMFLAGS) -MD $(@:.o=.d) $< -o $@

define xvxd_rules
$(B)/obj/vxds/$(notdir $(1)).o: $(1) $(MAKEFILE_LIST)
	@mkdir -p $$(dir $$@)
	$$(if $$(filter %.c,$(1)),$$(CC) $$(CFLAGS) -MMD -MP -c $$< -o $$@,$$(NASM) $$(NASMFLAGS) $$< -o $$@)
endef
$(foreach f,$(VXDS),$(eval $(call xvxd_rules,$(f))))

iso: $(ISO)
$(ISO): $(ELF) tools/mkiso.sh
	tools/mkiso.sh $(ELF) $@ "$(CMDLINE)"

-include $(KOBJ:.o=.d)
-include tests/tests.mk
-include tools/tools.mk

clean:
	rm -rf $(B)
