# libFuzzer targets for core2's parsers (tests/fuzz/README.md).
# Included at the end of the top Makefile, which defines TOP, B, SRC, DEPS.
#
#   make fuzz [FUZZ_SECONDS=60] [FUZZ_TARGETS="vmcoreinfo btf ..."]
#       build every target and run each for FUZZ_SECONDS, one at a time,
#       starting from tests/fuzz/corpus/NAME; new inputs go to
#       build/fuzz/corpus/NAME, crashes to build/fuzz/crashes/NAME.
#   make fuzz-build     only build them (build/fuzz/fuzz_NAME)
#   make fuzz-regress   run every input in tests/fuzz/corpus once (seeds and
#                       the inputs of crashes found and fixed)
#
# They are built with the host's clang and glibc, not musl: libFuzzer and
# the sanitizers need both. Only lib/ files that are pure functions of a
# buffer or a read callback are linked; libctf is built for them from the
# same binutils tarball (build/fuzz/ctf).

FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_DIR     := $(B)/fuzz
FUZZ_FLAGS   := -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=undefined -D_GNU_SOURCE -std=c11 -Wall -Wno-unused-parameter
# Inputs bigger than this would only be slower, not reach more code.
FUZZ_MAXLEN  ?= 262144
# Runtime options: a slow input is a hang (-timeout), and an allocation of
# more than -malloc_limit_mb is a finding (nothing the parsers read needs
# that much). The read target may ask for a 1 GiB string buffer (--max).
FUZZ_RUN_OPTS ?= -timeout=10 -rss_limit_mb=2048 -max_len=$(FUZZ_MAXLEN) -print_final_stats=1

FUZZ_TARGETS ?= vmcoreinfo kallsyms ksymtab btf printk read types dcache tasklist dump modules orc
FUZZ_BINS := $(patsubst %,$(FUZZ_DIR)/fuzz_%,$(FUZZ_TARGETS))

