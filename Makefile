# core2: one static musl multicall binary. `make`, `make check`, `make demo`.
include config.mk
# SANITIZE=1: the same build and tests under ASan and UBSan, in build/san.
include tests/fuzz/sanitize.mk

TOP   := $(CURDIR)
B     := $(TOP)/build
# OUT holds what is built for the target: build/ itself for the host, or
# build/ARCH for a cross build (make ARCH=aarch64, lib/arch/aarch64.mk). Apt, the source
# tarballs, fixtures and test results stay in build/.
OUT   := $(B)
# What the cross build changes (empty for the host build): configure's --host,
# the kernel UAPI asm headers, the archiver, the toolchain stamp and how a
# target program (the offsets generator) is run.
HOST_FLAG :=
KASM      := /usr/include/x86_64-linux-gnu/asm
AR        := ar
RANLIB    := ranlib
TOOLCHAIN :=
RUN       :=
CROSS_ENV :=
# Only from make's command line: an ARCH in the environment (kernel builds
# export one) leaves the host build as it is.
ifeq ($(origin ARCH),command line)
ifneq ($(ARCH),)
ifeq ($(wildcard lib/arch/$(ARCH).mk),)
$(error ARCH=$(ARCH): no lib/arch/$(ARCH).mk; the cross builds known: $(patsubst lib/arch/%.mk,%,$(wildcard lib/arch/*.mk)))
endif
include lib/arch/$(ARCH).mk
endif
endif
DEPS  := $(OUT)/deps
PFX   := $(DEPS)/prefix

.PHONY: all
all: $(OUT)/core2

# --- Private apt configuration ----------------------------------------------
# The machine's own sources are never touched: apt runs with APT_CONFIG pointing
# here, with sources (deb and deb-src) derived from the machine's archive URI.
APTDIR  := $(B)/apt
APTCONF := $(APTDIR)/apt.conf
export APT_CONFIG_PRIVATE := $(APTCONF)

$(APTCONF): config.mk
	@mkdir -p $(APTDIR)/lists/partial $(APTDIR)/cache/archives/partial
	@uri=$$(awk '/^URIs:/ {print $$2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null); \
	[ -n "$$uri" ] || uri=$$(awk '/^deb / {print $$2; exit}' /etc/apt/sources.list 2>/dev/null); \
	[ -n "$$uri" ] || { echo "no Debian archive URI found in the machine's apt sources" >&2; exit 1; }; \
	: > $(APTDIR)/sources.list; \
	for s in $(APT_SUITES); do \
	  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $$uri $$s main" >> $(APTDIR)/sources.list; \
	  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $$uri $$s main" >> $(APTDIR)/sources.list; \
	done; \
	echo "$$uri" > $(APTDIR)/mirror
	@printf '%s\n' \
	  'Dir::Etc::SourceList "$(APTDIR)/sources.list";' \
	  'Dir::Etc::SourceParts "/dev/null";' \
	  'Dir::State::Lists "$(APTDIR)/lists";' \
	  'Dir::Cache "$(APTDIR)/cache";' \
	  'APT::Get::List-Cleanup "false";' > $@.tmp
	APT_CONFIG=$@.tmp apt-get -q update >$(APTDIR)/update.log 2>&1 || { cat $(APTDIR)/update.log >&2; exit 1; }
	@mv $@.tmp $@

.PHONY: apt-config
apt-config: $(APTCONF)

# --- Static dependencies from Debian sources -------------------------------
# Each tarball is fetched once into build/src, verified against config.mk's
# sha256, unpacked into build/deps/NAME and installed into build/deps/prefix.
SRC      := $(B)/src
KHEADERS := $(DEPS)/kheaders
DEP_ENV  := CC=$(CC) AR=$(AR) RANLIB=$(RANLIB) PKG_CONFIG_LIBDIR=$(PFX)/lib/pkgconfig PKG_CONFIG_PATH=
STAMP     = $(DEPS)/$(1).done

# apt-get waits for dpkg's lock rather than failing at once when another
# install (a parallel make job, a helper) holds it.
APT_WAIT = -o DPkg::Lock::Timeout=600

# $(call install_packages,PACKAGES,WHAT): apt-get install those missing
# (a recipe: the stamp $@ is touched when all are there).
define install_packages
	@mkdir -p $(B)
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing $(2): $$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get $(APT_WAIT) install -y -q $$missing >$@.log 2>&1 || \
	  { apt-get $(APT_WAIT) update -q >>$@.log 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get $(APT_WAIT) install -y -q $$missing >>$@.log 2>&1; } || \
	  { cat $@.log >&2; exit 1; }; fi
	@touch $@
endef

$(B)/.host-packages: config.mk
	$(call install_packages,$(BUILD_PACKAGES),build packages)

# The VM harness's host packages, installed once before kernels are prepared
# side by side (each cycle checks them again, and finds them there).
$(B)/.vm-packages: config.mk
	$(call install_packages,$(VM_PACKAGES),VM host packages)

# fetch NAME: download $(NAME_FILE) from the archive pool and check it.
define fetch
	@mkdir -p $(SRC)
	@if ! echo "$($(1)_SHA256)  $(SRC)/$($(1)_FILE)" | sha256sum -c --status 2>/dev/null; then \
	  uri=$$(cat $(APTDIR)/mirror); file=$$(echo '$($(1)_FILE)' | sed 's/+/%2b/g'); \
	  echo "fetching $($(1)_FILE)"; \
	  /usr/lib/apt/apt-helper download-file "$$uri/pool/main/$($(1)_POOL)/$$file" \
	    $(SRC)/$($(1)_FILE) SHA256:$($(1)_SHA256) >/dev/null 2>$(SRC)/fetch.log || \
	  { cat $(SRC)/fetch.log >&2; exit 1; }; fi
	@rm -rf $(DEPS)/$(2) && mkdir -p $(DEPS)/$(2) && tar -xf $(SRC)/$($(1)_FILE) -C $(DEPS)/$(2) --strip-components=1
endef

$(call STAMP,zlib): $(APTCONF) $(B)/.host-packages config.mk $(TOOLCHAIN)
	$(call fetch,ZLIB,zlib)
	cd $(DEPS)/zlib && $(DEP_ENV) CFLAGS="-O2 -fPIC" ./configure --static --prefix=$(PFX) >build.log 2>&1 && \
	  $(MAKE) libz.a >>build.log 2>&1 && $(MAKE) install >>build.log 2>&1 || { tail -30 build.log; exit 1; }
	@touch $@

$(call STAMP,lzo): $(APTCONF) $(B)/.host-packages config.mk $(TOOLCHAIN)
	$(call fetch,LZO,lzo)
	cd $(DEPS)/lzo && $(DEP_ENV) CFLAGS=-O2 ./configure $(HOST_FLAG) --disable-shared --enable-static --prefix=$(PFX) >build.log 2>&1 && \
	  $(MAKE) >>build.log 2>&1 && $(MAKE) install >>build.log 2>&1 || { tail -30 build.log; exit 1; }
	@touch $@

# Legacy zstd formats are never written by makedumpfile: leave their decoders out.
$(call STAMP,zstd): $(APTCONF) $(B)/.host-packages config.mk $(TOOLCHAIN)
	$(call fetch,ZSTD,zstd)
	cd $(DEPS)/zstd/lib && $(MAKE) CC=$(CC) AR=$(AR) ZSTD_LEGACY_SUPPORT=0 libzstd.a >build.log 2>&1 && \
	  $(MAKE) PREFIX=$(PFX) install-static install-includes install-pc >>build.log 2>&1 || { tail -30 build.log; exit 1; }
	@touch $@

# The decompressor alone, static; its install target would build the shared
# library and the programs too.
$(call STAMP,deflate): $(APTCONF) $(B)/.host-packages config.mk $(TOOLCHAIN)
	$(call fetch,DEFLATE,deflate)
	$(MAKE) -C $(DEPS)/deflate CC=$(CC) AR=$(AR) CFLAGS=-fPIC DECOMPRESSION_ONLY=1 DISABLE_GZIP=1 \
	  libdeflate.a >$(DEPS)/deflate/build.log 2>&1 || { tail -30 $(DEPS)/deflate/build.log; exit 1; }
	mkdir -p $(PFX)/lib $(PFX)/include && cp $(DEPS)/deflate/libdeflate.a $(PFX)/lib/ && \
	  cp $(DEPS)/deflate/libdeflate.h $(PFX)/include/
	@touch $@

# musl ships no kernel headers; libkdumpfile needs a few. Put the system's behind musl's own.
$(KHEADERS): $(TOOLCHAIN)
	@mkdir -p $@
	ln -sfn /usr/include/linux $@/linux
	ln -sfn /usr/include/asm-generic $@/asm-generic
	ln -sfn $(KASM) $@/asm

# --without-pthread: 0.5.4 takes its own lock twice when freeing a context,
# which glibc survives and musl does not (a hang).
# Our patches (lib/patches/) make it reuse one decompression state per process.
KDUMPFILE_PATCHES := $(wildcard lib/patches/libkdumpfile-*.patch)
$(call STAMP,kdumpfile): $(call STAMP,zlib) $(call STAMP,deflate) $(call STAMP,lzo) $(call STAMP,zstd) $(KDUMPFILE_PATCHES) | $(KHEADERS)
	$(call fetch,KDUMPFILE,kdumpfile)
	for p in $(KDUMPFILE_PATCHES); do patch -s -p1 -d $(DEPS)/kdumpfile < $$p || exit 1; done
	cd $(DEPS)/kdumpfile && autoreconf -fi >build.log 2>&1 && \
	  $(DEP_ENV) CFLAGS="-O2 -idirafter $(KHEADERS)" CPPFLAGS="-I$(PFX)/include" LDFLAGS="-L$(PFX)/lib" \
	  ./configure $(HOST_FLAG) --prefix=$(PFX) --disable-shared --enable-static --without-python \
	    --with-zlib --with-lzo2 --with-libzstd --without-snappy --without-pthread >>build.log 2>&1 && \
	  $(MAKE) -C src >>build.log 2>&1 && $(MAKE) -C src install >>build.log 2>&1 && \
	  $(MAKE) -C include install >>build.log 2>&1 || { tail -30 build.log; exit 1; }
	@touch $@

.PHONY: deps
deps: $(call STAMP,kdumpfile)

# libctf from binutils, built without the rest: libiberty, bfd.h (libctf's
# headers want it) and libctf-nobfd, linked against our zlib.
# lib/patches/binutils-*.patch: fixes for crashes fuzzing found in libctf.
CTFB := $(DEPS)/binutils-build
CTF_PATCHES := $(wildcard lib/patches/binutils-*.patch)
$(call STAMP,ctf): $(call STAMP,zlib) $(CTF_PATCHES) $(TOOLCHAIN)
	$(call fetch,BINUTILS,binutils)
	for p in $(CTF_PATCHES); do patch -s -p1 -d $(DEPS)/binutils < $$p || exit 1; done
	rm -rf $(CTFB) && mkdir -p $(CTFB) && cd $(CTFB) && \
	  { $(DEP_ENV) $(CROSS_ENV) CFLAGS=-O2 ../binutils/configure $(HOST_FLAG) --disable-nls --disable-werror --disable-gdb \
	      --disable-gprofng --disable-sim --without-debuginfod >build.log 2>&1 && \
	    $(MAKE) configure-bfd >>build.log 2>&1 && $(MAKE) -C bfd bfd.h >>build.log 2>&1 && \
	    $(MAKE) all-libiberty >>build.log 2>&1 && \
	    mkdir -p ctf && cd ctf && \
	    $(DEP_ENV) CFLAGS="-O2 -I$(PFX)/include" LDFLAGS="-L$(PFX)/lib" ../../binutils/libctf/configure $(HOST_FLAG) \
	      --disable-nls --disable-shared --enable-static --with-system-zlib --disable-libctf-hash-debugging >>../build.log 2>&1 && \
	    $(MAKE) libctf-nobfd.la >>../build.log 2>&1; } || { tail -30 $(CTFB)/build.log; exit 1; }
	cp $(CTFB)/ctf/.libs/libctf-nobfd.a $(CTFB)/libiberty/libiberty.a $(PFX)/lib/
	cp $(DEPS)/binutils/include/ctf-api.h $(DEPS)/binutils/include/ctf.h $(PFX)/include/
	@touch $@

deps: $(call STAMP,ctf)

# --- core2 -------------------------------------------------------------------
LIB_SRC := $(wildcard lib/*.c lib/*/*.c)
LIB_HDR := $(wildcard lib/*.h lib/*/*.h)
CMD_SRC := $(wildcard cmd/*.c)
OBJ     := $(patsubst %.c,$(OUT)/obj/%.o,$(LIB_SRC) $(CMD_SRC))
DEP_LIBS := -lkdumpfile -laddrxlat -lctf-nobfd -liberty -lzstd -llzo2 -ldeflate -lz
C2_CPPFLAGS := -I$(PFX)/include -DCORE2_VERSION='"$(VERSION)"' -DLIBCTF_VERSION='"$(BINUTILS_VERSION)"'

$(OUT)/obj/%.o: %.c $(LIB_HDR) $(wildcard cmd/*.h) | $(call STAMP,kdumpfile) $(call STAMP,ctf)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(C2_CPPFLAGS) -c -o $@ $<

$(OUT)/core2: $(OBJ) $(call STAMP,kdumpfile) $(call STAMP,ctf)
	$(CC) $(LDFLAGS) -o $@ $(OBJ) -L$(PFX)/lib $(DEP_LIBS)

# libcore2: lib/ as a static archive, with its header and a pkg-config file.
LIB_OBJ := $(patsubst %.c,$(OUT)/obj/%.o,$(LIB_SRC))
$(OUT)/libcore2.a: $(LIB_OBJ)
	rm -f $@ && $(AR) rcs $@ $(LIB_OBJ)

$(OUT)/core2.pc: config.mk Makefile
	@printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
	  'Name: core2' 'Description: read Linux kernel memory (kcore, vmcore, kdump files) without debuginfo' \
	  'Version: $(VERSION)' 'Cflags: -I$${includedir}' 'Libs: -L$${libdir} -lcore2' \
	  'Libs.private: -L$${libdir}/core2 $(DEP_LIBS)' > $@

.PHONY: lib install-lib
lib: $(OUT)/libcore2.a $(OUT)/core2.pc

# The library, its header, pkg-config file, and the static archives it
# needs (kept apart in lib/core2/ so they never shadow the system's).
install-lib: $(OUT)/libcore2.a $(OUT)/core2.pc
	install -d $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/lib/core2 $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 lib/core2.h $(DESTDIR)$(PREFIX)/include/core2.h
	install -m 644 $(OUT)/libcore2.a $(DESTDIR)$(PREFIX)/lib/libcore2.a
	install -m 644 $(OUT)/core2.pc $(DESTDIR)$(PREFIX)/lib/pkgconfig/core2.pc
	for a in $(patsubst -l%,lib%.a,$(DEP_LIBS)); do install -m 644 $(PFX)/lib/$$a $(DESTDIR)$(PREFIX)/lib/core2/$$a || exit 1; done

# The example helper (tests/example), built out of tree against an
# installed copy of the library only, as a user would.
EXAMPLE_ROOT := $(B)/example/root
$(B)/example/pfiles: tests/example/pfiles.c $(OUT)/libcore2.a $(OUT)/core2.pc
	@rm -rf $(EXAMPLE_ROOT)
	@$(MAKE) --no-print-directory install-lib DESTDIR=$(EXAMPLE_ROOT) PREFIX=/usr >/dev/null
	cd $(B)/example && $(CC) $(LDFLAGS) -o pfiles $(TOP)/tests/example/pfiles.c \
	  $$(PKG_CONFIG_PATH= PKG_CONFIG_LIBDIR=$(EXAMPLE_ROOT)/usr/lib/pkgconfig \
	     pkg-config --define-variable=prefix=$(EXAMPLE_ROOT)/usr --static --cflags --libs core2)

# --- The compiled-in offsets table --------------------------------------------
# make OFFSETS_FROM=FILE [OFFSETS_RELEASE=R]: FILE is a BTF or CTF file; the
# layouts core2's applets assume are taken from it at build time (lib/types/gen/
# offsets.c) into build/gen/offsets_table.c (generated, never committed),
# which lib/types/offsets.c includes. Without OFFSETS_FROM the table is empty.
# With OFFSETS_RELEASE (a kernel release) it answers only for that release.
GEN := $(OUT)/gen
OFFSETS_SCAN := $(filter-out lib/types/offsets.c,$(LIB_SRC)) $(CMD_SRC)
GEN_OBJ := $(filter-out $(OUT)/obj/lib/types/offsets.o,$(LIB_OBJ))

# The generator is libcore2 with an empty table, run on the build machine.
$(GEN)/offsets-gen: lib/types/gen/offsets.c lib/types/offsets.c lib/types/offsets.h $(GEN_OBJ)
	@mkdir -p $(GEN)
	$(CC) $(CFLAGS) $(C2_CPPFLAGS) -DOFFSETS_NO_TABLE $(LDFLAGS) -o $@ lib/types/gen/offsets.c lib/types/offsets.c $(GEN_OBJ) \
	  -L$(PFX)/lib $(DEP_LIBS)

# Remade when OFFSETS_FROM or OFFSETS_RELEASE change, not on every make.
$(GEN)/offsets.key: FORCE
	@mkdir -p $(GEN)
	@echo '$(abspath $(OFFSETS_FROM)) $(OFFSETS_RELEASE)' | cmp -s - $@ || \
	  echo '$(abspath $(OFFSETS_FROM)) $(OFFSETS_RELEASE)' > $@

$(GEN)/offsets_table.c: $(GEN)/offsets.key $(GEN)/offsets-gen $(OFFSETS_FROM) $(OFFSETS_SCAN)
	$(RUN) $(GEN)/offsets-gen $(if $(OFFSETS_FROM),--types $(OFFSETS_FROM)) \
	  $(if $(OFFSETS_RELEASE),--release $(OFFSETS_RELEASE)) -o $@.tmp $(OFFSETS_SCAN) && mv $@.tmp $@

# Its own rule: only this object sees build/gen.
$(OUT)/obj/lib/types/offsets.o: lib/types/offsets.c $(GEN)/offsets_table.c $(LIB_HDR) | $(call STAMP,kdumpfile) $(call STAMP,ctf)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(C2_CPPFLAGS) -I$(GEN) -c -o $@ $<

.PHONY: FORCE
FORCE:

.PHONY: size
size: $(B)/core2
	@strip -o $(B)/core2.stripped $(B)/core2
	@echo "core2 stripped: $$(stat -c %s $(B)/core2.stripped) bytes (target: at most 3 MB = 3145728)"

.PHONY: clean distclean
clean:
	rm -rf $(B)/obj $(B)/core2 $(B)/core2.stripped $(B)/tests
distclean:
	rm -rf $(B)

# --- Install -------------------------------------------------------------------
# make install [DESTDIR=...] [PREFIX=...]: core2, its core2-APPLET links
# (relative) and core2-triage in $(BINDIR), the man page in $(MANDIR)/man1,
# and the dracut module and the initramfs-tools hook and boot script where
# those tools look (outside PREFIX, but under DESTDIR). The two initramfs
# parts are told BINDIR, so they find core2 wherever PREFIX put it.
# make ARCH=aarch64 install installs the aarch64 core2 (its applet list
# read by running it under qemu-user), so the initramfs parts copy that one.
DRACUTDIR    ?= /usr/lib/dracut/modules.d/99core2
INITRAMFSDIR ?= /usr/share/initramfs-tools
INSTALL_SED   = sed 's|^core2_bindir=.*|core2_bindir=$(BINDIR)|'

.PHONY: install uninstall
install: $(OUT)/core2
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DRACUTDIR) \
	  $(DESTDIR)$(INITRAMFSDIR)/hooks $(DESTDIR)$(INITRAMFSDIR)/scripts/init-premount
	install -m 755 $(OUT)/core2 $(DESTDIR)$(BINDIR)/core2
	applets=$$($(RUN) $(OUT)/core2 --list) && [ -n "$$applets" ] && \
	  for a in $$applets; do ln -sfn core2 $(DESTDIR)$(BINDIR)/core2-$$a || exit 1; done
	install -m 755 $(TOP)/initramfs/core2-triage $(DESTDIR)$(BINDIR)/core2-triage
	install -m 644 $(TOP)/initramfs/core2.1 $(DESTDIR)$(MANDIR)/man1/core2.1
	echo '.so man1/core2.1' > $(DESTDIR)$(MANDIR)/man1/core2-triage.1
	$(INSTALL_SED) $(TOP)/initramfs/dracut/99core2/module-setup.sh > $(DESTDIR)$(DRACUTDIR)/module-setup.sh
	install -m 755 $(TOP)/initramfs/dracut/99core2/core2-triage-hook.sh $(DESTDIR)$(DRACUTDIR)/core2-triage-hook.sh
	$(INSTALL_SED) $(TOP)/initramfs/initramfs-tools/hooks/core2 > $(DESTDIR)$(INITRAMFSDIR)/hooks/core2
	install -m 755 $(TOP)/initramfs/initramfs-tools/scripts/init-premount/core2 \
	  $(DESTDIR)$(INITRAMFSDIR)/scripts/init-premount/core2
	chmod 755 $(DESTDIR)$(DRACUTDIR)/module-setup.sh $(DESTDIR)$(INITRAMFSDIR)/hooks/core2

uninstall:
	for a in $$($(RUN) $(OUT)/core2 --list); do rm -f $(DESTDIR)$(BINDIR)/core2-$$a; done
	rm -f $(DESTDIR)$(BINDIR)/core2 $(DESTDIR)$(BINDIR)/core2-triage \
	  $(DESTDIR)$(MANDIR)/man1/core2.1 $(DESTDIR)$(MANDIR)/man1/core2-triage.1 \
	  $(DESTDIR)$(INITRAMFSDIR)/hooks/core2 $(DESTDIR)$(INITRAMFSDIR)/scripts/init-premount/core2
	rm -rf $(DESTDIR)$(DRACUTDIR)

include initramfs/packaging/pkg.mk

# The initramfs tests (tests/vm/initramfs-test.sh): real dracut and
# mkinitramfs images with core2's module and hook, booted as the capture
# kernel's initrd after a real crash. About 3.5 min per kernel.
INITRAMFS_KERNELS ?= $(CHECK_KERNELS)
INITRAMFS_ENV = TOP='$(TOP)' B='$(B)' APTCONF='$(APTCONF)' VM_PACKAGES='$(VM_PACKAGES)' \
	VM_CPU='$(VM_CPU)' INITRAMFS_KERNELS='$(INITRAMFS_KERNELS)' INITRAMFS_CORE2='$(VM_CORE2)'
.PHONY: check-initramfs
check-initramfs: $(B)/core2 $(VM_CORE2) $(APTCONF) $(B)/.vm-packages
	@$(INITRAMFS_ENV) CORE2=$(B)/core2 tests/run.sh tests/vm/initramfs-test.sh

# Issue 21's end-to-end test (tests/vm/kdump-tools-e2e.sh): a Debian system of
# KERNEL's suite made by mmdebstrap with Debian's own kdump-tools and the .deb
# of `make deb`, crashed under QEMU; kdump-tools' capture boot saves the dump
# and our drop-in the triage beside it. make check-kdump-tools KERNEL=bookworm.
# Not in make check (yet): a cycle takes 1.5 to 3 minutes per kernel with the
# image cached, 5 to 8 the first time (mmdebstrap, the image's first boot).
.PHONY: check-kdump-tools
check-kdump-tools: $(B)/core2 $(APTCONF) $(B)/.vm-packages
	@mkdir -p $(PKGB)
	@$(MAKE) --no-print-directory deb PKG_RELEASE=1 >$(PKGB)/e2e-deb.log 2>&1 || { tail -n 30 $(PKGB)/e2e-deb.log; exit 1; }
	@TOP='$(TOP)' B='$(B)' APTCONF='$(APTCONF)' VM_PACKAGES='$(VM_PACKAGES)' VM_CPU='$(VM_CPU)' \
	  CORE2=$(B)/core2 DEB=$(PKGB)/core2_$(VERSION)-1_$(DEB_ARCH).deb E2E_KERNELS='$(KERNEL)' \
	  tests/run.sh tests/vm/kdump-tools-e2e.sh

# --- Tests ---------------------------------------------------------------------
# Unit tests link only the lib/ parts they test, with the same compiler.
# tests/unit follows the source tree: tests/unit/PART/test_NAME.c tests
# lib/PART/NAME.c (or cmd/NAME.c for PART cmd) and becomes build/tests/PART/test_NAME.
UNIT_TESTS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(wildcard tests/unit/*/test_*.c))
unit_src = $(firstword $(wildcard lib/$(subst test_,,$(1)).c $(subst test_,,$(1)).c))

# (and what that part is built on: UNIT_LIBS_PART/test_NAME)
UNIT_LIBS_types/test_btf := lib/types/typewalk.c
UNIT_LIBS_arch/test_arch := lib/arch/x86_64.c lib/arch/aarch64.c
.SECONDEXPANSION:
$(B)/tests/%: tests/unit/%.c $$(call unit_src,$$*) $$(UNIT_LIBS_$$*) tests/unit/unit.h $(LIB_HDR) cmd/opt.h \
		| $(B)/.host-packages
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(call unit_src,$*) $(UNIT_LIBS_$*)

.PHONY: check check-unit check-cli
check-unit: $(UNIT_TESTS) $(B)/core2
	@OBJ=$(B)/obj/lib tests/run.sh $(UNIT_TESTS) tests/layers.sh

check-cli: $(B)/core2
	@CORE2=$(B)/core2 tests/run.sh tests/cli/*.sh

# The VM harness: make fixtures, make vm-run (tests/vm/README.md).
include tests/vm/vm.mk

# The VM tests of one kernel: make check-vm KERNEL=trixie. A guest cycle
# that fails is tried once more: a TCG guest can miss a deadline or, rarely,
# oops while booting; a real failure fails twice.
# Kernels are prepared VM_JOBS at a time (each kernel's own cycles stay in
# order): a guest keeps one host core busy most of its cycle, so two kernels
# side by side on this 2-core machine take little more than one.
VM_JOBS ?= 2
VM_PREPARE = $(MAKE) --no-print-directory -j$(VM_JOBS) -Otarget $(addprefix vm-prepare-,$(1))
vm-prepare-%:
	@$(MAKE) --no-print-directory fixtures KERNEL=$* || $(MAKE) --no-print-directory fixtures KERNEL=$*
	@$(MAKE) --no-print-directory vm-run KERNEL=$* || $(MAKE) --no-print-directory vm-run KERNEL=$*
.PHONY: check-vm
check-vm: $(B)/core2 $(B)/example/pfiles $(B)/.vm-packages
	@$(call VM_PREPARE,$(KERNEL))
	@CORE2=$(B)/core2 PFILES=$(B)/example/pfiles VM_B=$(B) VM_KERNELS="$(KERNEL)" tests/run.sh tests/vm/check-vm.sh

# The scale fixture's checks (tests/vm/check-scale.sh), also part of make
# check for CHECK_SCALE_KERNELS (config.mk): its first fixture takes about 3
# minutes of guest and 835 MB, the checks 3 to 6 minutes.
# make check-scale [KERNEL=bookworm]
.PHONY: check-scale
vm-prepare-scale-%:
	@$(MAKE) --no-print-directory fixtures-scale KERNEL=$* || $(MAKE) --no-print-directory fixtures-scale KERNEL=$*
check-scale: $(B)/core2 $(B)/.vm-packages
	@$(MAKE) --no-print-directory vm-prepare-scale-$(KERNEL)
	@CORE2=$(B)/core2 VM_B=$(B) SCALE_KERNELS="$(KERNEL)" tests/run.sh tests/vm/check-scale.sh

# The arm64 fixtures (tests/vm/arm64, vm.mk), also part of make check for
# CHECK_ARM64_KERNELS (config.mk): a cycle takes 1 to 2 minutes of one core.
# The capture kernel of CHECK_ARM64_GUEST's also runs the aarch64 core2,
# cross-built first (make ARCH=aarch64; tests/cross/check-aarch64-build.sh).
ARM64_GUEST = $(if $(filter $(1),$(CHECK_ARM64_GUEST)),GUEST_CORE2=$(B)/aarch64/core2)
vm-prepare-arm64-%:
	@$(if $(call ARM64_GUEST,$*),$(MAKE) --no-print-directory ARCH=aarch64 all >$(B)/aarch64-build.log 2>&1 || \
	  { tail -n 30 $(B)/aarch64-build.log; exit 1; })
	@$(MAKE) --no-print-directory fixtures-arm64 ARM64_KERNEL=$* $(call ARM64_GUEST,$*) || \
	  $(MAKE) --no-print-directory fixtures-arm64 ARM64_KERNEL=$* $(call ARM64_GUEST,$*)

# The main job end to end: build, make the default kernel's fixture if it is
# not there, and run the applets on its real vmcore beside the guest's truth.
.PHONY: demo
demo: $(B)/core2
	@$(MAKE) --no-print-directory fixtures KERNEL=$(KERNEL)
	@CORE2=$(B)/core2 sh tests/vm/demo.sh $(VM_FIXTURE_DIR)

# Benchmarks: figures (median, min, max, peak RSS), never pass or fail.
# make bench: core2 side by side with drgn and crash on each fixture's zlib dump
# (tests/bench/compare.sh: times, memory, outputs compared, sizes on disk), then
# core2's own figures per dump format (tests/bench/core2.sh), all in
# build/bench/results.md. Installs Debian's crash and python3-drgn (tools) and
# downloads each kernel's linux-image-RELEASE-dbg (0.8-1 GB; unpacked under
# build/bench/dbg, about 12 GB for both kernels, never installed).
# The scale fixture (make fixtures-scale) joins when it exists: its walks
# side by side, and core2's own figures for them on zlib and ELF.
# make bench QUICK=1: core2 only, no installs, no downloads (CI).
BENCH_FIXTURES ?= $(wildcard $(B)/fixtures/bookworm $(B)/fixtures/trixie $(B)/fixtures/bookworm-scale)

.PHONY: bench
bench: $(B)/core2 $(B)/timeit $(if $(QUICK),,$(B)/.bench-packages $(APTCONF))
	@mkdir -p $(B)/bench
	@CORE2=$(B)/core2 TIMEIT=$(B)/timeit OUT=$(B)/bench APTCONF=$(APTCONF) QUICK=$(QUICK) \
	  sh tests/bench/compare.sh $(BENCH_FIXTURES) >/dev/null
	@{ echo; echo "## core2 alone: more lookups, every dump format"; \
	  CORE2=$(B)/core2 TIMEIT=$(B)/timeit sh tests/bench/core2.sh $(BENCH_FIXTURES); } >> $(B)/bench/results.md
	@cat $(B)/bench/results.md

# Comparison tools; a failed install is not fatal (compare.sh reports them skipped).
$(B)/.bench-packages: config.mk
	@mkdir -p $(B)
	@missing=$$(for p in $(BENCH_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing benchmark tools: $$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get $(APT_WAIT) install -y -q $$missing >$(B)/bench-packages.log 2>&1 || \
	  { echo "could not install $$missing (see $(B)/bench-packages.log): skipped in the comparison"; exit 0; }; fi; \
	touch $@

# Two kernels' fixtures side by side, runs alternating (tests/bench/ab.sh):
# make bench-ab [AB="trixie sid"] [ROUNDS=21] [ENV_A=VAR=VALUE] [ENV_B=...];
# one fixture with and without the direct reads of lib/dump/fastread.c:
# make bench-ab AB="bookworm bookworm" ENV_A=CORE2_NO_FASTREAD=1
AB ?= trixie sid
.PHONY: bench-ab
bench-ab: $(B)/core2 $(B)/timeit
	@CORE2=$(B)/core2 TIMEIT=$(B)/timeit ROUNDS=$(or $(ROUNDS),21) ENV_A="$(ENV_A)" ENV_B="$(ENV_B)" \
	  sh tests/bench/ab.sh $(addprefix $(B)/fixtures/,$(word 1,$(AB)) $(word 2,$(AB)))

$(B)/timeit: tests/bench/timeit.c
	@mkdir -p $(B)
	$(HOSTCC) -O2 -o $@ $<

# The type tests of the fixtures' kernels (tests/vm/check-types.sh): core2's
# BTF reader against pahole, its CTF reader against its BTF reader, and a
# core2 built with each kernel's compiled-in offsets table
# ($(B)/offsets/K/core2) against the dump's own BTF.
$(B)/.types-packages: config.mk
	$(call install_packages,$(TYPES_PACKAGES),type test tools)

OFFSETS_K := $(B)/offsets/$(KERNEL)
NOTABLE_OBJ := $(filter-out $(B)/obj/lib/types/offsets.o,$(OBJ))
.PHONY: offsets-core2 check-types
offsets-core2: $(OFFSETS_K)/core2
$(OFFSETS_K)/core2: $(NOTABLE_OBJ) $(GEN)/offsets-gen lib/types/offsets.c lib/types/offsets.h $(VM_FIXTURE_DIR)/truth/btf
	@mkdir -p $(@D)
	$(GEN)/offsets-gen --types $(VM_FIXTURE_DIR)/truth/btf --release "$$(cat $(VM_FIXTURE_DIR)/truth/release)" \
	  -o $(@D)/offsets_table.c $(OFFSETS_SCAN)
	$(CC) $(CFLAGS) $(C2_CPPFLAGS) -I$(@D) -c -o $(@D)/offsets.o lib/types/offsets.c
	$(CC) $(LDFLAGS) -o $@ $(NOTABLE_OBJ) $(@D)/offsets.o -L$(PFX)/lib $(DEP_LIBS)

TYPES_PREPARE = for k in $(1); do $(MAKE) --no-print-directory offsets-core2 KERNEL=$$k || exit 1; done
TYPES_ENV = CORE2=$(B)/core2 VM_B=$(B) OFFSETS_GEN=$(GEN)/offsets-gen TOP='$(TOP)' B='$(B)' APTCONF='$(APTCONF)' APT_SUITES='$(APT_SUITES)'

# Only the type tests, on fixtures already made: make check-types [CHECK_KERNELS=...]
check-types: $(B)/core2 $(B)/.types-packages $(APTCONF)
	@$(call TYPES_PREPARE,$(CHECK_KERNELS))
	@$(TYPES_ENV) VM_KERNELS="$(CHECK_KERNELS)" tests/run.sh tests/vm/check-types.sh

# What a fresh-clone make check took on disk at its peak (2026-12-05, with
# the fixtures' zero pages as holes); printed beside the free space at its start.
CHECK_DISK_MB = 13000

# Everything: unit and CLI tests, the fuzz targets' corpora replayed, then
# the VM, type and initramfs tests of every kernel in CHECK_KERNELS (config.mk).
check: $(B)/core2 $(UNIT_TESTS) $(B)/example/pfiles $(APTCONF) $(B)/.types-packages $(B)/.vm-packages \
		$(if $(CHECK_ARM64_KERNELS),$(B)/.arm64-packages)
	@df -Pm $(B) | awk 'NR == 2 { print "make check: " $$4 " MB free on the disk of $(B) (a run from a fresh clone takes about $(CHECK_DISK_MB) MB)" }'
	@$(call VM_PREPARE,$(CHECK_KERNELS) $(addprefix scale-,$(CHECK_SCALE_KERNELS)) $(addprefix arm64-,$(CHECK_ARM64_KERNELS)))
	@$(call TYPES_PREPARE,$(CHECK_KERNELS))
	@$(MAKE) --no-print-directory pkg-test-builds
	@$(if $(CHECK_ARM64_GUEST),$(MAKE) --no-print-directory ARCH=aarch64 deb rpm PKG_RELEASE=1 >$(B)/aarch64/pkg-build.log 2>&1 || \
	  { tail -n 30 $(B)/aarch64/pkg-build.log; exit 1; })
	@$(INITRAMFS_ENV) $(TYPES_ENV) $(PKG_TEST_ENV) PFILES=$(B)/example/pfiles VM_KERNELS="$(CHECK_KERNELS)" \
	  SCALE_KERNELS="$(CHECK_SCALE_KERNELS)" ARM64_KERNELS="$(CHECK_ARM64_KERNELS)" \
	  $(if $(CHECK_ARM64_GUEST),CROSS_CORE2=$(B)/aarch64/core2 HOST_CORE2=$(B)/core2 CROSS_PKG=$(B)/aarch64/pkg \
	    GUEST_FIXTURE=$(B)/fixtures/$(CHECK_ARM64_GUEST)-arm64 GUEST_REQUIRED=1) \
	  FUZZ_DIR=$(FUZZ_DIR) FUZZ_TARGETS="$(FUZZ_TARGETS)" OBJ=$(B)/obj/lib \
	  tests/run.sh $(UNIT_TESTS) tests/layers.sh tests/cli/*.sh tests/package.sh tests/fuzz/regress.sh tests/vm/check-vm.sh \
	  tests/vm/check-types.sh tests/vm/initramfs-test.sh tests/vm/check-scale.sh tests/vm/check-arm64.sh \
	  $(if $(CHECK_ARM64_GUEST),tests/cross/check-aarch64-build.sh)

# libFuzzer targets: make fuzz [FUZZ_SECONDS=N], make fuzz-regress.
include tests/fuzz/fuzz.mk
