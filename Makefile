# SPDX-License-Identifier: GPL-2.0
#
# This file is both the Kbuild file of tdx-core, when a kernel tree
# includes this directory (as drivers/tdx-core), and the host entry point.

ifneq ($(KERNELRELEASE),)

ccflags-y += -I$(src)/include -I$(src)/c

obj-$(CONFIG_TDX_CORE) += tdx_core.o
tdx_core-y := c/connect.o c/enable.o c/ext_mem.o c/flush.o c/hpa_list.o \
	      c/keyid.o c/leaves_mem.o c/leaves_phymem.o c/leaves_sys.o \
	      c/leaves_td.o c/package.o c/status.o c/sysinfo.o c/td.o \
	      c/update.o
tdx_core-$(CONFIG_TDX_CORE_BACKEND_SIM) += c/sim/boot.o c/sim/connect.o \
	      c/sim/core.o c/sim/ext.o c/sim/image.o c/sim/locks.o c/sim/mem.o \
	      c/sim/pamt.o c/sim/phymem.o c/sim/spdm_dev.o c/sim/sys.o \
	      c/sim/td.o c/sim/update.o c/sim/vp.o
tdx_core-$(CONFIG_TDX_CORE_BACKEND_HW) += c/hw/backend.o c/hw/seamcall.o

obj-$(CONFIG_TDX_CORE_SAMPLE) += samples/tdx_kvm_sample.o

obj-$(CONFIG_TDX_CORE_KUNIT_TEST) += tdx_core_test.o
tdx_core_test-y := tests/kunit/tdx_status_test.o tests/kunit/tdx_upstream_api.o
ifdef CONFIG_TDX_CORE_BACKEND_SIM
tdx_core_test-y += tests/kernel/env.o tests/kunit/tdx_test.o \
	      tests/kunit/tdx_audit_test.o tests/kunit/tdx_bad_input_test.o \
	      tests/kunit/tdx_connect_test.o \
	      tests/kunit/tdx_free_test.o tests/kunit/tdx_hpa_list_test.o \
	      tests/kunit/tdx_resume_test.o tests/kunit/tdx_td_test.o \
	      tests/kunit/tdx_update_test.o
tdx_core_test-$(CONFIG_TDX_CORE_SAMPLE) += tests/kernel/sample_test.o
endif
tdx_core_test-$(CONFIG_TDX_CORE_BACKEND_HW) += tests/kernel/hw_test.o

# The Rust layer: one crate (rust/tdx_rust.rs) with the safe API, the
# sample and the KUnit suite, over bindings that bindgen generates here
# from bindings/tdx_bindings.h with this directory's C flags (clang only,
# as rust/Makefile does for the kernel's own bindings).
obj-$(CONFIG_TDX_CORE_RUST) += bindings/helpers.o bindings/env_kernel.o \
	      rust/tdx_rust.o

tdx_hash := \#
tdx_bindgen_params := $(shell sed -e '/^$(tdx_hash)/d' -e "s/.*/'&'/" \
	$(src)/bindings/bindgen_parameters)

quiet_cmd_tdx_bindgen = BINDGEN $@
      cmd_tdx_bindgen = $(BINDGEN) $< $(tdx_bindgen_params) -o $@ -- \
	$(c_flags) -w -fno-builtin -D__BINDGEN__

$(obj)/bindings/tdx_bindings_generated.rs: $(src)/bindings/tdx_bindings.h \
	$(src)/bindings/bindgen_parameters FORCE
	$(call if_changed_dep,tdx_bindgen)
targets += bindings/tdx_bindings_generated.rs

