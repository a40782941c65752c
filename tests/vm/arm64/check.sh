#!/bin/sh
# The host-side queries (tests/vm/queries.sh) and checks (tests/vm/check.sh)
# on each dump of an arm64 fixture, then the dentry-cache and stack-trace
# checks (tests/vm/check-dentries.sh, check-bt.sh). A format the capture kernel
# could not write is a skip with the reason it recorded (dumps/skipped).
# qemu.elf, QEMU's dump-guest-memory of the live guest after its truth was
# recorded, is judged as a snapshot (no crashed CPU), as on x86_64.
# Ends with the counts: "N passed, N failed, N skipped".
#   sh check.sh CORE2 FIXTUREDIR RESULTDIR
set -u
C=$(realpath "$1"); F=$(realpath "$2"); R=$3
HERE=$(cd "$(dirname "$0")/.." && pwd)
K=$(basename "$F")
[ -d "$F/dumps" ] || { echo "FAIL - no arm64 fixture in $F: run make fixtures-arm64"; exit 1; }
mkdir -p "$R"
for f in zlib lzo zstd elf flat split raw qemu; do
	mode=dump
	case $f in
	split) set -- "$F/dumps/vmcore.split.1" "$F/dumps/vmcore.split.2" ;;
	qemu) set -- "$F/dumps/qemu.elf"; mode=snapshot ;;
	*) set -- "$F/dumps/vmcore.$f" ;;
	esac
	if [ ! -f "$1" ]; then
		why=$(sed -n "s/^vmcore\.$f: //p" "$F/dumps/skipped" 2>/dev/null)
		if [ -n "$why" ]; then echo "skip - $K-$f: no such dump: $why"
		elif [ $f = raw ]; then echo "skip - $K-$f: no raw /proc/vmcore in this fixture (made with ARM64_RAW=0)"
		else echo "FAIL - $K-$f: no ${1##*/} in $F/dumps and no reason in dumps/skipped"; fi
		continue
	fi
	rm -rf "$R/$f" && mkdir -p "$R/$f"
	CORE2=$C TRUTH=$F/truth timeout 300 sh "$HERE/queries.sh" "$R/$f" "$@" >"$R/$f.log" 2>&1
	sh "$HERE/check.sh" "$R/$f" "$F/truth" "$K-$f" $mode
	# The dentry cache against the guest's workload (tests/vm/check-dentries.sh).
	# A kernel without data symbols has no hash table to name: the default
	# walk is then the tree walk, and --hash says so.
	nodata=
	[ -s "$R/$f/truth-core" ] && ! grep -q '^[0-9a-f]* [bBd] ' "$R/$f/truth-core" && nodata=1
	if [ ! -s "$F/truth/created-paths.0" ]; then
		echo "skip - $K-$f: dentries: no workload truth in this fixture (made before the workload disk: remake it)"
	elif [ -n "$nodata" ]; then
		DEFAULT_WALK="default walk (the trees: no hash table without data symbols)" \
			sh "$HERE/check-dentries.sh" "$R/$f" "$F/truth" "$K-$f"
		"$C" -c "$1" ${2:+-c "$2"} dentries --hash -s >"$R/$f/dentries-hash.out" 2>"$R/$f/dentries-hash.err"
		if [ $? = 1 ] && grep -q 'CONFIG_KALLSYMS_ALL); the tree walk (--tree) needs no hash table' "$R/$f/dentries-hash.err"; then
			echo "ok - $K-$f: dentries --hash exits 1 saying the kernel lists no variables and --tree needs none"
		else
			echo "FAIL - $K-$f: dentries --hash on a kernel without data symbols: $(head -c 200 "$R/$f/dentries-hash.err")"
		fi
	else
		sh "$HERE/check-dentries.sh" "$R/$f" "$F/truth" "$K-$f"
	fi
	# Stack traces (tests/vm/check-bt.sh): the crashed CPU's against the
	# Call trace in the dump's log, sleeping tasks' against their
	# /proc/PID/stack. A kernel without data symbols has no panic_cpu to
	# say which CPU crashed: that part is a skip, quoting core2.
	NODATA=$nodata sh "$HERE/check-bt.sh" "$R/$f" "$F/truth" "$K-$f" $mode
done >"$R/check.log"
cat "$R/check.log"
p=$(grep -c '^ok - ' "$R/check.log") f=$(grep -c '^FAIL - ' "$R/check.log") s=$(grep -c '^skip - ' "$R/check.log")
echo "$p passed, $f failed, $s skipped"
[ "$f" = 0 ]
