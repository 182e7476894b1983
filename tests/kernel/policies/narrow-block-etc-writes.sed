# The example with its scope narrowed to the test's own files, for shared
# hosts (tests/kernel/t_example_block_etc.sh; the VMs load the example
# itself): /etc/tpc-ktest* instead of /etc/, and the exempt binaries moved
# to /tmp/tpc-ktest/bin. Every line of narrow-block-etc-writes.forbid must
# be gone from the output, or the build fails.
s#name: block-etc-writes#name: ktest-block-etc-narrow#
s#values: \["/etc/"\]#values: ["/etc/tpc-ktest"]#
s#values: \["/usr/bin/dpkg", "/usr/bin/apt-get"\]#values: ["/tmp/tpc-ktest/bin/dpkg", "/usr/bin/apt-get"]#