$(obj)/rust/tdx_rust.o: $(obj)/bindings/tdx_bindings_generated.rs \
	$(wildcard $(src)/rust/*.rs) $(src)/samples/rust/tdx_host_sample.rs
RUSTFLAGS_rust/tdx_rust.o += \
	--env-set TDX_BINDINGS=$(abspath $(obj)/bindings/tdx_bindings_generated.rs)

else
SHELL := /bin/bash

# tdx-core host build: the kernel C files of c/ and c/sim/ compiled for the
# host against the shim headers of tests/shim/, the way the kernel's
# tools/testing builds lib/ code in userspace.
#
#   make demo       run the KVM-shaped C sample and the tdx-host-shaped Rust
#                   sample on the simulated TDX module
#   make test       everything below: host suites, Rust, UML KUnit, lint
#   make host-test  every KUnit suite on the host, plain and under
#                   AddressSanitizer + UndefinedBehaviorSanitizer
#   make rust-test  the Rust layer on the host: cargo tests, rustfmt, clippy,
#                   rustdoc, the sample, and the misuse that must not compile
#   make kunit      the KUnit suites (C and Rust) in a Linux 6.12 kernel under UML
#                   (installs what it needs from Debian; kernel in .cache/)
#   make kunit-x86  x86_64 kernel under QEMU, hardware SEAMCALL backend
#   make lint       checkpatch --strict, kernel-doc, W=1 + sparse

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

.PHONY: all demo test host-test rust-test kunit kunit-x86 lint clean

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

# The C sample, then the Rust one (cargo; bindgen from rust-tools.sh).
demo: $(BUILD)/tdx_sample
	./$(BUILD)/tdx_sample
	@eval "$$(scripts/rust-tools.sh | grep BINDGEN)"; \
	cd rust && CARGO_TARGET_DIR=../$(BUILD)/cargo cargo run -q --bin tdx_rust_sample

# Each part ends with "N passed, N failed"; the last line adds them up.  A
# log without that line (a run that crashed) counts as a failure.
TOTAL := awk '/^([a-z0-9-]+: )?[0-9]+ passed, [0-9]+ failed/ { \
		n = ($$1 ~ /:$$/) ? 2 : 1; p += $$n; f += $$(n + 2); \
		seen[FILENAME] = 1 } \
	     END { for (i = 1; i < ARGC; i++) \
			if (!(ARGV[i] in seen)) { print "no result in " ARGV[i]; f++ } \
		   print "total:", p " passed, " f " failed"; exit f != 0 }'

# A crash (a sanitizer report aborts the run) fails the target too.
host-test: $(BUILD)/tdx_tests $(BUILD)/tdx_tests_san
	@set -o pipefail; \
	./$(BUILD)/tdx_tests | tee $(BUILD)/test.log; s1=$$?; \
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		./$(BUILD)/tdx_tests_san | tee $(BUILD)/test_san.log; s2=$$?; \
	$(TOTAL) $(BUILD)/test.log $(BUILD)/test_san.log; t=$$?; \
	exit $$((s1 | s2 | t))

rust-test:
	@mkdir -p $(BUILD)
	@set -o pipefail; scripts/rust-host.sh | tee $(BUILD)/rust.log

kunit:
	@mkdir -p $(BUILD)
	@set -o pipefail; scripts/kunit.sh um | tee $(BUILD)/kunit.log

kunit-x86:
	@mkdir -p $(BUILD)
	@set -o pipefail; scripts/kunit.sh x86_64 | tee $(BUILD)/kunit-x86.log

lint:
	@mkdir -p $(BUILD)
	@set -o pipefail; scripts/lint.sh | tee $(BUILD)/lint.log

# Run every part even if one fails, then report them all.
test:
	@$(MAKE) --no-print-directory host-test; h=$$?; \
	$(MAKE) --no-print-directory rust-test; r=$$?; \
	$(MAKE) --no-print-directory kunit; k=$$?; \
	$(MAKE) --no-print-directory lint; l=$$?; \
	$(TOTAL) $(BUILD)/test.log $(BUILD)/test_san.log $(BUILD)/rust.log \
		$(BUILD)/kunit.log $(BUILD)/lint.log; \
	exit $$((h | r | k | l))

clean:
	rm -rf $(BUILD)

endif # KERNELRELEASE
