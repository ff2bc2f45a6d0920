# Host-side cmocka unit tests for the pure-logic kernel modules.
# Included from tests/tests.mk; also usable alone:
#   make -f tests/unit/unit.mk unit
# Each test binary is built natively (no -m32) from its test file plus the
# kernel sources under test, and `make unit` runs every one of them.

B      ?= build
HOSTCC ?= gcc

# Sanitizers turn silent undefined behaviour (bad shifts, overruns) in the
# modules into test failures; `make unit UNIT_SAN=` builds without them.
UNIT_SAN    ?= -fsanitize=address,undefined -fno-sanitize-recover=all
UNIT_CFLAGS := -std=gnu11 -Wall -Wextra -Werror -g -I. -Iinclude $(UNIT_SAN)
UNIT_LIBS   := -lcmocka

UNIT_TESTS := $(B)/unit/test_decode $(B)/unit/test_vpic $(B)/unit/test_palloc $(B)/unit/test_profile \
              $(B)/unit/test_vkd_mouse

$(B)/unit/test_decode: tests/unit/test_decode.c v86/decode.c v86/decode.h
$(B)/unit/test_vpic:   tests/unit/test_vpic.c vxd/vpicd_chip.c vxd/vpicd_chip.h
$(B)/unit/test_palloc: tests/unit/test_palloc.c vmm/palloc.c vmm/palloc.h
$(B)/unit/test_profile: tests/unit/test_profile.c vxd/profile_parse.c vxd/profile_parse.h
$(B)/unit/test_vkd_mouse: tests/unit/test_vkd_mouse.c vxd/vkd_mouse.c vxd/vkd_mouse.h

$(UNIT_TESTS): tests/unit/unit.mk
	@mkdir -p $(dir $@)
	$(HOSTCC) $(UNIT_CFLAGS) -o $@ $(filter %.c,$^) $(UNIT_LIBS)

# Run every binary even after a failure, then fail if any did.
.PHONY: unit
unit: $(UNIT_TESTS)
	@fail=0; for t in $(UNIT_TESTS); do \
	    echo "== $$t"; $$t || { echo "!! $$t failed"; fail=1; }; \
	done; exit $$fail
