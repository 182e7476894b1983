#!/usr/bin/env bash
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# Bundles (docs/bundle-format.md), without root:
#  - byte-reproducible: two checkouts at different paths give the same tar,
#    the same directory and the same signature bytes;
#  - signatures interoperate with Debian's minisign both ways (an encrypted
#    key too);
#  - tpload verify refuses, with exit 1, a tampered object, a consistently
#    rewritten manifest, a tampered signature or trusted comment, a key that
#    is not trusted, an unlisted file, and an unsigned bundle under
#    --require-signature; and accepts the genuine ones.
set -eu
TPC=$(realpath "${1:-build/tpc}")
TPLOAD=$(realpath "${2:-build/tpload}")
ROOT=$(pwd)
command -v minisign >/dev/null || { echo "t_bundle: minisign missing (scripts/install-deps.sh)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
# expect CODE CMD...: run CMD, compare its exit status
expect() {
	local want=$1 rc=0
	shift
	"$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ "$rc" = "$want" ]; then ok; else bad "exit $rc (want $want): $*"; sed 's/^/  | /' "$tmp/err" | head -5; fi
}

# ---------------------------------------------------------------- reproducible
for c in copy1/x copy2/y/z; do
	mkdir -p "$tmp/$c/tests/golden"
	cp -r policies "$tmp/$c/"
	cp -r tests/golden/tracefs "$tmp/$c/tests/golden/"
	# a checkout is not mtime- or umask-preserving
	touch -d '2001-02-03' "$tmp/$c"/policies/examples/*.yaml
done
minisign -G -W -p "$tmp/k1.pub" -s "$tmp/k1.key" >/dev/null
minisign -G -W -p "$tmp/k2.pub" -s "$tmp/k2.key" >/dev/null
for c in copy1/x copy2/y/z; do
	(cd "$tmp/$c" && umask 077 && "$TPC" bundle --tracefs tests/golden/tracefs -o b.tar policies/examples >/dev/null &&
		"$TPC" bundle --tracefs tests/golden/tracefs -o bdir policies/examples >/dev/null &&
		"$TPC" sign -k "$tmp/k1.key" b.tar >/dev/null && "$TPC" sign -k "$tmp/k1.key" bdir >/dev/null) ||
		bad "bundle in $c"
done
cmp -s "$tmp/copy1/x/b.tar" "$tmp/copy2/y/z/b.tar" && ok || bad "tar bundles differ between checkouts"
diff -r "$tmp/copy1/x/bdir" "$tmp/copy2/y/z/bdir" >/dev/null && ok || bad "directory bundles differ between checkouts"
cmp -s "$tmp/copy1/x/b.tar.minisig" "$tmp/copy2/y/z/b.tar.minisig" && ok || bad "signatures differ between checkouts"
[ "$(stat -c %a "$tmp/copy1/x/bdir/manifest")" = 644 ] && ok || bad "modes depend on the umask"
if grep -q -e "$tmp" -e "$ROOT" "$tmp/copy1/x/b.tar"; then bad "the bundle contains a host path"; else ok; fi
# the tar form and the directory form hold the same files
mkdir "$tmp/untar"
tar -xf "$tmp/copy1/x/b.tar" -C "$tmp/untar"
diff -r -x manifest.minisig "$tmp/untar" "$tmp/copy1/x/bdir" >/dev/null && ok || bad "tar and directory forms differ"
# the content digest is the sha256 of the manifest before its last line
m=$tmp/copy1/x/bdir/manifest
[ "content sha256:$(head -n -1 "$m" | sha256sum | cut -d' ' -f1)" = "$(tail -n 1 "$m")" ] && ok ||
	bad "content digest is not sha256 of the manifest body"
n=$(grep -c '^policy ' "$m")
[ "$n" = "$(ls policies/examples/*.yaml | wc -l)" ] && ok || bad "manifest lists $n policies"
# every object digest in the manifest is the object's
awk '$1 == "policy" { print substr($4, 8) "  " $3 }' "$m" | (cd "$tmp/copy1/x/bdir" && sha256sum -c --quiet) && ok ||
	bad "object digests"
# a policy error: exit 1 and no bundle
printf 'apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: x\nspec:\n  bogus: 1\n' > "$tmp/bad.yaml"
expect 1 "$TPC" bundle -o "$tmp/never.tar" "$tmp/bad.yaml"
[ ! -e "$tmp/never.tar" ] && ok || bad "a failed bundle run wrote a bundle"
expect 2 "$TPC" bundle -o "$tmp/never.tar" "$tmp/copy1/x/tests"

# ---------------------------------------------------------------- signatures
B=$tmp/copy1/x
mkdir -p "$tmp/trust1" "$tmp/trust2"
cp "$tmp/k1.pub" "$tmp/trust1/"
cp "$tmp/k2.pub" "$tmp/trust2/"
expect 0 "$TPLOAD" verify --require-signature -K "$tmp/trust1" "$B/b.tar"
grep -q 'signature: good' "$tmp/out" && ok || bad "verify does not say the signature is good"
expect 0 "$TPLOAD" verify --require-signature -K "$tmp/trust1" "$B/bdir"
# a ConfigMap volume as the kubelet lays it out (every file and key a
# symlink into ..data/): verifies; a FIFO in its place is refused, not waited on
mkdir -p "$tmp/cm/..2026_01_01" "$tmp/cmk/..2026_01_01"
ln -s ..2026_01_01 "$tmp/cm/..data" && ln -s ..2026_01_01 "$tmp/cmk/..data"
cp "$B/b.tar" "$B/b.tar.minisig" "$tmp/cm/..data/" && cp "$tmp/k1.pub" "$tmp/cmk/..data/"
ln -s ..data/b.tar "$tmp/cm/b.tar" && ln -s ..data/b.tar.minisig "$tmp/cm/b.tar.minisig"
ln -s ..data/k1.pub "$tmp/cmk/k1.pub"
expect 0 "$TPLOAD" verify --require-signature -K "$tmp/cmk" "$tmp/cm/b.tar"
mkfifo "$tmp/fifo.tar"
expect 1 timeout 10 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/fifo.tar"
# tpc's signatures check with minisign
expect 0 minisign -V -p "$tmp/k1.pub" -m "$B/b.tar"
expect 0 minisign -V -p "$tmp/k1.pub" -m "$B/bdir/manifest"
# minisign's signatures check with tpload (its default trusted comment)
cp "$B/b.tar" "$tmp/m.tar"
minisign -S -s "$tmp/k2.key" -m "$tmp/m.tar" >/dev/null
expect 0 "$TPLOAD" verify --require-signature -K "$tmp/trust2" "$tmp/m.tar"
# a legacy (non-prehashed) minisign signature too
cp "$B/b.tar" "$tmp/l.tar"
minisign -S -l -s "$tmp/k2.key" -m "$tmp/l.tar" >/dev/null
expect 0 "$TPLOAD" verify --require-signature -K "$tmp/trust2" "$tmp/l.tar"
# an encrypted key (minisign -G asks for the password on a terminal)
python3 - "$tmp/k3" <<'EOF'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp("minisign", ["minisign", "-G", "-p", sys.argv[1] + ".pub", "-s", sys.argv[1] + ".key"])
out = b""
while True:
    try:
        data = os.read(fd, 1024)
    except OSError:
        break
    if not data:
        break
    out += data
    if data.rstrip().endswith(b":"):
        os.write(fd, b"s3cret\n")
os.waitpid(pid, 0)
EOF
echo s3cret > "$tmp/pw"
echo wrong > "$tmp/badpw"
cp "$B/b.tar" "$tmp/e.tar"
expect 0 "$TPC" sign -k "$tmp/k3.key" --password-file "$tmp/pw" "$tmp/e.tar"
expect 0 minisign -V -p "$tmp/k3.pub" -m "$tmp/e.tar"
expect 1 "$TPC" sign -k "$tmp/k3.key" --password-file "$tmp/badpw" "$tmp/e.tar"
expect 1 "$TPC" sign -k "$tmp/k3.key" "$tmp/e.tar" </dev/null
# bundle and sign in one run
(cd "$B" && "$TPC" bundle --tracefs tests/golden/tracefs -k "$tmp/k1.key" -o one.tar policies/examples >/dev/null)
cmp -s "$B/one.tar.minisig" "$B/b.tar.minisig" && ok || bad "bundle --sign differs from bundle + sign"

# ---------------------------------------------------------------- refusals
# unsigned, with --require-signature
cp "$B/b.tar" "$tmp/u.tar"
expect 0 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/u.tar"
expect 1 "$TPLOAD" verify --require-signature -K "$tmp/trust1" "$tmp/u.tar"
# a key that is not trusted
expect 1 "$TPLOAD" verify -K "$tmp/trust2" "$B/b.tar"
expect 1 "$TPLOAD" verify --require-signature -K "$tmp/trust2" "$B/bdir"
# signed, no trusted key at all: unchecked is refused under --require-signature
expect 1 "$TPLOAD" verify --require-signature -K "$tmp/nonexistent" "$B/b.tar"
# one flipped byte in the tar (inside an object)
cp "$B/b.tar" "$tmp/t.tar"
cp "$B/b.tar.minisig" "$tmp/t.tar.minisig"
printf '\x01' | dd of="$tmp/t.tar" bs=1 seek=3000 conv=notrunc status=none
expect 1 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/t.tar"
rm "$tmp/t.tar.minisig"
expect 1 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/t.tar"	# unsigned: the digest catches it
# directory form: an object changed
cp -r "$B/bdir" "$tmp/d1"
obj=$(ls "$tmp/d1/objects" | head -1)
printf '\x01' | dd of="$tmp/d1/objects/$obj" bs=1 seek=100 conv=notrunc status=none
expect 1 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/d1"
grep -q "does not match its sha256" "$tmp/err" && ok || bad "no digest message"
# ... and the manifest rewritten to match it, content digest recomputed: only
# the signature catches this one
new=$(sha256sum "$tmp/d1/objects/$obj" | cut -d' ' -f1)
old=$(awk -v o="objects/$obj" '$1 == "policy" && $3 == o { print substr($4, 8) }' "$tmp/d1/manifest")
head -n -1 "$tmp/d1/manifest" | sed "s/$old/$new/" > "$tmp/body"
{ cat "$tmp/body"; echo "content sha256:$(sha256sum < "$tmp/body" | cut -d' ' -f1)"; } > "$tmp/d1/manifest"
expect 1 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/d1"
grep -q "BAD signature" "$tmp/err" && ok || bad "rewritten manifest: not refused by the signature"
rm "$tmp/d1/manifest.minisig"
expect 0 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/d1"	# consistent and unsigned: that is what signing is for
expect 1 "$TPLOAD" verify --require-signature -K "$tmp/trust1" "$tmp/d1"
# the manifest changed without fixing the content digest
cp -r "$B/bdir" "$tmp/d2"
rm "$tmp/d2/manifest.minisig"
sed -i 's/^arch x86$/arch x86 /' "$tmp/d2/manifest"
expect 1 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/d2"
# a tampered signature (one base64 character of the Ed25519 signature)
cp -r "$B/bdir" "$tmp/d3"
awk 'NR == 2 { c = substr($0, 20, 1); $0 = substr($0, 1, 19) (c == "A" ? "B" : "A") substr($0, 21) } { print }' \
	"$B/bdir/manifest.minisig" > "$tmp/d3/manifest.minisig"
expect 1 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/d3"
# a tampered trusted comment
cp -r "$B/bdir" "$tmp/d4"
sed -i 's/^trusted comment: .*/trusted comment: approved by security/' "$tmp/d4/manifest.minisig"
expect 1 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/d4"
# an unlisted file in the bundle
cp -r "$B/bdir" "$tmp/d5"
cp "$tmp/d5/objects/$obj" "$tmp/d5/objects/extra.bpf.o"
expect 1 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/d5"
# a listed object missing
cp -r "$B/bdir" "$tmp/d6"
rm "$tmp/d6/objects/$obj"
expect 1 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/d6"
# not a bundle at all
expect 1 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/pw"
expect 3 "$TPLOAD" verify -K "$tmp/trust1" "$tmp/does-not-exist"
# JSON: one document, also on failure
"$TPLOAD" -j verify -K "$tmp/trust1" "$tmp/d3" 2>/dev/null | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["ok"] is False and d["errors"], d' && ok ||
	bad "verify -j on a refused bundle"
"$TPLOAD" -j verify -K "$tmp/trust1" "$B/b.tar" | python3 -c '
import json, sys
d = json.load(sys.stdin)
assert d["ok"] and d["signature"]["status"] == "good" and len(d["policies"]) >= 1, d' && ok || bad "verify -j"


echo "bundle: $pass passed, $fail failed"
[ "$fail" = 0 ]
