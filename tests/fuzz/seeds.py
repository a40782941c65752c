#!/usr/bin/env python3
"""Make the fuzz seed corpora from the real fixtures (build/fixtures/K).

Seeds must stay small (at most about 100 KB per target), so big structures
are cut down: the BTF seed keeps the first types of the kernel's own BTF
(references past them become the first int), the kallsyms and printk seeds
copy real tables of a dump into a compact synthetic image.

Usage: tests/fuzz/seeds.py FIXTURE_DIR... (writes tests/fuzz/corpus/)
"""
import os
import struct
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

EXTRA = {1: 4, 3: 12, 4: -12, 5: -12, 6: -8, 13: -8, 14: 4, 15: -12, 17: 4, 19: -12}


def btf_records(blob):
    hdr_len, toff, tlen, soff, slen = struct.unpack_from("<IIIII", blob, 4)
    types = blob[hdr_len + toff:hdr_len + toff + tlen]
    strs = blob[hdr_len + soff:hdr_len + soff + slen]
    pos, recs = 0, []
    while pos < len(types):
        name, info, sz = struct.unpack_from("<III", types, pos)
        kind, vlen = (info >> 24) & 0x1f, info & 0xffff
        e = EXTRA.get(kind, 0)
        n = 12 + (e if e >= 0 else -e * vlen)
        recs.append(bytearray(types[pos:pos + n]))
        pos += n
    return recs, strs


def btf_seed(blob, keep):
    """The first `keep` types, made self-contained, with their own strings."""
    recs, strs = btf_records(blob)
    recs = recs[:keep]
    n = len(recs) + 1
    first_int = next(i + 1 for i, r in enumerate(recs) if (struct.unpack_from("<I", r, 4)[0] >> 24) & 0x1f == 1)
    newstrs, seen = bytearray(b"\0"), {0: 0}

    def name(off):
        if off not in seen:
            end = strs.index(b"\0", off)
            seen[off] = len(newstrs)
            newstrs.extend(strs[off:end + 1])
        return seen[off]

    def ref(r, at):
        v = struct.unpack_from("<I", r, at)[0]
        if v >= n:
            struct.pack_into("<I", r, at, first_int)

    for r in recs:
        info = struct.unpack_from("<I", r, 4)[0]
        kind, vlen = (info >> 24) & 0x1f, info & 0xffff
        struct.pack_into("<I", r, 0, name(struct.unpack_from("<I", r, 0)[0]))
        if kind == 12 and struct.unpack_from("<I", r, 8)[0] >= n:
            struct.pack_into("<I", r, 4, (8 << 24))   # a func of a lost proto: a typedef
        if kind in (2, 8, 9, 10, 11, 12, 14, 17, 18, 13):
            ref(r, 8)
        if kind == 3:
            ref(r, 12)
            ref(r, 16)
        if kind in (4, 5):
            for i in range(vlen):
                struct.pack_into("<I", r, 12 + 12 * i, name(struct.unpack_from("<I", r, 12 + 12 * i)[0]))
                ref(r, 16 + 12 * i)
        if kind in (6, 19):
            w = 8 if kind == 6 else 12
            for i in range(vlen):
                struct.pack_into("<I", r, 12 + w * i, name(struct.unpack_from("<I", r, 12 + w * i)[0]))
        if kind == 13:
            for i in range(vlen):
                struct.pack_into("<I", r, 12 + 8 * i, name(struct.unpack_from("<I", r, 12 + 8 * i)[0]))
                ref(r, 16 + 8 * i)
        if kind == 15:
            for i in range(vlen):
                ref(r, 12 + 12 * i)
    types = b"".join(recs)
    hdr = struct.pack("<HBBIIIII", 0xeb9f, 1, 0, 24, 0, len(types), len(types), len(newstrs))
    return hdr + types + bytes(newstrs)


def write(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)
    print(f"{target}/{name}: {len(data)} bytes")


def vmcoreinfo_text(fixture):
    with open(os.path.join(fixture, "dumps", "vmcore.elf"), "rb") as f:
        head = f.read(1 << 20)
    i = head.find(b"OSRELEASE=")
    return head[i:head.index(b"\0", i)]


def main():
    for fx in sys.argv[1:]:
        tag = os.path.basename(os.path.realpath(fx)).split("-")[0].split("+")[0]
        write("vmcoreinfo", tag + ".txt", vmcoreinfo_text(fx))
        with open(os.path.join(fx, "truth", "btf"), "rb") as f:
            blob = f.read()
        write("btf", tag + ".btf", btf_seed(blob, int(os.environ.get("BTF_KEEP", "600"))))
        write("kallsyms", tag + ".img", kallsyms_seed(fx))
        write("printk", tag + ".ring", printk_ring_seed(fx))
    write("printk", "logbuf", printk_logbuf_seed(sys.argv[1]))


