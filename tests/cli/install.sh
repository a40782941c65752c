# install: make install into a temporary DESTDIR (PREFIX /usr and the default
# one); the files, the relative core2-APPLET links, the initramfs parts told
# their BINDIR, and the man page: it renders and names every applet and every
# long option core2's help texts have.
. "${0%/*}/../lib.sh"
C=${CORE2:?}
TOP=$(pwd)
D=${TMPDIR:-/tmp}/core2-install.$$
trap 'rm -rf "$D"' EXIT

# man and groff render the page; install them when missing (not the man pages
# of the system: container images often leave those out, ours is local).
if ! command -v man >/dev/null || ! command -v groff >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q man-db groff-base >/dev/null 2>&1
fi

# -o: install what is built; a test must not rebuild core2 under make check.
# (a clean make: none of an outer make check's flags or variables)
inst() { _d=$1; shift; env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -C "$TOP" --no-print-directory -s -o "$TOP/build/core2" install DESTDIR="$_d" "$@"; }
expect_rc "make install DESTDIR=... PREFIX=/usr" 0 inst "$D/a" PREFIX=/usr
A=$D/a
check "core2 installed, executable" test -x "$A/usr/bin/core2"
check "core2-triage installed, executable" test -x "$A/usr/bin/core2-triage"
bad=
for a in $("$C" --list); do
	l=$A/usr/bin/core2-$a
	[ -L "$l" ] && [ "$(readlink "$l")" = core2 ] && [ -x "$l" ] || bad="$bad $a"
done
check "a relative core2-APPLET link for every applet${bad:+ (bad:$bad)}" test -z "$bad"
expect_rc "a link runs its applet (core2-sym -h)" 0 "$A/usr/bin/core2-sym" -h
contains "core2-sym -h is sym's help" "$T_OUT" "look up kernel symbols"
M=$A/usr/lib/dracut/modules.d/99core2
check "dracut module: module-setup.sh and the hook, executable" test -x "$M/module-setup.sh" -a -x "$M/core2-triage-hook.sh"
check "dracut module knows BINDIR /usr/bin" grep -qx 'core2_bindir=/usr/bin' "$M/module-setup.sh"
check "dracut module parses (bash -n)" bash -n "$M/module-setup.sh"
I=$A/usr/share/initramfs-tools
check "initramfs-tools hook and init-premount script, executable" test -x "$I/hooks/core2" -a -x "$I/scripts/init-premount/core2"
check "initramfs-tools hook knows BINDIR /usr/bin" grep -qx 'core2_bindir=/usr/bin' "$I/hooks/core2"
check "initramfs-tools parts parse (sh -n)" sh -n "$I/hooks/core2" "$I/scripts/init-premount/core2"
check "man page in share/man/man1" test -f "$A/usr/share/man/man1/core2.1"

expect_rc "man -l renders core2.1" 0 env MANWIDTH=80 MANPAGER=cat man -l "$A/usr/share/man/man1/core2.1"
page=$T_OUT
expect_rc "man core2 renders from the installed tree" 0 env MANWIDTH=80 MANPAGER=cat man -M "$A/usr/share/man" core2
contains "man core2 is core2(1)" "$T_OUT" "KDUMP TRIAGE"
expect_rc "man core2-triage renders (.so to core2.1)" 0 env MANWIDTH=80 MANPAGER=cat man -M "$A/usr/share/man" core2-triage
expect_rc "groff finds no problem in core2.1" 0 sh -c 'groff -man -ww -z "$1" 2>&1 | grep . && exit 1; exit 0' sh "$TOP/initramfs/core2.1"

# Every applet has a section, every long option of every help text is named.
# (rendered on one long line each, without hyphenation, to find names whole)
flat=$(groff -man -Tascii -rLL=2000n -rHY=0 -P-cbou "$A/usr/share/man/man1/core2.1" 2>/dev/null)
missing=
for a in $("$C" --list); do
	case $flat in *"
   $a
"*) ;; *) missing="$missing $a" ;; esac
	for o in $("$C" "$a" -h 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		case $flat in *"$o"*) ;; *) missing="$missing $a:$o" ;; esac
	done
done
for o in $("$C" --help 2>&1 | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	case $flat in *"$o"*) ;; *) missing="$missing $o" ;; esac
done
check "the man page covers every applet and option${missing:+ (missing:$missing)}" test -z "$missing"

expect_rc "make install with the default PREFIX (/usr/local)" 0 inst "$D/b"
check "default PREFIX puts core2 in /usr/local/bin" test -x "$D/b/usr/local/bin/core2" -a -x "$D/b/usr/local/bin/core2-triage"
check "default PREFIX puts the man page in /usr/local/share/man/man1" test -f "$D/b/usr/local/share/man/man1/core2.1"
check "the dracut module still goes to /usr/lib/dracut" grep -qx 'core2_bindir=/usr/local/bin' "$D/b/usr/lib/dracut/modules.d/99core2/module-setup.sh"
finish
