# make ARCH=aarch64: a static aarch64 core2 and libcore2.a in build/aarch64,
# this architecture's build facts beside its back end (aarch64.c):
# every dependency cross-built from the same Debian source tarballs and
# recipes as the host build (the top Makefile includes this file when ARCH
# is set, before it names DEPS).
#
# Toolchain: Debian's gcc-aarch64-linux-gnu (an amd64 package) with the musl
# sysroot of musl-dev:arm64 and the kernel UAPI headers of linux-libc-dev:arm64.
# The arm64 packages are fetched through a private apt configuration with
# APT::Architecture "arm64" and unpacked with dpkg-deb into
# build/aarch64/sysroot: the machine's dpkg architectures stay as they are.
# qemu-user-static runs the one target program the build runs (the offsets
# generator) and the test (make check-aarch64-build ARCH=aarch64).
CROSS      := aarch64-linux-gnu
CROSS_PACKAGES := gcc-$(CROSS) qemu-user-static
# From the bookworm arm64 archive: musl's libc.a, crt files, headers and
# specs, and the arm64 kernel UAPI headers libkdumpfile needs.
CROSS_DEBS := musl musl-dev linux-libc-dev

OUT       := $(B)/$(ARCH)
SYSROOT   := $(OUT)/sysroot
XAPT      := $(OUT)/apt
CC        := $(OUT)/bin/musl-gcc
AR        := $(CROSS)-ar
RANLIB    := $(CROSS)-ranlib
HOST_FLAG := --host=$(CROSS)
KASM      := $(SYSROOT)/usr/include/$(CROSS)/asm
TOOLCHAIN := $(OUT)/.toolchain
RUN       := qemu-$(ARCH)-static
# make ARCH=aarch64 deb rpm (initramfs/packaging/pkg.mk): the packages' architecture names.
DEB_ARCH  := arm64
RPM_ARCH  := aarch64
STRIP     := $(CROSS)-strip
# binutils' configure builds its own helpers with the build machine's compiler.
CROSS_ENV := CC_FOR_BUILD=$(HOSTCC)

$(B)/.$(ARCH)-packages: lib/arch/aarch64.mk
	$(call install_packages,$(CROSS_PACKAGES),$(ARCH) cross toolchain)

# The sysroot, and musl's specs file pointed at it; musl-gcc is a wrapper
# that gives the cross compiler those specs (as Debian's musl-gcc does).
$(TOOLCHAIN): lib/arch/aarch64.mk $(APTCONF) $(B)/.$(ARCH)-packages
	@mkdir -p $(XAPT)/lists/partial $(XAPT)/cache/archives/partial $(XAPT)/debs $(OUT)/bin
	@grep "^deb .* $(ZLIB_SUITE) " $(APTDIR)/sources.list > $(XAPT)/sources.list
	@touch $(XAPT)/status
	@printf '%s\n' \
	  'Dir::Etc::SourceList "$(XAPT)/sources.list";' \
	  'Dir::Etc::SourceParts "/dev/null";' \
	  'Dir::State::Lists "$(XAPT)/lists";' \
	  'Dir::State::Status "$(XAPT)/status";' \
	  'Dir::Cache "$(XAPT)/cache";' \
	  'Dir::Cache::pkgcache "pkgcache.bin";' \
	  'Dir::Cache::srcpkgcache "srcpkgcache.bin";' \
	  'APT::Architecture "arm64";' \
	  'APT::Architectures { "arm64"; };' \
	  'APT::Get::List-Cleanup "false";' > $(XAPT)/apt.conf
	APT_CONFIG=$(XAPT)/apt.conf apt-get -q update >$(XAPT)/update.log 2>&1 || { cat $(XAPT)/update.log >&2; exit 1; }
	cd $(XAPT)/debs && rm -f *.deb && APT_CONFIG=$(XAPT)/apt.conf apt-get -q download $(CROSS_DEBS) >download.log 2>&1 || \
	  { cat download.log >&2; exit 1; }
	rm -rf $(SYSROOT) && mkdir -p $(SYSROOT) && for d in $(XAPT)/debs/*.deb; do dpkg-deb -x $$d $(SYSROOT) || exit 1; done
	sed 's|/usr/|$(SYSROOT)/usr/|g' $(SYSROOT)/usr/lib/$(ARCH)-linux-musl/musl-gcc.specs > $(OUT)/bin/musl-gcc.specs
	printf '#!/bin/sh\nexec %s "$$@" -specs %s\n' $(CROSS)-gcc $(OUT)/bin/musl-gcc.specs > $(CC) && chmod +x $(CC)
	@touch $@

# The cross-built core2 beside the host's on the same dumps (tests/cross/).
.PHONY: check-$(ARCH)-build
check-$(ARCH)-build: $(OUT)/core2
	@$(MAKE) --no-print-directory ARCH= $(B)/core2
	@CORE2=$(OUT)/core2 HOST_CORE2=$(B)/core2 RUN=$(RUN) STRIP=$(CROSS)-strip OUT=$(OUT) \
	  tests/run.sh tests/cross/check-$(ARCH)-build.sh
