# The example with its scope narrowed to the test's own directories, for
# shared hosts (tests/kernel/t_example_kill_exec.sh; the VMs load the
# example itself). Every line of narrow-kill-exec-from-tmp.forbid must be
# gone from the output, or the build fails.
s#name: kill-exec-from-tmp#name: ktest-kill-exec-narrow#
s#\["/tmp/", "/dev/shm/", "/var/tmp/", "/memfd:"\]#["/tmp/tpc-ktest/", "/dev/shm/tpc-ktest/", "/var/tmp/tpc-ktest/", "/memfd:tpc-attack"]#
