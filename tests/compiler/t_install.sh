#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# make install DESTDIR=... and make deb give the expected files: binaries,
# man pages generated from docs/ that render and name every command of
# --help, bash completion that knows every command, the systemd unit, which
# systemd-analyze verify accepts; the .deb holds the static tpload.
set -eu
MAKE=${MAKE:-make}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

$MAKE --no-print-directory -s install DESTDIR="$tmp/root" PREFIX=/usr >/dev/null
for f in usr/bin/tpc usr/sbin/tpload usr/share/man/man1/tpc.1 usr/share/man/man8/tpload.8 \
	 usr/share/bash-completion/completions/tpc usr/share/bash-completion/completions/tpload \
	 usr/lib/systemd/system/tpc-apply.service; do
	[ -f "$tmp/root/$f" ] && ok || bad "make install: $f missing"
done
[ -d "$tmp/root/etc/tpc/trusted-keys" ] && ok || bad "make install: /etc/tpc/trusted-keys missing"
[ -x "$tmp/root/usr/sbin/tpload" ] && ok || bad "tpload not executable"
unexpected=$(cd "$tmp/root" && find . -type f | grep -v -e /tpc$ -e /tpload$ -e '\.[18]$' -e '\.service$' || true)
[ -z "$unexpected" ] && ok || bad "make install: unexpected files: $unexpected"
# PREFIX is honoured, also in the unit's command
$MAKE --no-print-directory -s install-tpload DESTDIR="$tmp/local" >/dev/null
[ -f "$tmp/local/usr/local/sbin/tpload" ] && grep -q '^ExecStart=/usr/local/sbin/tpload apply' \
	"$tmp/local/usr/local/lib/systemd/system/tpc-apply.service" && ok || bad "PREFIX=/usr/local"

# man pages: render without groff warnings, and name every command
for page in usr/share/man/man1/tpc.1 usr/share/man/man8/tpload.8; do
	err=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -K utf8 -ww -z "$tmp/root/$page" 2>&1 | grep -v -e "cannot adjust line" -e "cannot break line" || true)
	[ -z "$err" ] && ok || bad "$page: groff: $err"
done
man_text() { MANWIDTH=200 man -l "$tmp/root/$1" 2>/dev/null; }
for cmd in $(build/tpc --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}'); do
	man_text usr/share/man/man1/tpc.1 | grep -qw -- "$cmd" && ok || bad "tpc.1 lacks command $cmd"
	grep -qw -- "$cmd" "$tmp/root/usr/share/bash-completion/completions/tpc" && ok ||
		bad "tpc completion lacks $cmd"
done
for cmd in $(build/tpload --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF {print $1}'); do
	man_text usr/share/man/man8/tpload.8 | grep -qw -- "$cmd" && ok || bad "tpload.8 lacks command $cmd"
	grep -qw -- "$cmd" "$tmp/root/usr/share/bash-completion/completions/tpload" && ok ||
		bad "tpload completion lacks $cmd"
done
for opt in $(build/tpload verify --help | grep -oE -- '--[a-z-]+' | sort -u); do
	grep -q -- "$opt" "$tmp/root/usr/share/bash-completion/completions/tpload" && ok ||
		bad "tpload completion lacks verify $opt"
done
for opt in $(build/tpc bundle --help | grep -oE -- '--[a-z-]+' | sort -u); do
	grep -q -- "$opt" "$tmp/root/usr/share/bash-completion/completions/tpc" && ok ||
		bad "tpc completion lacks bundle $opt"
done
bash -n "$tmp/root/usr/share/bash-completion/completions/tpc" && bash -n \
	"$tmp/root/usr/share/bash-completion/completions/tpload" && ok || bad "completion syntax"

# the systemd unit
if command -v systemd-analyze >/dev/null; then
	out=$(systemd-analyze verify --man=no --root="$tmp/root" /usr/lib/systemd/system/tpc-apply.service 2>&1) &&
		[ -z "$out" ] && ok || bad "systemd-analyze verify: $out"
else
	echo "t_install: systemd-analyze missing: the unit is not verified"
fi

# the Debian package
$MAKE --no-print-directory -s deb >/dev/null
deb=$(ls build/deb/tpload_*.deb)
dpkg-deb -c "$deb" | awk '{print $6}' | sort > "$tmp/deb.list"
for f in ./usr/sbin/tpload ./usr/share/man/man8/tpload.8.gz ./usr/share/bash-completion/completions/tpload \
	 ./lib/systemd/system/tpc-apply.service ./etc/tpc/trusted-keys/ ./usr/share/doc/tpload/copyright; do
	grep -qx -- "$f" "$tmp/deb.list" && ok || bad "deb lacks $f"
done
grep -q -e '/tpc$' -e 'man1' "$tmp/deb.list" && bad "deb holds the compiler" || ok
[ "$(dpkg-deb -f "$deb" Package)" = tpload ] && [ -z "$(dpkg-deb -f "$deb" Depends)" ] && ok ||
	bad "deb control: Package/Depends"
mkdir "$tmp/x"
dpkg-deb -x "$deb" "$tmp/x"
file "$tmp/x/usr/sbin/tpload" | grep -q 'statically linked' && ok || bad "deb tpload is not static"
"$tmp/x/usr/sbin/tpload" --version >/dev/null && ok || bad "deb tpload does not run"
zcat "$tmp/x/usr/share/man/man8/tpload.8.gz" | grep -q '^\.TH TPLOAD 8' && ok || bad "deb man page"

echo "install: $pass passed, $fail failed"
[ "$fail" = 0 ]
