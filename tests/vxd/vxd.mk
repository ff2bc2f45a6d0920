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
#   FLAGLEAK (flagleak.c, C,    device 7E05h): plants IOPL=3 & co. in Client_EFlags

VXDTEST_SRCS := tests/vxd/vxdtest.c tests/vxd/asmtest.asm tests/vxd/failinit.c tests/vxd/badcall.c \
                tests/vxd/flagleak.c
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
