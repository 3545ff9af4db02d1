# Makefile - builds esp/ (loader + kernel), runs the tests, the benchmark and the fuzzers.
#
#   make          build esp/EFI/BOOT/BOOTIA32.EFI and esp/kernel.elf
#   make run      boot esp/ under OVMF ia32 in QEMU (./run.sh)
#   make test     host unit tests, fuzz smoke, QEMU boot tests; ends "N passed, N failed"
#                 (the boot tests' kernels and images: make test-kernels, mk/test-kernels.mk)
#   make fuzz     run every libFuzzer harness for FUZZ_SECONDS each
#   make compile_commands.json
#
# Each part of the tree describes its own build in mk/*.mk; this file holds the
# shared rules and the entry points.

BUILD := build
HOST_CC := gcc
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all -DHOST_TEST -I.
CMOCKA_LIBS := -lcmocka
# Freestanding utilities the loader and the kernel (and the host tests) all link:
# one copy each of the UART, heap sort, formatter and command-line lookup.
SHARED_LIB_SRCS := $(sort $(wildcard shared/lib/*.c))
# The small EFI applications of the tests and the bench (mk/test-apps.mk).
TEST_APPS := $(BUILD)/test-apps

.PHONY: all esp run test unit fuzz fuzz-smoke bench deps clean
all: esp

# Fragments name their prerequisites through variables they set later ($$(UNIT_x_SRCS)).
.SECONDEXPANSION:
UNIT_TESTS :=
FUZZ_TARGETS :=
include $(sort $(wildcard mk/*.mk))

deps:
	@sh tools/deps.sh

run: deps
	$(MAKE) esp
	./run.sh

test: deps
	$(MAKE) esp unit-bins test-kernels tagdump shapes
	bash tests/run_tests.sh

clean:
	rm -rf $(BUILD) esp/EFI/BOOT/*.EFI esp/kernel.elf compile_commands.json

# Rebuilt from scratch under bear, so every compile line is recorded.
.PHONY: compile_commands.json
compile_commands.json:
	@command -v bear >/dev/null || { echo "compile_commands.json: needs bear; as root: apt-get install -y bear" >&2; exit 1; }
	$(MAKE) clean
	bear -- $(MAKE) esp unit-bins
