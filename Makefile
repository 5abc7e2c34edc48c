# SPDX-License-Identifier: GPL-2.0

SHELL := /bin/bash
#
# tdx-core host build: the kernel C files of c/ and c/sim/ compiled for the
# host against the shim headers of tests/shim/, the way the kernel's
# tools/testing builds lib/ code in userspace.
#
#   make demo    run the KVM-shaped C sample on the simulated TDX module
#   make test    run every KUnit suite on the host, plain and under
#                AddressSanitizer + UndefinedBehaviorSanitizer

CC		?= gcc
BUILD		:= build
WARNINGS	:= -Wall -Wextra -Werror -Wno-unused-parameter -Wno-sign-compare \
		   -Wno-missing-field-initializers
CFLAGS_HOST	:= -std=gnu11 -g -O1 -pthread $(WARNINGS) \
		   -Itests/shim/include -Iinclude -Ic
SANITIZE	:= -fsanitize=address,undefined -fno-sanitize-recover=undefined \
		   -fno-omit-frame-pointer

CORE_SRCS	:= $(sort $(wildcard c/*.c))
SIM_SRCS	:= $(filter-out c/sim/boot.c,$(sort $(wildcard c/sim/*.c)))
SHIM_SRCS	:= $(filter-out tests/shim/kunit_main.c,$(sort $(wildcard tests/shim/*.c)))
TEST_SRCS	:= $(sort $(wildcard tests/shim/selftest/*.c)) \
		   $(sort $(wildcard tests/host/*.c)) \
		   $(sort $(wildcard tests/kunit/*.c))
SAMPLE_SRCS	:= samples/tdx_kvm_sample.c samples/host_main.c
HEADERS		:= $(wildcard include/tdx/*.h c/*.h c/sim/*.h tests/kunit/*.h \
		   tests/shim/include/*/*.h tests/shim/include/*/*/*.h)

LIB_SRCS	:= $(CORE_SRCS) $(SIM_SRCS) $(SHIM_SRCS)

.PHONY: all demo test clean

all: $(BUILD)/tdx_tests $(BUILD)/tdx_sample

$(BUILD)/tdx_tests: $(LIB_SRCS) $(TEST_SRCS) $(HEADERS)
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS_HOST) -o $@ $(LIB_SRCS) $(TEST_SRCS)

$(BUILD)/tdx_tests_san: $(LIB_SRCS) $(TEST_SRCS) $(HEADERS)
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS_HOST) $(SANITIZE) -o $@ $(LIB_SRCS) $(TEST_SRCS)

$(BUILD)/tdx_sample: $(LIB_SRCS) $(SAMPLE_SRCS) $(HEADERS)
	@mkdir -p $(BUILD)
	$(CC) $(CFLAGS_HOST) -o $@ $(LIB_SRCS) $(SAMPLE_SRCS)

demo: $(BUILD)/tdx_sample
	./$(BUILD)/tdx_sample

# Each run ends with "N passed, N failed"; the last line adds them up.
test: $(BUILD)/tdx_tests $(BUILD)/tdx_tests_san
	@set -o pipefail; \
	./$(BUILD)/tdx_tests | tee $(BUILD)/test.log; \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		./$(BUILD)/tdx_tests_san | tee $(BUILD)/test_san.log; \
	awk '/^[0-9]+ passed, [0-9]+ failed/ { p += $$1; f += $$3 } \
	     END { print "total:", p " passed, " f " failed"; exit f != 0 }' \
		$(BUILD)/test.log $(BUILD)/test_san.log

clean:
	rm -rf $(BUILD)
