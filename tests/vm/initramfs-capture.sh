#!/bin/sh
# Usage: sh initramfs-capture.sh ROOT dracut|initramfs-tools
# The test's own "kdump save", run in the capture kernel by the image under
# test (tests/vm/initramfs-test.sh puts it in), after core2's triage hook:
# the results disk is mounted at ROOT. It emulates where the real kdump tools
# save (kdump-utils: ROOT/var/crash/127.0.0.1-DATE/vmcore; kdump-tools:
# ROOT/var/crash/STAMP/dump.STAMP, with the initramfs triage copied from /run
# beside it as the README's kdump-tools-dump.service drop-in does), checks that
# core2-triage survives a failing core2, a hung one, one that ignores TERM,
# and a missing or broken /proc/vmcore (each in ROOT/results/fail-NAME), then
# saves the dump with makedumpfile, unmounts and powers off.
ROOT=$1 KIND=$2
up() { read -r u _ </proc/uptime; echo "${u%%.*}"; }
say() { read -r u _ </proc/uptime; echo "CORE2:$* t=$u"; }
off() {
	sync
	umount "$ROOT" 2>/dev/null || mount -o remount,ro "$ROOT" 2>/dev/null
	sync
	echo o >/proc/sysrq-trigger
	sleep 60
}
fail() { say "FAIL $*"; off; }

say "CAPTURE $(uname -r) $KIND"
[ -e /proc/vmcore ] || fail "no /proc/vmcore"
[ -e "$ROOT/truth/live-done" ] || fail "no live-done on the results disk at $ROOT"
R=$ROOT/results
mkdir -p "$R" "$ROOT/var/crash" || fail "cannot write to $ROOT"
cat /proc/cmdline >"$R/capture-cmdline"
ls -l /usr/bin/core2* >"$R/image-core2" 2>&1
if [ "$KIND" = initramfs-tools ]; then
	cp -a /run/core2-triage-* "$ROOT/var/crash/" 2>"$R/copy.err" || echo "no triage in /run" >>"$R/copy.err"
fi
say TRIAGED

# variant NAME ARGS...: core2-triage as the hooks run it, with a broken part.
printf '#!/bin/sh\nexit 1\n' >/tmp/core2-false
printf '#!/bin/sh\nexec sleep 100000\n' >/tmp/core2-hang
# (ignores TERM; its sleeps are short so none outlives it long, holding the disk)
printf '#!/bin/sh\ntrap "" TERM\nwhile :; do sleep 1; done\n' >/tmp/core2-stubborn
chmod 755 /tmp/core2-false /tmp/core2-hang /tmp/core2-stubborn
head -c 65536 /proc/vmcore >/tmp/vmcore-broken 2>/dev/null
variant() {
	_n=$1
	shift
	_t0=$(up)
	CORE2_TRIAGE_DIR=$R/fail-$_n sh /usr/bin/core2-triage "$@" >"$R/fail-$_n.out" 2>&1 </dev/null
	_rc=$?
	echo "rc=$_rc seconds=$(($(up) - _t0))" >"$R/fail-$_n.rc"
	say "VARIANT $_n rc=$_rc"
}
variant false -b /tmp/core2-false
variant hang -b /tmp/core2-hang -t 2 -T 6
variant stubborn -b /tmp/core2-stubborn -t 1 -T 8
variant novmcore -c /nonexistent/vmcore
variant broken -c /tmp/vmcore-broken -t 10
variant unwritable -o /proc/core2-triage-here -- sh -c 'echo the command after -- ran'
rm -f /tmp/vmcore-broken

stamp=$(date +%Y-%m-%d-%H:%M:%S 2>/dev/null || echo "boot$(up)")
if [ "$KIND" = dracut ]; then
	D=$ROOT/var/crash/127.0.0.1-$stamp F=vmcore
else
	D=$ROOT/var/crash/$stamp F=dump.$stamp
fi
mkdir -p "$D"
say SAVE
t0=$(up)
makedumpfile --message-level 22 -c -d 31 /proc/vmcore "$D/vmcore-incomplete" >"$R/makedumpfile.log" 2>&1
rc=$?
[ "$rc" = 0 ] && mv "$D/vmcore-incomplete" "$D/$F"
echo "rc=$rc seconds=$(($(up) - t0)) file=${D#"$ROOT"}/$F" >"$R/save"
[ "$rc" = 0 ] || fail "makedumpfile exited $rc"
say DONE
off
