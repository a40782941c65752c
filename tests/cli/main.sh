# Dispatch, global options and the conventions every applet shares.
. "${0%/*}/../lib.sh"
C=${CORE2:?set CORE2 to the core2 binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

expect_rc "no arguments: usage, exit 2" 2 "$C"
contains "no arguments: usage on stderr" "$T_ERR" "usage: core2"
expect_rc "--help exits 0" 0 "$C" --help
contains "--help lists the applets" "$T_OUT" "Applets:"
expect_rc "--list exits 0" 0 "$C" --list
check "--list names sym read struct dentries cmdline" \
	[ "$(printf '%s\n' "$T_OUT" | grep -cxE 'sym|read|struct|dentries|cmdline')" = 5 ]
expect_rc "--version exits 0" 0 "$C" --version
contains "--version names libkdumpfile" "$T_OUT" "libkdumpfile"
contains "--version names zstd" "$T_OUT" "zstd"
expect_rc "unknown applet exits 2" 2 "$C" nosuch
contains "unknown applet is named" "$T_ERR" "unknown applet 'nosuch'"
expect_rc "prefix of an applet name is not an applet" 2 "$C" sy
expect_rc "unknown global option exits 2" 2 "$C" --bogus sym x
contains "unknown option is named" "$T_ERR" "unknown option '--bogus'"
expect_rc "-c without argument exits 2" 2 "$C" -c
expect_rc "write error on stdout: exit 1" 1 sh -c "'$C' --list > /dev/full"
contains "write error is reported" "$T_ERR" "write error"

# Links: core2-APPLET dispatches on its name. LINK_RUN: a command that runs
# the links --install makes, which point at the binary itself (empty: run
# them directly; tests/cross runs this suite with the aarch64 core2 under
# qemu-user, on a kernel without binfmt_misc for it).
expect_rc "--install creates links" 0 "$C" --install "$T"
check "core2-sym link exists" [ -L "$T/core2-sym" ]
expect_rc "core2-sym -h through the link" 0 ${LINK_RUN:-} "$T/core2-sym" -h
contains "link help names the applet" "$T_OUT" "usage: core2 [GLOBAL OPTIONS] sym"
ln -s "$C" "$T/core2-nosuch"
expect_rc "unknown applet through a link exits 2" 2 "$T/core2-nosuch"
expect_rc "--install again replaces its own links" 0 "$C" --install "$T"
echo data > "$T/core2-read.keep" && rm "$T/core2-read" && cp "$T/core2-read.keep" "$T/core2-read"
expect_rc "--install does not replace a regular file" 1 "$C" --install "$T"
check "the regular file is untouched" cmp -s "$T/core2-read" "$T/core2-read.keep"

# Every applet: -h exits 0 with usage on stdout.
for a in $("$C" --list); do
	expect_rc "$a -h exits 0" 0 "$C" "$a" -h
	contains "$a -h prints usage" "$T_OUT" "usage: core2 [GLOBAL OPTIONS] $a"
	expect_rc "$a with an unknown option exits 2" 2 "$C" "$a" --no-such-option
done

# Bad dump files: a clear message and exit 1, for every applet that reads one.
: > "$T/empty"
head -c 65536 /dev/urandom > "$T/random"
mkfifo "$T/fifo"
for a in sym cmdline read; do
	case $a in sym) args=jiffies ;; read) args=jiffies ;; *) args= ;; esac
	expect_rc "$a: missing file exits 1" 1 "$C" -c "$T/missing" $a $args
	contains "$a: missing file says why" "$T_ERR" "No such file or directory"
	expect_rc "$a: empty file exits 1" 1 "$C" -c "$T/empty" $a $args
	contains "$a: empty file is not a dump" "$T_ERR" "not a recognized dump format"
	expect_rc "$a: random bytes exit 1" 1 "$C" -c "$T/random" $a $args
	contains "$a: random bytes are not a dump" "$T_ERR" "not a recognized dump format"
	expect_rc "$a: a directory exits 1" 1 "$C" -c "$T" $a $args
	contains "$a: a directory is named so" "$T_ERR" "is a directory"
	expect_rc "$a: /dev/null exits 1" 1 "$C" -c /dev/null $a $args
	contains "$a: /dev/null is not a dump" "$T_ERR" "not a regular file"
	expect_rc "$a: /dev/full exits 1" 1 "$C" -c /dev/full $a $args
	expect_rc "$a: a FIFO exits 1 without hanging" 1 timeout 5 "$C" -c "$T/fifo" $a $args
	contains "$a: message has the applet prefix" "$T_ERR" "core2 $a: "
done
check "the random file is unchanged after every run" [ "$(wc -c < "$T/random")" = 65536 ]

# --types: recognized by magic, checked before anything else.
expect_rc "--types with a missing file exits 1" 1 "$C" --types "$T/missing" -c "$T/random" sym x
contains "--types missing file says why" "$T_ERR" "No such file or directory"
expect_rc "--types with random bytes exits 1" 1 "$C" --types "$T/random" -c "$T/random" sym x
contains "--types random bytes: unknown magic" "$T_ERR" "not a BTF or CTF file"
printf '\237\353\001\000\030\000\000\000\000\000\000\000\377\377\000\000' > "$T/btf-bad"
expect_rc "--types with a BTF header past the file exits 1" 1 "$C" --types "$T/btf-bad" -c "$T/random" sym x
contains "--types bad BTF is described" "$T_ERR" "BTF header"
printf '\362\337\004\000garbage-garbage-garbage' > "$T/ctf-bad"
expect_rc "--types with broken CTF exits 1" 1 "$C" --types "$T/ctf-bad" -c "$T/random" sym x
contains "--types broken CTF goes through libctf" "$T_ERR" "CTF"

# /proc/kcore is root's: as another user the message says so.
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && [ -e /proc/kcore ]; then
	expect_rc "/proc/kcore as non-root exits 1" 1 setpriv --reuid=65534 --regid=65534 --clear-groups "$C" -c /proc/kcore sym jiffies
	contains "/proc/kcore as non-root names the need for root" "$T_ERR" "needs root"
else
	expect_rc "/proc/kcore absent here: a clear error" 1 "$C" -c /proc/kcore sym jiffies
	contains "/proc/kcore absent here: names the file" "$T_ERR" "/proc/kcore"
fi
finish
