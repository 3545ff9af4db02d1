# unit.mk - host unit tests (cmocka), one binary per tests/unit/test_NAME.c.
# A part of the tree adds a test with:  UNIT_TESTS += NAME  and  UNIT_NAME_SRCS := files
# (and UNIT_NAME_CFLAGS for flags of its own)
UNIT_BINS = $(UNIT_TESTS:%=$(BUILD)/host/test_%)

.PHONY: unit-bins
unit-bins: $$(UNIT_BINS)

# Every test links shared/lib/ (the utilities the code under test calls).
$(BUILD)/host/test_%: tests/unit/test_%.c $$(UNIT_$$*_SRCS) $(SHARED_LIB_SRCS) \
	$$(wildcard tests/unit/*.h shared/*.h shared/lib/*.h)
	@mkdir -p $(@D)
	$(HOST_CC) $(HOST_CFLAGS) $(UNIT_$*_CFLAGS) -o $@ tests/unit/test_$*.c $(UNIT_$*_SRCS) \
		$(SHARED_LIB_SRCS) $(CMOCKA_LIBS)

unit: unit-bins
	bash tests/run_tests.sh --unit-only