# What each target links besides its own file.
FUZZ_LIBS_vmcoreinfo := lib/dump/vmcoreinfo.c
FUZZ_LIBS_kallsyms   := lib/symbols/kallsyms.c
FUZZ_LIBS_ksymtab    := lib/symbols/ksymtab.c
FUZZ_LIBS_btf        := lib/types/btf.c lib/types/typewalk.c
FUZZ_LIBS_printk     := lib/walk/printk.c
FUZZ_LIBS_read       := cmd/output.c cmd/value.c cmd/opt.c lib/types/expr.c lib/types/eval.c $(wildcard lib/arch/*.c)
FUZZ_LIBS_types      := lib/types/types.c lib/bigbuf.c lib/types/ctf.c lib/types/offsets.c lib/types/btf.c lib/types/typewalk.c lib/error.c lib/dump/vmcoreinfo.c
FUZZ_LIBS_dcache     := lib/walk/dcache.c
FUZZ_LIBS_tasklist   := lib/walk/tasklist.c
FUZZ_LIBS_modules    := lib/walk/modules.c
FUZZ_LIBS_orc        := lib/walk/orc.c
FUZZ_LIBS_dump       := lib/handle.c lib/dump/dump.c lib/dump/fastread.c lib/dump/cpu.c lib/error.c lib/dump/vmcoreinfo.c $(wildcard lib/arch/*.c)

$(B)/.fuzz-packages: config.mk
	$(call install_packages,$(FUZZ_PACKAGES),fuzzing tools)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/image.h $(wildcard lib/*.h lib/*/*.h cmd/*.h lib/*.c lib/*/*.c cmd/*.c) tests/fuzz/fuzz.mk $(B)/.fuzz-packages
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_CPPFLAGS_$*) -o $@ $< $(FUZZ_LIBS_$*) $(FUZZ_LDLIBS_$*)

# cmd/util.c's exits become the fuzz target's own (see fuzz_read.c).
$(FUZZ_DIR)/util-read.o: cmd/util.c cmd/applet.h $(B)/.fuzz-packages
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS:-fsanitize=fuzzer,%=-fsanitize=fuzzer-no-link,%) -Ddie=util_die \
		-Dusage_error=util_usage_error -Dtarget=util_target -c -o $@ $<
$(FUZZ_DIR)/fuzz_read: $(FUZZ_DIR)/util-read.o
FUZZ_LDLIBS_read := $(FUZZ_DIR)/util-read.o

# libctf for the host, instrumented like the targets.
FUZZ_CTF := $(FUZZ_DIR)/ctf
FUZZ_CTF_SAN := -g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
# (The musl libctf's stamp guarantees the tarball is in $(SRC), checked.)
$(FUZZ_CTF)/.done: $(DEPS)/ctf.done $(wildcard lib/patches/binutils-*.patch) $(B)/.fuzz-packages
	rm -rf $(FUZZ_CTF) && mkdir -p $(FUZZ_CTF)/src $(FUZZ_CTF)/build
	tar -xf $(SRC)/$(BINUTILS_FILE) -C $(FUZZ_CTF)/src --strip-components=1
	for p in $(wildcard lib/patches/binutils-*.patch); do patch -s -p1 -d $(FUZZ_CTF)/src < $$p || exit 1; done
	cd $(FUZZ_CTF)/build && \
	  { CC=$(FUZZ_CC) CFLAGS="$(FUZZ_CTF_SAN)" ../src/configure --disable-nls --disable-werror --disable-gdb \
	      --disable-gprofng --disable-sim --without-debuginfod >build.log 2>&1 && \
	    $(MAKE) configure-bfd >>build.log 2>&1 && $(MAKE) -C bfd bfd.h >>build.log 2>&1 && \
	    $(MAKE) all-libiberty >>build.log 2>&1 && \
	    mkdir -p ctf && cd ctf && \
	    CC=$(FUZZ_CC) CFLAGS="$(FUZZ_CTF_SAN)" ../../src/libctf/configure --disable-nls --disable-shared \
	      --enable-static --with-system-zlib --disable-libctf-hash-debugging >>../build.log 2>&1 && \
	    $(MAKE) libctf-nobfd.la >>../build.log 2>&1; } || { tail -30 $(FUZZ_CTF)/build/build.log; exit 1; }
	@touch $@
$(FUZZ_DIR)/fuzz_types: $(FUZZ_CTF)/.done
FUZZ_CPPFLAGS_types := -I$(FUZZ_CTF)/src/include
FUZZ_LDLIBS_types := $(FUZZ_CTF)/build/ctf/.libs/libctf-nobfd.a $(FUZZ_CTF)/build/libiberty/libiberty.a -lz

# libkdumpfile for the host, instrumented, with core2's patches; zlib only
# (inflated by the host's libdeflate; lzo and zstd pages fail to read in it,
# cleanly). lib/dump/fastread.c decompresses all three itself: the host's
# lzo and zstd for it.
FUZZ_KDUMP := $(FUZZ_DIR)/kdump
$(FUZZ_KDUMP)/.done: $(DEPS)/kdumpfile.done $(KDUMPFILE_PATCHES) $(B)/.fuzz-packages
	rm -rf $(FUZZ_KDUMP) && mkdir -p $(FUZZ_KDUMP)/src
	tar -xf $(SRC)/$(KDUMPFILE_FILE) -C $(FUZZ_KDUMP)/src --strip-components=1
	for p in $(KDUMPFILE_PATCHES); do patch -s -p1 -d $(FUZZ_KDUMP)/src < $$p || exit 1; done
	cd $(FUZZ_KDUMP)/src && { autoreconf -fi >build.log 2>&1 && \
	  CC=$(FUZZ_CC) CFLAGS="$(FUZZ_CTF_SAN)" ./configure --prefix=$(FUZZ_KDUMP)/prefix --disable-shared \
	    --enable-static --without-python --with-zlib --without-lzo2 --without-libzstd --without-snappy \
	    --without-pthread >>build.log 2>&1 && \
	  $(MAKE) -C src >>build.log 2>&1 && $(MAKE) -C src install >>build.log 2>&1 && \
	  $(MAKE) -C include install >>build.log 2>&1; } || { tail -30 $(FUZZ_KDUMP)/src/build.log; exit 1; }
	@touch $@
$(FUZZ_DIR)/fuzz_dump: $(FUZZ_KDUMP)/.done
FUZZ_CPPFLAGS_dump := -I$(FUZZ_KDUMP)/prefix/include
FUZZ_LDLIBS_dump := -L$(FUZZ_KDUMP)/prefix/lib -lkdumpfile -laddrxlat -ldeflate -lz -llzo2 -lzstd

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS)

# One target at a time (the machine is shared); the figures come from
# libFuzzer's final stats and its last status line.
fuzz: $(FUZZ_BINS)
	@fail=; for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_DIR)/corpus/$$t $(FUZZ_DIR)/crashes/$$t; \
	  echo "== fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  case $$t in read) mb=1100 ;; *) mb=1024 ;; esac; \
	  ( cd $(FUZZ_DIR)/crashes/$$t && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(TOP)/tests/fuzz/lsan.supp \
	      $(FUZZ_DIR)/fuzz_$$t $(FUZZ_RUN_OPTS) \
	      -malloc_limit_mb=$$mb -max_total_time=$(FUZZ_SECONDS) \
	      $(FUZZ_DIR)/corpus/$$t $(TOP)/tests/fuzz/corpus/$$t ) >$(FUZZ_DIR)/$$t.log 2>&1; rc=$$?; \
	  grep -E '^#[0-9]+' $(FUZZ_DIR)/$$t.log | tail -1; \
	  grep -E '^stat::(number_of_executed_units|peak_rss_mb)' $(FUZZ_DIR)/$$t.log; \
	  if [ $$rc -ne 0 ]; then echo "fuzz_$$t FAILED (exit $$rc): see $(FUZZ_DIR)/$$t.log"; \
	    grep -E 'ERROR|SUMMARY|Test unit written' $(FUZZ_DIR)/$$t.log | head -5; fail=1; fi; \
	done; [ -z "$$fail" ]

# Every seed and every saved regression input, once, without fuzzing: a
# quick check that no fixed crash came back.
.PHONY: fuzz-regress
fuzz-regress: $(FUZZ_BINS)
	@FUZZ_DIR=$(FUZZ_DIR) FUZZ_TARGETS="$(FUZZ_TARGETS)" tests/run.sh tests/fuzz/regress.sh

# make check replays them too (tests/fuzz/regress.sh in its list).
check: $(FUZZ_BINS)