# --- kallsyms and printk: real tables, copied into a compact image ----------

def vmci(fixture):
    out = {}
    for line in vmcoreinfo_text(fixture).decode().splitlines():
        k, _, v = line.partition("=")
        out[k] = v
    return out


def reader(fixture):
    import subprocess
    core2 = os.environ.get("CORE2", "build/core2")
    dump = os.path.join(fixture, "dumps", "vmcore.zlib")

    def rd(addr, n):
        return subprocess.run([core2, "-c", dump, "read", "-r", "-n", str(n), hex(addr)], check=True,
                              stdout=subprocess.PIPE).stdout
    return rd


def kallsyms_seed(fixture, extra=150):
    v, rd = vmci(fixture), reader(fixture)
    sym = lambda k: int(v["SYMBOL(%s)" % k], 16)
    tindex = rd(sym("kallsyms_token_index"), 512)
    idx = struct.unpack("<256H", tindex)
    ttab = rd(sym("kallsyms_token_table"), max(idx) + 64)
    tokens = [ttab[i:ttab.index(b"\0", i)] for i in idx]
    names = rd(sym("kallsyms_names"), 65536)
    pos, n, stext = 0, 0, None
    while stext is None or n < stext + extra:
        ln = names[pos]
        hdr = 1
        if ln & 0x80:
            ln, hdr = (ln & 0x7f) | names[pos + 1] << 7, 2
        text = b"".join(tokens[t] for t in names[pos + hdr:pos + hdr + ln])
        if text[1:] == b"_stext":
            stext = n
        pos += hdr + ln
        n += 1
    offsets = rd(sym("kallsyms_offsets"), 4 * n)
    relbase = rd(sym("kallsyms_relative_base"), 8)
    img = bytearray()

    def put(b, align=8):
        while len(img) % align:
            img.append(0)
        at = len(img)
        img.extend(b)
        return at
    # The 6.1 order: offsets, relative_base, num_syms, names, markers, token_table, token_index.
    o_off = put(offsets)
    o_rel = put(relbase)
    o_num = put(struct.pack("<I", n))
    o_names = put(names[:pos])
    marks, p, i = [], 0, 0
    while i < n:
        if i % 256 == 0:
            marks.append(p)
        ln = names[p]
        p += 2 + ((ln & 0x7f) | names[p + 1] << 7) if ln & 0x80 else 1 + ln
        i += 1
    put(struct.pack("<%dI" % len(marks), *marks))
    o_tt = put(ttab)
    o_ti = put(tindex)
    NONE = 0xffffffff
    hdr = struct.pack("<IIIIIIIIQ", o_names, o_num, o_tt, o_ti, NONE, o_off, o_rel, stext, sym("_stext"))
    return hdr + bytes(img)


def dmesg_lines(fixture, n):
    with open(os.path.join(fixture, "truth", "dmesg"), "rb") as f:
        lines = [l.rstrip(b"\n") for l in f]
    return [l.split(b"] ", 1)[-1][:100] for l in lines if l][:n]


