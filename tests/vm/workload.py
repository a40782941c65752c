#!/usr/bin/env python3
"""Usage: workload.py DIR ENTRIES NEGATIVES [scale]

Writes the guest workload into DIR, to become an ext4 image (mkfs.ext4 -d)
that the guest mounts read-only at /data:
  DIR/tree/       at least ENTRIES files and directories, with the names that
                  break naive code: spaces, newlines, non-UTF-8 bytes, 255-byte
                  names, a deep path
  DIR/neg-list.0  NEGATIVES absolute guest paths that do not exist (NUL-separated),
                  in existing directories, for the guest to look up: a lookup of
                  a missing name leaves a negative dentry on a disk filesystem.
The tree is made on the host because creating 20,000 files under TCG would
cost minutes; the guest walks it (which puts every dentry in its dcache) and
records what it saw as ground truth.

"scale" (the scale fixture, tests/vm/cycle.sh scale) makes the bulk hostile
too: one wide directory of 20,000 entries, 50 deep chains of 100 levels, and
every name but one in seven odd (spaces, a newline, non-UTF-8 and UTF-8
bytes, a backslash, 200 bytes: longer than a dentry holds inline).
"""
import os
import sys

MOUNT = b"/data"      # where the guest mounts the image
NEG_DIRS = 100

# Names that break naive code. bytes: the tree is not UTF-8 throughout.
ODD_NAMES = [
    b"name with spaces", b"  leading and trailing  ", b"tab\there",
    b"new\nline", b"two\n\nnewlines\n", b"non-utf8-\xff\xfe", b"latin1-caf\xe9",
    "utf8-caf\u00e9-\u65e5\u672c".encode(), b"quote'\"back\\slash", b"-leading-dash",
    b"*glob?[x]", b"percent%s%n", b"255-" + b"a" * 251, "\u00e9".encode() * 127 + b"x",
    b"\xff" * 255,
]
MISSING_ODD = [
    b"missing with spaces", b"missing\nnewline", b"missing-\xff\xfe",
    b"missing-" + b"m" * 247, "\u00fc".encode() * 127 + b"y",
]


def mkdir(p):
    os.mkdir(p)
    return 1


def touch(p, data=b""):
    with open(p, "wb") as f:
        f.write(data)
    return 1


def bulk_name(i, scale):
    if not scale:
        return b"file-%06d" % i
    return (b"file-%06d", b"sp ace %06d", b"nl\n%06d", b"\xff\xfe-%06d", "caf\u00e9-%06d".encode(),
            b"back\\slash-%06d", b"L" * 192 + b"-%06d")[i % 7] % i


def main():
    out, entries, negatives = os.fsencode(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    scale = sys.argv[4:] == ["scale"]
    tree = os.path.join(out, b"tree")
    os.makedirs(tree)
    n = 0

    # Odd names as files, and as directories holding files with odd names.
    odd = os.path.join(tree, b"odd")
    n += mkdir(odd)
    for i, name in enumerate(ODD_NAMES):
        n += touch(os.path.join(odd, name), b"odd %d\n" % i)
        d = os.path.join(odd, b"dir-" + name[:250])
        n += mkdir(d)
        for other in ODD_NAMES[:3]:
            n += touch(os.path.join(d, other))

    # A deep path: 120 levels, about 1,300 bytes, well under PATH_MAX.
    d = os.path.join(tree, b"deep")
    n += mkdir(d)
    for level in range(120):
        d = os.path.join(d, b"level-%03d" % level)
        n += mkdir(d)
    n += touch(os.path.join(d, b"bottom"), b"bottom of the deep path\n")

    # Known contents, for applets that read file pages.
    known = os.path.join(tree, b"known")
    n += mkdir(known)
    n += touch(os.path.join(known, b"hello.txt"), b"core2 workload: known content\n")

    # Directories the negative lookups go to (each holds one real file).
    negdir = os.path.join(tree, b"neg")
    n += mkdir(negdir)
    for i in range(NEG_DIRS):
        d = os.path.join(negdir, b"d%02d" % i)
        n += mkdir(d)
        n += touch(os.path.join(d, b"present"))

    if scale:
        wide = os.path.join(tree, b"wide")
        n += mkdir(wide)
        for i in range(20000):
            n += touch(os.path.join(wide, bulk_name(i, scale)))
        for chain in range(50):
            d = os.path.join(tree, b"deep-%02d" % chain)
            n += mkdir(d)
            for level in range(100):
                d = os.path.join(d, bulk_name(chain * 100 + level, scale)[:64])
                n += mkdir(d)
            n += touch(os.path.join(d, b"bottom"))

    # Bulk: 200 per directory, up to the requested count.
    bulk = os.path.join(tree, b"bulk")
    n += mkdir(bulk)
    i = 0
    while n < entries:
        d = os.path.join(bulk, b"d%04d" % (i // 200))
        if i % 200 == 0:
            n += mkdir(d)
        n += touch(os.path.join(d, bulk_name(i, scale)))
        i += 1

    guest = lambda p: MOUNT + p[len(out):]
    missing = [os.path.join(negdir, b"d%02d" % (i % NEG_DIRS), b"missing-%06d" % i)
               for i in range(max(0, negatives - 2 * len(MISSING_ODD)))]
    missing += [os.path.join(negdir, b"d00", m) for m in MISSING_ODD]
    missing += [os.path.join(odd, m) for m in MISSING_ODD]
    for m in missing:
        assert not os.path.lexists(m)
    with open(os.path.join(out, b"neg-list.0"), "wb") as f:
        f.write(b"".join(guest(m) + b"\0" for m in missing))
    print(n, len(missing))


main()
