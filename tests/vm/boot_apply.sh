# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
# The "boot" step of the VM lab (tests/vm/run.sh --init-hook, run by /init
# before the kernel suite): a node as deploy/systemd/tpc-apply.service finds
# it, then the unit's exact ExecStart line, read from the unit file:
#   /usr/sbin/tpload             build/tpload
#   /etc/tpc/bundle.tar(.minisig) build/kobj/apply/A.tar (signed by the tests' key)
#   /etc/tpc/trusted-keys/ci.pub that key
# Its exit status, output and command go to /run/tpc-boot-apply.{rc,log,cmd};
# tests/kernel/t_apply_boot.sh checks them, and what it enforces.
REPO=${REPO:-$PWD}	# /init runs this from the repo root
R=/run/tpc-boot-apply
AP=$REPO/build/kobj/apply
UNIT=$REPO/deploy/systemd/tpc-apply.service
mkdir -p /etc/tpc/trusted-keys /usr/sbin /run
cp "$REPO/build/tpload" /usr/sbin/tpload
cp "$AP/A.tar" /etc/tpc/bundle.tar
cp "$AP/A.tar.minisig" /etc/tpc/bundle.tar.minisig
cp "$AP/trust/ci.pub" /etc/tpc/trusted-keys/ci.pub
cmd=$(sed -n 's/^ExecStart=//p' "$UNIT")
[ -n "$cmd" ] || cmd="false # no ExecStart in $UNIT"
echo "$cmd" > $R.cmd
echo "boot: $cmd"
# unquoted on purpose: systemd splits ExecStart= at spaces, like the shell here
$cmd > $R.log 2>&1
echo $? > $R.rc
sed 's/^/boot: /' $R.log
echo "boot: exit $(cat $R.rc)"
