# tests/vxd/vxd.mk -- the test VxDs and the kernel that carries them.
# Included by tests/tests.mk.  build/vxdtest/vmm386.elf is vmm386 plus the
# test VxDs, built by a recursive make with B=$(B)/vxdtest and VXDS set, so
# its objects live under $(B)/vxdtest/obj and the normal $(B)/vmm386.elf
# (VXDS empty) never contains them.  The boot tests test_vxd_*.py boot it
# with the v_*.img guests.
#
#   VXDTEST  (vxdtest.c,  C,    device 7E01h, init order 7E010000h)
#   ASMTEST  (asmtest.asm, NASM register level, device 7E02h, init order 7E000000h)
#   FAILINIT (failinit.c, C,    device 7E03h, init order 7E020000h): fails Device_Init
#   BADCALL  (badcall.c,  C,    device 7E04h): makes VxDcalls the dynalink must refuse
#   SVCTEST  (svctest.c,  C,    device 7E05h): the services of issue 7 (I/O, profile, ...)
#   INT60    (vxd/samples/int60.c): v_sys looks a VxD up by name with an undefined ID
#   FLAGLEAK (flagleak.c, C,    device 7E07h): plants IOPL=3 & co. in Client_EFlags
#   DEVTEST  (devtest.c,  C,    device 7E08h): VPICD, VTD, V86MMGR through the public API

VXDTEST_SRCS := tests/vxd/vxdtest.c tests/vxd/asmtest.asm tests/vxd/failinit.c tests/vxd/badcall.c \
                tests/vxd/svctest.c vxd/samples/int60.c tests/vxd/flagleak.c tests/vxd/devtest.c
VXDTEST_ELF  := $(B)/vxdtest/vmm386.elf

# Only the outer make (no VXDS) defines the rule: inside the recursive make
# B is already $(B)/vxdtest and $(ELF) is the target.
ifeq ($(strip $(VXDS)),)
.PHONY: vxdtest vxdtest-force
vxdtest: $(VXDTEST_ELF)

# Always ask the sub-make: it knows the kernel's own dependencies.
$(VXDTEST_ELF): vxdtest-force
	@$(MAKE) --no-print-directory B=$(B)/vxdtest VXDS="$(VXDTEST_SRCS)" $@
endif

# build/vmtest/vmm386.elf: vmm386 plus VMTEST (vmtest.c, device 7E06h), the
# test VxD of the several-VM tests (test_vm_services.py).
VMTEST_SRCS := tests/vxd/vmtest.c
VMTEST_ELF  := $(B)/vmtest/vmm386.elf
ifeq ($(strip $(VXDS)),)
.PHONY: vmtest vmtest-force
vmtest: $(VMTEST_ELF)
$(VMTEST_ELF): vmtest-force
	@$(MAKE) --no-print-directory B=$(B)/vmtest VXDS="$(VMTEST_SRCS)" $@
endif

# The sample VxDs (vxd/samples) are not in the default kernel: they are
# linked into build/samples/vmm386.elf, which test_xmshook.py and
# test_samples.py boot, with XMSHOOK's per-call log switched on.
SAMPLES_SRCS := vxd/samples/int60.c vxd/samples/xmshook.c vxd/samples/callback.c
SAMPLES_ELF  := $(B)/samples/vmm386.elf
ifeq ($(strip $(VXDS)),)
.PHONY: samples samples-force
samples: $(SAMPLES_ELF)
$(SAMPLES_ELF): samples-force
	@$(MAKE) --no-print-directory B=$(B)/samples VXDS="$(SAMPLES_SRCS)" \
	    VXDFLAGS=-DXMSHOOK_LOG_CALLS $@
endif