def printk_ring_seed(fixture):
    """A 16-record lockless ring in the fixture's own layout, one wrap."""
    v = vmci(fixture)
    num = lambda k: int(v[k])
    count_bits, size_bits = 4, 10
    count, size = 1 << count_bits, 1 << size_bits
    dsz, isz = num("SIZE(prb_desc)"), num("SIZE(printk_info)")
    o_descs = 128
    o_infos = o_descs + count * dsz
    o_data = o_infos + count * isz
    img = bytearray(o_data + size)
    BASE = 0xffff888000000000
    dr, tr = num("OFFSET(printk_ringbuffer.desc_ring)"), num("OFFSET(printk_ringbuffer.text_data_ring)")
    struct.pack_into("<I", img, dr + num("OFFSET(prb_desc_ring.count_bits)"), count_bits)
    struct.pack_into("<Q", img, dr + num("OFFSET(prb_desc_ring.descs)"), BASE + o_descs)
    struct.pack_into("<Q", img, dr + num("OFFSET(prb_desc_ring.infos)"), BASE + o_infos)
    struct.pack_into("<I", img, tr + num("OFFSET(prb_data_ring.size_bits)"), size_bits)
    struct.pack_into("<Q", img, tr + num("OFFSET(prb_data_ring.data)"), BASE + o_data)
    first, lpos = 40, 3 * size + 700
    texts = dmesg_lines(fixture, count)
    for k, text in enumerate(texts):
        rid = first + k
        d, i = o_descs + (rid % count) * dsz, o_infos + (rid % count) * isz
        state = 1 if k == 3 else 2                # one committed, not yet finalized
        struct.pack_into("<Q", img, d + num("OFFSET(prb_desc.state_var)"), state << 62 | rid)
        blk = (8 + len(text) + 7) & ~7
        if k == 5:
            begin = nxt = lpos                    # a record without text
        elif lpos % size + blk > size:
            begin, nxt = lpos, (lpos // size + 1) * size + blk
            at = 0
        else:
            begin, nxt, at = lpos, lpos + blk, lpos % size
        if begin != nxt:
            struct.pack_into("<Q", img, o_data + at, rid)
            img[o_data + at + 8:o_data + at + 8 + len(text)] = text
        lpos = nxt
        tb = d + num("OFFSET(prb_desc.text_blk_lpos)")
        struct.pack_into("<Q", img, tb + num("OFFSET(prb_data_blk_lpos.begin)"), begin)
        struct.pack_into("<Q", img, tb + num("OFFSET(prb_data_blk_lpos.next)"), nxt)
        struct.pack_into("<Q", img, i + num("OFFSET(printk_info.seq)"), 1000 + k)
        struct.pack_into("<Q", img, i + num("OFFSET(printk_info.ts_nsec)"), 1000000 * k)
        struct.pack_into("<H", img, i + num("OFFSET(printk_info.text_len)"), len(text) + (k == 7))
        img[i + num("OFFSET(printk_info.text_len)") + 3] = 6 << 5
        struct.pack_into("<I", img, i + num("OFFSET(printk_info.caller_id)"), 100 + k)
        if k == 2:
            dv = i + num("OFFSET(printk_info.dev_info)")
            at = dv + num("OFFSET(dev_printk_info.subsystem)")
            img[at:at + 3] = b"pci"
            at = dv + num("OFFSET(dev_printk_info.device)")
            img[at:at + 12] = b"+pci:0000:00"
    struct.pack_into("<Q", img, dr + num("OFFSET(prb_desc_ring.head_id)"), first + len(texts) - 1)
    struct.pack_into("<Q", img, dr + num("OFFSET(prb_desc_ring.tail_id)"), first)
    ti = num("OFFSET(printk_info.text_len)")
    fields = [0, 0, dr, tr, num("OFFSET(prb_desc_ring.count_bits)"), num("OFFSET(prb_desc_ring.descs)"),
              num("OFFSET(prb_desc_ring.infos)"), num("OFFSET(prb_desc_ring.head_id)"),
              num("OFFSET(prb_desc_ring.tail_id)"), dsz, num("OFFSET(prb_desc.state_var)"),
              num("OFFSET(prb_desc.text_blk_lpos)"), num("OFFSET(prb_data_blk_lpos.begin)"),
              num("OFFSET(prb_data_blk_lpos.next)"), isz, num("OFFSET(printk_info.seq)"),
              num("OFFSET(printk_info.ts_nsec)"), ti, num("OFFSET(printk_info.caller_id)"),
              num("OFFSET(printk_info.dev_info)"), num("OFFSET(dev_printk_info.subsystem)"),
              num("LENGTH(printk_info_subsystem)"), num("OFFSET(dev_printk_info.device)"),
              num("LENGTH(printk_info_device)"), num("OFFSET(prb_data_ring.size_bits)"),
              num("OFFSET(prb_data_ring.data)"), v.get("OFFSET(atomic_long_t.counter)", "0"), ti + 2, ti + 3]
    hdr = struct.pack("<32I", *[int(x) & 0xffffffff for x in fields + [0] * (32 - len(fields))])
    return hdr + bytes(img)


def printk_logbuf_seed(fixture):
    """The older log_buf (before 5.10) with a wrap marker; no caller ids."""
    BASE, blen, o_buf = 0xffff888000000000, 1024, 64
    img = bytearray(o_buf + blen)
    struct.pack_into("<Q", img, 0, BASE + o_buf)
    recs, pos = [], 700
    first = pos
    for k, text in enumerate(dmesg_lines(fixture, 12)):
        dict_ = b"SUBSYSTEM=pci\0DEVICE=+pci:0000:00:01.0" if k == 1 else b""
        ln = (16 + len(text) + len(dict_) + 7) & ~7
        if pos + ln + 16 > blen:
            struct.pack_into("<H", img, o_buf + pos + 8, 0)   # wrap marker
            pos = 0
        r = o_buf + pos
        struct.pack_into("<QHHHBB", img, r, 5000 * k, ln, len(text), len(dict_), 0, (6 << 5) | 2)
        img[r + 16:r + 16 + len(text)] = text
        img[r + 16 + len(text):r + 16 + len(text) + len(dict_)] = dict_
        pos += ln
    struct.pack_into("<III", img, 8, blen, first, pos)
    fields = [1, 0, 8, 12, 16, 16, 0, 8, 10, 12, 14, 15, 0xffffffff]
    return struct.pack("<32I", *(fields + [0] * (32 - len(fields)))) + bytes(img)


if __name__ == "__main__":
    main()
