# QEMU harness: real Debian kernels, live /proc/kcore, kdump vmcores and saved
# dumps with ground truth from the guest. Included by the top Makefile, which
# defines TOP, B, APTCONF (and its rule), VM_PACKAGES and $(B)/core2.
# See tests/vm/README.md.
#
#   make fixtures KERNEL=K   dumps + truth in $(VM_FIXTURE_DIR) (reused while unchanged)
#   make vm-run KERNEL=K     core2's queries in a fresh guest, in $(VM_RESULTS_DIR)
#
# K: a Debian suite (bookworm, trixie) or an exact linux-image package name;
# by default the machine's own suite.

KERNEL ?= $(shell . /etc/os-release && echo $$VERSION_CODENAME)
# The core2 binary put in the guests. Point it elsewhere to try the harness
# without a build (any static executable will boot).
VM_CORE2 ?= $(B)/core2
# -cpu of the guests; empty: bookworm's get 5-level paging, others 4-level.
VM_CPU ?=
# Bounds in seconds: a whole fixture cycle, a whole vm-run cycle, and each
# in-guest run of tests/vm/queries.sh (twice per cycle: keep the cycle's
# bound above two of those, so a hung core2 still brings its results back).
VM_FIXTURE_TIMEOUT ?= 1500
VM_RUN_TIMEOUT ?= 400
VM_QUERY_TIMEOUT ?= 120
VM_SCALE_TIMEOUT ?= 3000

# Stable paths for consumers (symlinks to the kernel release's directory).
VM_FIXTURE_DIR = $(B)/fixtures/$(KERNEL)
VM_RESULTS_DIR = $(B)/vm-results/$(KERNEL)

VM_ENV = TOP='$(TOP)' B='$(B)' APTCONF='$(APTCONF)' VM_PACKAGES='$(VM_PACKAGES)' \
	VM_CORE2='$(VM_CORE2)' VM_CPU='$(VM_CPU)' VM_QUERY_TIMEOUT='$(VM_QUERY_TIMEOUT)'

.PHONY: fixtures vm-run
# Phony on purpose: cycle.sh decides whether the fixture is up to date (its
# key covers the harness scripts, the kernel and tool versions, the CPU).
fixtures: $(VM_CORE2) $(APTCONF)
	@$(VM_ENV) VM_TIMEOUT='$(VM_FIXTURE_TIMEOUT)' sh $(TOP)/tests/vm/cycle.sh fixture '$(KERNEL)'

vm-run: $(VM_CORE2) $(APTCONF)
	@$(VM_ENV) VM_TIMEOUT='$(VM_RUN_TIMEOUT)' sh $(TOP)/tests/vm/cycle.sh run '$(KERNEL)'

# The scale fixture (issue 22): a server-sized workload, 1,020,000 dentries
# (920,000 negative) and 5,000 tasks, zlib and ELF saves, in
# $(B)/fixtures/KERNEL-scale; about 6 GB and 15 minutes of guest for the
# first. Not part of make check (make check-scale; make bench uses it when
# it is there). The guest helper tests/vm/scale.c is built static with musl.
VM_SCALE_HELPER = $(B)/vm/core2-scale
$(VM_SCALE_HELPER): $(TOP)/tests/vm/scale.c | $(B)/.host-packages
	@mkdir -p $(dir $@)
	$(CC) -static -O2 -Wall -o $@ $< -lpthread

.PHONY: fixtures-scale
fixtures-scale: $(VM_CORE2) $(APTCONF) $(VM_SCALE_HELPER)
	@$(VM_ENV) VM_SCALE_HELPER='$(VM_SCALE_HELPER)' VM_TIMEOUT='$(VM_SCALE_TIMEOUT)' sh $(TOP)/tests/vm/cycle.sh scale '$(KERNEL)'

# arm64 (issue 20): a kdump cycle of a Debian arm64 kernel under
# qemu-system-aarch64 into build/fixtures/SUITE-arm64 (truth/, dumps/), and
# the host-side queries and checks on its dumps (tests/vm/check-arm64.sh,
# with pahole on the arm64 BTF). make check does both for each kernel of
# CHECK_ARM64_KERNELS (config.mk); a fixture whose key (kernel package
# version, harness, size) is unchanged is kept.
#   make fixtures-arm64 [ARM64_KERNEL=trixie]   (bookworm by default;
#     trixie-16k: trixie's arm64-16k flavour, a kernel with 16 KB pages)
#   make check-arm64 [ARM64_KERNEL=trixie]
# ARM64_MEM: the guest's RAM in MB; ARM64_RAW=1 also keeps the raw
# /proc/vmcore ELF (sparse), the only dump of a kernel makedumpfile cannot
# filter (trixie's VA_BITS=52). Defaults: bookworm 1536 and 0, others 1024
# and 1.
ARM64_KERNEL ?= bookworm
ARM64_MEM ?= $(if $(filter bookworm,$(ARM64_KERNEL)),1536,1024)
ARM64_RAW ?= $(if $(filter bookworm,$(ARM64_KERNEL)),0,1)
# ARM64_CRASH: proc (echo c >/proc/sysrq-trigger) or serial (a break and c
# on the console: a panic in an interrupt handler, on the IRQ stack).
# Defaults: bookworm proc, others serial.
ARM64_CRASH ?= $(if $(filter bookworm,$(ARM64_KERNEL)),proc,serial)
.PHONY: fixtures-arm64 check-arm64
$(B)/.arm64-packages:
	$(call install_packages,qemu-system-arm,arm64 fixtures)

fixtures-arm64: $(APTCONF) $(B)/.arm64-packages
	sh tests/vm/arm64/cycle.sh $(B) $(B)/fixtures/$(ARM64_KERNEL)-arm64 $(ARM64_KERNEL) $(ARM64_MEM) $(ARM64_RAW) $(ARM64_CRASH)

check-arm64: $(B)/core2 $(B)/.types-packages $(APTCONF)
	@CORE2=$(B)/core2 VM_B=$(B) TOP='$(TOP)' B='$(B)' APTCONF='$(APTCONF)' APT_SUITES='$(APT_SUITES)' \
	  ARM64_KERNELS=$(ARM64_KERNEL) tests/run.sh tests/vm/check-arm64.sh
