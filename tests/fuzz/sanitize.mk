# SANITIZE=1: the same build and tests with glibc, AddressSanitizer and
# UndefinedBehaviorSanitizer, everything under build/san:
#
#   make check SANITIZE=1           (or check-unit, check-cli, core2, ...)
#
# Included by the top Makefile right after config.mk, before it sets B: with
# SANITIZE=1 this moves B (and so the dependencies, objects, core2 and the
# unit tests) to build/san, and compiles everything, the dependencies from
# the same tarballs and recipes included, through a clang wrapper that adds
# the sanitizer flags. The tarballs, the private apt configuration and the
# VM fixtures are shared with the normal build through symlinks; the guests
# keep running the static musl core2 (a sanitized glibc binary has nothing
# to run on in the initramfs), while the tests run on the host run
# build/san/core2.
ifeq ($(SANITIZE),1)
SAN_TOP   := $(CURDIR)
SAN_DIR   := $(SAN_TOP)/build/san
SAN_CLANG ?= clang
SAN_FLAGS ?= -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
override B := $(SAN_DIR)
BUILD_PACKAGES += $(FUZZ_PACKAGES)
override CC := $(SAN_DIR)/bin/cc
override LDFLAGS :=
override VM_CORE2 := $(SAN_TOP)/build/core2

# A sanitizer report must not look like core2's own exit 1 (a clean
# failure the tests expect), and leaks at exit are not what is checked.
export ASAN_OPTIONS ?= exitcode=99:detect_leaks=0:abort_on_error=0
export UBSAN_OPTIONS ?= exitcode=98:print_stacktrace=1:halt_on_error=1
# Tests that bound time and memory relax them for this build.
export CORE2_SANITIZED := 1

# Made when the makefile is read, since every recipe (configure scripts
# included) calls $(CC); one word, so that CC=$(CC) survives the shell.
SAN_SETUP := $(shell mkdir -p $(SAN_DIR)/bin && \
	printf '#!/bin/sh\nexec %s %s "$$@"\n' '$(SAN_CLANG)' '$(SAN_FLAGS)' >$(SAN_DIR)/bin/cc.tmp && \
	chmod +x $(SAN_DIR)/bin/cc.tmp && mv $(SAN_DIR)/bin/cc.tmp $(SAN_DIR)/bin/cc && \
	for d in src apt fixtures vm vm-results; do mkdir -p $(SAN_TOP)/build/$$d; \
	  [ -e $(SAN_DIR)/$$d ] || ln -s ../$$d $(SAN_DIR)/$$d; done; echo ok)
ifneq ($(SAN_SETUP),ok)
$(error cannot set up $(SAN_DIR): $(SAN_SETUP))
endif

# The guests' static binary comes from the normal build. (A rule here
# comes before the top Makefile's first one: keep its default goal.)
.DEFAULT_GOAL := all
$(SAN_TOP)/build/core2: FORCE_SAN_MUSL
	@$(MAKE) --no-print-directory -C $(SAN_TOP) SANITIZE= all
.PHONY: FORCE_SAN_MUSL
endif
