#!/bin/sh
# make deb's package in a scratch root (dpkg --root, never the machine's own
# dpkg database): its metadata, install, an upgrade to the next build that
# keeps a changed conffile, remove (only the conffile stays), purge (nothing
# stays); and make rpm's file list beside the .deb's.
#   DEB1=core2_V-1.deb DEB2=core2_V-2.deb RPM=core2-V-1.rpm sh tests/package.sh
. "${0%/*}/lib.sh"
: "${DEB1:?}" "${DEB2:?}" "${RPM:?}"
R=$(mktemp -d)
trap 'rm -rf "$R"' EXIT
D=$(scratch_dpkg "$R")

check "deb: Package, Version, Architecture" [ "$(dpkg-deb -f "$DEB1" Package Version Architecture | tr '\n' ' ')" = \
	"Package: core2 Version: $(basename "$DEB1" | cut -d_ -f2) Architecture: $(dpkg --print-architecture) " ]
expect_rc "dpkg -i into a scratch root" 0 $D -i "$DEB1"
expect_rc "the installed core2 runs" 0 "$R/usr/bin/core2" --version
for f in usr/bin/core2-ps usr/bin/core2-bt usr/bin/core2-triage usr/share/man/man1/core2.1.gz \
	usr/lib/dracut/modules.d/99core2/module-setup.sh usr/share/initramfs-tools/hooks/core2 \
	usr/share/initramfs-tools/scripts/init-premount/core2 etc/default/core2 \
	lib/systemd/system/kdump-tools-dump.service.d/core2.conf usr/share/doc/core2/copyright; do
	check "installed: /$f" [ -e "$R/$f" ]
done
check "the drop-in runs core2-triage before kdump-tools' save" grep -q '^ExecStartPre=-.*core2-triage' \
	"$R/lib/systemd/system/kdump-tools-dump.service.d/core2.conf"

sed -i 's/^CORE2_KDUMP_TRIAGE=.*/CORE2_KDUMP_TRIAGE=no/' "$R/etc/default/core2"
expect_rc "dpkg -i of the next build (upgrade)" 0 $D -i "$DEB2"
check "the upgrade is installed" [ "$(dpkg-query --admindir="$R/var/lib/dpkg" -W -f '${Version}' core2)" = \
	"$(basename "$DEB2" | cut -d_ -f2)" ]
check "the upgrade keeps the changed /etc/default/core2" grep -qx 'CORE2_KDUMP_TRIAGE=no' "$R/etc/default/core2"

expect_rc "dpkg -r" 0 $D -r core2
check "after dpkg -r only the conffile is left" [ "$(left_in "$R")" = /etc/default/core2 ]
expect_rc "dpkg -P" 0 $D -P core2
check "after dpkg -P no file is left" [ -z "$(left_in "$R")" ]

# The rpm: the same files but Debian's own (initramfs-tools, the kdump-tools
# drop-in and defaults, Debian's doc layout).
dpkg-deb -c "$DEB1" | awk '{ print $6 }' | sed 's|^\./|/|; s| ->.*||' | grep -v '/$' |
	grep -v '^/usr/share/initramfs-tools/\|^/lib/systemd/\|^/etc/default/\|^/usr/share/doc/\|^/usr/share/lintian/' | sort >"$R.deb"
rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$RPM" 2>/dev/null | awk '!/^d/ { print $2 }' |
	grep -v '^/usr/share/licenses/' | sort >"$R.rpm"
check "rpm: the .deb's files but Debian's own" cmp -s "$R.deb" "$R.rpm"
[ -s "$R.deb" ] && cmp -s "$R.deb" "$R.rpm" || diff "$R.deb" "$R.rpm" | head -5 | sed 's/^/# /'
rm -f "$R.deb" "$R.rpm"
finish
