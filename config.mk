# core2 build configuration: every tunable lives here.

VERSION = 0.1.0

# Install locations (make install).
PREFIX = /usr/local
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man

# Compiler for core2 itself and for every static dependency.
CC      = musl-gcc
CFLAGS  = -std=c11 -O2 -g -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE
LDFLAGS = -static
HOSTCC  = gcc

# Dependencies, built from Debian source packages as static musl archives.
# NAME_SRC is the source package, NAME_POOL its pool directory, NAME_FILE the
# upstream tarball and NAME_SHA256 its checksum (from the suite's Sources index).
ZLIB_SRC      = zlib
ZLIB_SUITE    = bookworm
ZLIB_VERSION  = 1.2.13
ZLIB_POOL     = z/zlib
ZLIB_FILE     = zlib_1.2.13.dfsg.orig.tar.bz2
ZLIB_SHA256   = 71feb7947e3c00ef125f83b79a4e529bde31171e5babe48b391f06758d1ab0a1

LZO_SRC       = lzo2
LZO_SUITE     = bookworm
LZO_VERSION   = 2.10
LZO_POOL      = l/lzo2
LZO_FILE      = lzo2_2.10.orig.tar.gz
LZO_SHA256    = c0f892943208266f9b6543b3ae308fab6284c5c90e627931446fb49b4221a072

ZSTD_SRC      = libzstd
ZSTD_SUITE    = bookworm
ZSTD_VERSION  = 1.5.4
ZSTD_POOL     = libz/libzstd
ZSTD_FILE     = libzstd_1.5.4+dfsg2.orig.tar.xz
ZSTD_SHA256   = 8cf4bbb65e77ec348d052c8d6230eba66d435bddf64c8b5be2fcb16880c19953

# zlib pages of kdump-compressed dumps are inflated by libdeflate (about
# twice as fast as zlib's inflate on a 4 KiB page); zlib stays for libctf.
DEFLATE_SRC     = libdeflate
DEFLATE_SUITE   = bookworm
DEFLATE_VERSION = 1.14
DEFLATE_POOL    = libd/libdeflate
DEFLATE_FILE    = libdeflate_1.14.orig.tar.gz
DEFLATE_SHA256  = 89e7df898c37c3427b0f39aadcf733731321a278771d20fc553f92da8d4808ac

# bookworm's libkdumpfile tarball is missing from the archive mirror; trixie's works.
KDUMPFILE_SRC     = libkdumpfile
KDUMPFILE_SUITE   = trixie
KDUMPFILE_VERSION = 0.5.4
KDUMPFILE_POOL    = libk/libkdumpfile
KDUMPFILE_FILE    = libkdumpfile_0.5.4.orig.tar.gz
KDUMPFILE_SHA256  = c09691c340ef875f37745610e26aab00551e1cfa626a20c3544b4f729fe5322c

# libctf comes from binutils.
BINUTILS_SRC     = binutils
BINUTILS_SUITE   = bookworm
BINUTILS_VERSION = 2.40
BINUTILS_POOL    = b/binutils
BINUTILS_FILE    = binutils_2.40.orig.tar.xz
BINUTILS_SHA256  = d78c2d2eb24a9be1e02f8854cb1bd435556d7f584fb6bfb6b07e6527d43fc41d

# Debian packages the build and the tests install on the host.
BUILD_PACKAGES = patch musl-tools autoconf automake libtool pkg-config make file xz-utils bzip2 bison flex
BENCH_PACKAGES = crash python3-drgn time
VM_PACKAGES    = qemu-system-x86 busybox-static cpio e2fsprogs zstd xz-utils kmod python3 mmdebstrap binutils
# Independent readers of the same types, for the type tests in make check
# (tests/vm/check-types.sh): pahole, bpftool, gcc -gctf and objcopy.
TYPES_PACKAGES = dwarves bpftool gcc binutils
# clang with libFuzzer and the sanitizers, and zlib, lzo and zstd for the host: make fuzz,
# make fuzz-regress (in make check), make check SANITIZE=1.
FUZZ_PACKAGES  = clang zlib1g-dev liblzo2-dev libzstd-dev libdeflate-dev
# make deb, make rpm and their test (tests/pkg.sh): lintian, rpmbuild, rpmlint.
PKG_PACKAGES   = lintian rpm rpmlint

# Kernels whose VM tests make check runs: Debian 11's 5.10, 12's 6.1, 13's
# 6.12 and unstable's newest (sid: whatever kernel Debian unstable has that
# day; its fixture key records the version, so a new sid kernel makes a new
# fixture).
CHECK_KERNELS = bullseye bookworm trixie sid
# Kernels whose scale fixture (1,020,000 dentries, 5,000 tasks; make
# check-scale) make check builds and checks too.
CHECK_SCALE_KERNELS = bookworm
# Debian arm64 kernels whose fixtures (make fixtures-arm64, under
# qemu-system-aarch64) make check builds and checks with the x86_64 core2
# (SUITE-16k: the suite's arm64-16k flavour, 16 KB pages).
CHECK_ARM64_KERNELS = bookworm trixie trixie-16k
# The one of them whose capture kernel also runs the aarch64 core2 (make
# ARCH=aarch64, cross-built by make check; tests/cross/check-aarch64-build.sh).
# Empty: no cross build in make check.
CHECK_ARM64_GUEST = trixie

# Suites the private apt configuration knows (sources, kernels, tools).
APT_SUITES = bookworm trixie bullseye sid
