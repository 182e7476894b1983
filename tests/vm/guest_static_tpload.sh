# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Guest side of tests/vm/t_static_tpload.sh; runs under busybox sh in a root
# with no shared library. $NODE holds tpload (static), trust/, the bundles.
T=$NODE/tpload
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok: $*"; }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
want() { # want CODE WHAT CMD...
	w=$1; what=$2; shift 2
	"$@" > /tmp/out 2>&1; rc=$?
	if [ "$rc" = "$w" ]; then ok "$what (exit $rc)"; else bad "$what: exit $rc, want $w"; cat /tmp/out; fi
}

libs=$(find / -xdev \( -name '*.so' -o -name '*.so.*' -o -name 'ld-linux*' \) 2>/dev/null)
[ -z "$libs" ] && ok "no shared library in the root" || bad "shared libraries present: $libs"
for x in bash gcc cc clang tpc apt-get python3; do  # (busybox has a dpkg applet)
	command -v $x >/dev/null 2>&1 && bad "$x is present"
done
want 0 "tpload runs" $T --version
cat /tmp/out
want 0 "signed bundle verifies" $T verify --require-signature -K $NODE/trust $NODE/policies.tar
grep -q 'signature: good' /tmp/out && ok "signature good" || bad "signature not reported good"
want 1 "tampered bundle refused" $T verify --require-signature -K $NODE/trust $NODE/tampered.tar
want 0 "the node is ready for the bundle (probe)" $T probe -K $NODE/trust $NODE/policies.tar
grep -q '^verdict: ready' /tmp/out && ok "probe verdict: ready" || { bad "probe verdict"; cat /tmp/out; }
# the DaemonSet's init container: its image is FROM scratch + this binary at
# /tpload, the ConfigMaps are mounted at /etc/tpc/bundle and /etc/tpc/trusted-keys
# as the kubelet lays a ConfigMap volume out: each file a symlink into ..data/
cm() {	# cm DIR FILE...
	d=$1
	shift
	mkdir -p "$d/..2026_01_01_00_00_00.1" && ln -s ..2026_01_01_00_00_00.1 "$d/..data"
	for f in "$@"; do
		cp "$f" "$d/..data/" && ln -s "..data/${f##*/}" "$d/${f##*/}"
	done
}
cm /etc/tpc/bundle $NODE/policies.tar $NODE/policies.tar.minisig
cm /etc/tpc/trusted-keys $NODE/trust/ci.pub
[ -L /etc/tpc/bundle/policies.tar ] && ok "the bundle is a symlink, as in a ConfigMap" || bad "no symlink"
cp $T /tpload
# from here on tpload runs as /tpload: the bundle's kill-exec-from-tmp kills
# any exec under /tmp, and $NODE is there
T=/tpload
set --
while IFS= read -r a; do set -- "$@" "$a"; done < $NODE/ds-command
want 0 "DaemonSet init container: $*" "$@"
cat /tmp/out
grep -q '^applied bundle sha256:' /tmp/out && ok "the bundle is applied" || bad "no 'applied bundle' line"
sh -c 'echo x > /etc/tpc-static-victim'; rc=$?
[ "$rc" = 137 ] && ok "a write under /etc is killed (137)" || bad "write under /etc: exit $rc, want 137"
want 0 "the init container again (pod restart)" "$@"
grep -q 'is already applied: nothing to do' /tmp/out && ok "a no-op" || { bad "not a no-op"; cat /tmp/out; }
want 0 "list" $T list
grep -q '^bundle sha256:.* from /etc/tpc/bundle/policies.tar' /tmp/out && ok "list shows the bundle" ||
	{ bad "list does not show the bundle"; cat /tmp/out; }
want 0 "unload" $T unload --all
sh -c 'echo x > /etc/tpc-static-victim'; rc=$?
[ "$rc" = 0 ] && ok "after unload the write succeeds" || bad "after unload: exit $rc"
echo "static-tpload: $pass passed, $fail failed"
[ "$fail" = 0 ]
