# fuzz.mk - libFuzzer harnesses, one per tests/fuzz/fuzz_NAME.c, seeds in tests/fuzz/corpus/NAME/.
# A part of the tree adds one with:  FUZZ_TARGETS += NAME  and  FUZZ_NAME_SRCS := files
FUZZ_CC := clang
FUZZ_CFLAGS := -std=gnu11 -g -O1 -Wall -Wextra -Werror -DHOST_TEST -I. \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SECONDS ?= 60
FUZZ_BINS = $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)

.PHONY: fuzz-bins
fuzz-bins: $$(FUZZ_BINS)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(FUZZ_$$*_SRCS) $(SHARED_LIB_SRCS) \
	$$(wildcard shared/*.h shared/lib/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -o $@ tests/fuzz/fuzz_$*.c $(FUZZ_$*_SRCS) $(SHARED_LIB_SRCS)

fuzz: deps fuzz-bins
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run_fuzz.sh $(FUZZ_TARGETS)

fuzz-smoke: fuzz-bins
	FUZZ_SECONDS=3 bash tests/fuzz/run_fuzz.sh $(FUZZ_TARGETS)
