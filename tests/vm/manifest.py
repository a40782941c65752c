#!/usr/bin/env python3
"""Usage: manifest.py FIXTURE_DIR TIMES_JSON -- QEMU ARGS...

Writes FIXTURE_DIR/manifest.json and checks every dump's format against its
own header: kdump-compressed files carry "KDUMP   " and a compression flag,
flattened ones "makedumpfile", ELF ones an ELF core header. Kernel and tool
facts come from the environment (the prepared kernel's env file, exported by
cycle.sh); the guest's own record of each makedumpfile run from logs/saves.tsv.
"""
import datetime
import hashlib
import json
import os
import struct
import sys

# name: (format, compression) expected of each dump.
DUMPS = {
    "vmcore.zlib": ("kdump-compressed", "zlib"),
    "vmcore.lzo": ("kdump-compressed", "lzo"),
    "vmcore.zstd": ("kdump-compressed", "zstd"),
    "vmcore.elf": ("elf", None),
    "vmcore.flat": ("flattened", "zlib"),
    "vmcore.split.1": ("kdump-compressed", "zlib"),
    "vmcore.split.2": ("kdump-compressed", "zlib"),
    "vmcore.full.elf": ("elf", None),
    "qemu.elf": ("elf", None),
}
# disk_dump_header.status bits (makedumpfile's diskdump_mod.h)
COMPRESSION = {0x1: "zlib", 0x2: "lzo", 0x4: "snappy", 0x20: "zstd"}


def sniff(path):
    with open(path, "rb") as f:
        head = f.read(432)
    if head.startswith(b"KDUMP   "):
        # signature[8], header_version, new_utsname (6 * 65), timeval: status at 424
        status = struct.unpack_from("<I", head, 424)[0]
        return "kdump-compressed", next((v for k, v in COMPRESSION.items() if status & k), "none")
    if head.startswith(b"makedumpfile"):
        return "flattened", None
    if head.startswith(b"\x7fELF") and head[16] == 4:  # e_type ET_CORE
        return "elf", None
    return "unknown", None


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def main():
    fix, times_file, qemu = sys.argv[1], sys.argv[2], sys.argv[4:]
    env = os.environ
    saves = {}
    with open(os.path.join(fix, "logs", "saves.tsv")) as f:
        for line in f:
            name, seconds, command = line.rstrip("\n").split("\t")
            saves[name] = {"command": command, "guest_seconds": int(seconds)}
    tools = {
        "makedumpfile": {"suite": env["SUITE"], "version": env["MDF_VERSION"]},
        "makedumpfile-zstd": {"suite": env["ZSTD_SUITE"], "version": env["ZSTD_MDF_VERSION"]},
        "kexec-tools": {"suite": env["SUITE"], "version": env["KEXEC_VERSION"]},
    }
    dumps, bad = {}, []
    # A scale fixture (tests/vm/cycle.sh scale) has two saves only.
    wanted = {k: DUMPS[k] for k in ("vmcore.zlib", "vmcore.elf")} if env.get("TASKS") else DUMPS
    for name, (want_format, want_comp) in wanted.items():
        path = os.path.join(fix, "dumps", name)
        if not os.path.isfile(path) or os.path.getsize(path) == 0:
            bad.append(f"{name}: missing or empty")
            continue
        fmt, comp = sniff(path)
        if name == "vmcore.flat":
            comp = want_comp  # its header is the flattened one; the inner format is -c's
        if (fmt, comp) != (want_format, want_comp):
            bad.append(f"{name}: {fmt}/{comp}, want {want_format}/{want_comp}")
        entry = {"format": fmt, "size": os.path.getsize(path), "sha256": sha256(path)}
        if comp:
            entry["compression"] = comp
        run = saves.get(name.rsplit(".", 1)[0] if name.startswith("vmcore.split.") else name)
        if run:
            entry.update(run)
            entry["tool"] = "makedumpfile-zstd" if name == "vmcore.zstd" else "makedumpfile"
            entry["dump_level"] = 0 if name == "vmcore.full.elf" else 31
        else:
            entry["command"] = "QEMU monitor: dump-guest-memory paging=false"
            entry["tool"] = "qemu"
        dumps[name] = entry
    if bad:
        sys.exit("manifest: " + "; ".join(bad))
    with open(times_file) as f:
        times = json.load(f)
    times["fixture"] = int(env.get("FIXTURE_SECONDS", 0))  # host: whole cycle, copy-out and checks

    # The guest kernel's own word on its paging mode, from its VMCOREINFO
    # (QEMU's copy, or the ELF save's note in a scale fixture).
    first = "qemu.elf" if "qemu.elf" in wanted else "vmcore.elf"
    with open(os.path.join(fix, "dumps", first), "rb") as f:
        l5 = b"NUMBER(pgtable_l5_enabled)=1\n" in f.read(1 << 20)

    def read(rel):
        with open(os.path.join(fix, rel), errors="replace") as f:
            return f.read().strip()

    manifest = {
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "kernel": {"package": env["KPKG"], "version": env["KVER"], "suite": env["SUITE"],
                   "release": env["RELEASE"]},
        "qemu": {"version": env.get("QEMU_VERSION", ""), "cpu": env["CPU"], "options": qemu},
        "paging_levels": 5 if l5 else 4,
        "capture_cmdline": read("logs/capture-cmdline"),
        "tools": tools,
        "workload": {"entries": int(env["ENTRIES"]), "negative_lookups": int(env["NEGATIVES"]),
                     "token": read("truth/token"), "kmsg_marker": read("truth/kmsg-marker"),
                     **({"tasks": env["TASKS"].replace(" ", "x")} if env.get("TASKS") else {})},
        "harness_key": read("key"),
        "dumps": dumps,
        "timings_seconds": times,
    }
    with open(os.path.join(fix, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


main()
