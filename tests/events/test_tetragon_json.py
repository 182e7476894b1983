#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Unit tests of tests/events/tetragon_json.py (make test-events, part of make check).

GOOD: lines in the form Tetragon's exporter prints, written by hand after the examples in
Tetragon's docs (docs/content/en/docs/concepts/events.md) and its API reference: every
level must accept them with no problem at all.
BAD: (line, level, expected path, expected words): the checker must report that problem at
that path; CANON: lines protojson's parser accepts but Tetragon's exporter never prints (the
default level rejects them, --protojson accepts them).
"""
import io
import json
import os
import subprocess
import sys
import unittest
from contextlib import redirect_stderr, redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tetragon_json as tj  # noqa: E402

NODE = "tpc-node-1"
EXEC_ID = "dHBjLW5vZGUtMToxMzU0ODY3NDMyMTM3Mzo1MjY5OQ=="  # tpc-node-1:13548674321373:52699
PARENT_ID = "dHBjLW5vZGUtMToxMzU0ODY3MDg4MzI5OTo1MjY5MA=="
PROC = {"exec_id": EXEC_ID, "pid": 52699, "uid": 1000, "cwd": "/home/u", "binary": "/usr/bin/curl",
        "arguments": "https://example.org/ -o /dev/null", "flags": "execve clone",
        "start_time": "2023-10-06T22:03:57.700327580Z", "auid": 4294967295,
        "parent_exec_id": PARENT_ID, "tid": 52699}
PARENT = {"exec_id": PARENT_ID, "pid": 52690, "uid": 1000, "cwd": "/home/u", "binary": "/bin/bash",
          "flags": "procFS auid rootcwd", "start_time": "2023-10-06T22:01:00Z", "auid": 1000,
          "parent_exec_id": "dHBjLW5vZGUtMToxOjE=", "tid": 52690}
POD = {"namespace": "default", "name": "xwing", "uid": "6f6a3c5e-1f1b-4b1a-9c1e-5f0e8e7d6c5b",
       "container": {"id": "containerd://551e161c47d8", "name": "spaceship",
                     "image": {"id": "docker.io/tgraf/netperf@sha256:8e86", "name":
                               "docker.io/tgraf/netperf:latest"},
                     "start_time": "2023-10-06T21:52:41Z", "pid": 49, "maybe_exec_probe": True,
                     "security_context": {"privileged": True}},
       "pod_labels": {"app.kubernetes.io/name": "xwing", "class": "xwing"},
       "workload": "xwing", "workload_kind": "Pod", "pod_annotations": {"a": "b"}}
FULL_PROC = dict(PROC, pod=POD, docker="551e161c47d8ff0eb665438a7bcd5b4", refcnt=1,
                 cap={"permitted": ["CAP_CHOWN", "DAC_OVERRIDE", "CAP_SYS_ADMIN"],
                      "effective": ["CAP_BPF"]},
                 ns={n: {"inum": 4026531835 + i} for i, n in enumerate(
                     ["uts", "ipc", "mnt", "pid", "pid_for_children", "net", "time",
                      "time_for_children", "cgroup"])} | {"user": {"inum": 4026531837,
                                                                   "is_host": True}},
                 process_credentials={"uid": 0, "gid": 0, "euid": 0, "egid": 0, "suid": 0,
                                      "sgid": 0, "fsuid": 0, "fsgid": 0,
                                      "securebits": ["SecBitNoRoot", "SecBitKeepCaps"],
                                      "caps": {"inheritable": ["CAP_KILL"]},
                                      "user_ns": {"level": 0, "uid": 0, "gid": 0,
                                                  "ns": {"inum": 4026531837, "is_host": True}}},
                 binary_properties={"setuid": 0, "privileges_changed": [
                     "PRIVILEGES_RAISED_EXEC_FILE_SETUID"], "file": {
                     "inode": {"number": "1053473", "links": 1}, "path": "/usr/bin/su"}},
                 user={"name": "root"}, in_init_tree=False,
                 environment_variables=[{"Key": "HOME", "Value": "/root"}])


def line(body_key, body, time="2023-10-06T22:03:57.700326678Z", **extra):
    return json.dumps({body_key: body, "node_name": NODE, "time": time, **extra},
                      separators=(",", ":"))


ALL_ARGS = [
    {"string_arg": "/etc/passwd", "label": "path"}, {"int_arg": -100}, {"int_arg": 0},
    {"uint_arg": 4294967295}, {"long_arg": "-9223372036854775808"},
    {"size_arg": "18446744073709551615"}, {"size_arg": "0"}, {"bytes_arg": "aGVsbG8="},
    {"bytes_arg": ""}, {"truncated_bytes_arg": {"bytes_arg": "AAEC", "orig_size": "4096"}},
    {"skb_arg": {"hash": 1, "len": 60, "priority": 6, "mark": 2, "saddr": "10.0.0.1",
                 "daddr": "10.0.0.2", "sport": 4242, "dport": 443, "proto": 6,
                 "sec_path_len": 1, "sec_path_olen": 1, "protocol": "IPPROTO_TCP",
                 "family": "AF_INET"}},
    {"sock_arg": {"family": "AF_INET6", "type": "SOCK_STREAM", "protocol": "IPPROTO_TCP",
                  "mark": 1, "priority": 2, "saddr": "::1", "daddr": "::1", "sport": 1,
                  "dport": 2, "cookie": "18446623423283781888", "state": "TCP_SYN_SENT"}},
    {"sockaddr_arg": {"family": "AF_INET", "addr": "127.0.0.1", "port": 80}},
    {"sockaddrun_arg": {"family": "AF_UNIX", "path": "/run/x.sock"}},
    {"path_arg": {"path": "/tmp/x", "flags": "O_RDONLY", "permission": "drwxrwxrwt"}},
    {"file_arg": {"path": "/etc/shadow", "permission": "-rw-r-----"}}, {"file_arg": {}},
    {"cred_arg": {"permitted": ["CAP_NET_RAW"]}},
    {"linux_binprm_arg": {"path": "/usr/bin/id", "permission": "-rwxr-xr-x"}},
    {"capability_arg": {"value": 21, "name": "CAP_SYS_ADMIN"}},
    {"capability_arg": {"value": 0, "name": "CAP_CHOWN"}},
    {"bpf_attr_arg": {"ProgType": "BPF_PROG_TYPE_KPROBE", "InsnCnt": 42,
                      "ProgName": "generic_kprobe"}},
    {"bpf_prog_arg": {"ProgType": "BPF_PROG_TYPE_LSM", "InsnCnt": 7, "ProgName": "p"}},
    {"perf_event_arg": {"KprobeFunc": "vfs_read", "Type": "kprobe", "Config": "1",
                        "ProbeOffset": "8"}},
    {"bpf_map_arg": {"MapType": "BPF_MAP_TYPE_HASH", "KeySize": 4, "ValueSize": 8,
                     "MaxEntries": 1024, "MapName": "m"}},
    {"module_arg": {"name": "nf_tables", "signature_ok": False,
                    "tainted": ["TAINT_OUT_OF_TREE_MODULE", "TAINT_UNSIGNED_MODULE"]}},
    {"user_ns_arg": {"level": 1, "uid": 1000, "gid": 1000, "ns": {"inum": 4026532200}}},
    {"user_namespace_arg": {"level": 0, "owner": 0, "group": 0,
                            "ns": {"inum": 4026531837, "is_host": True}}},
    {"process_credentials_arg": {"uid": 1000, "euid": 0, "caps": {"effective": ["CAP_SETUID"]}}},
    {"kernel_cap_t_arg": "000001ffffffffff"}, {"cap_inheritable_arg": "0000000000000000"},
    {"cap_permitted_arg": "000001ffffffffff"}, {"cap_effective_arg": "000001ffffffffff"},
    {"net_dev_arg": {"name": "eth0"}}, {"bpf_cmd_arg": "BPF_MAP_CREATE"},
    {"bpf_cmd_arg": "BPF_PROG_LOAD"}, {"syscall_id": {"id": 59, "abi": "x64"}},
    {"error_arg": {"Message": "failed to read argument"}}, {"label": "only a label"},
]

# the optional blocks as tpload prints them (--process-cred, --process-ns): cap and ns
# after parent_exec_id, process_credentials after tid; no time namespaces on this kernel
TP_CRED_NS_PROC = {
    "exec_id": EXEC_ID, "pid": 4242, "uid": 4321, "binary": "/usr/bin/bash",
    "flags": "execve clone", "start_time": "2023-10-06T22:03:57.700326678Z", "auid": 4294967295,
    "cap": {"permitted": ["CAP_CHOWN", "CAP_SYS_ADMIN"], "effective": ["CAP_SYS_ADMIN"]},
    "ns": {"uts": {"inum": 4026532201}, "ipc": {"inum": 4026531839, "is_host": True},
           "mnt": {"inum": 4026531841, "is_host": True}, "pid": {"inum": 4026531836, "is_host": True},
           "pid_for_children": {"inum": 4026531836, "is_host": True},
           "net": {"inum": 4026531840, "is_host": True}, "cgroup": {"inum": 4026531835, "is_host": True},
           "user": {"inum": 4026532200}},
    "tid": 4242,
    "process_credentials": {"uid": 4321, "gid": 4321, "euid": 4321, "egid": 4321, "suid": 4321,
                            "sgid": 4321, "fsuid": 4321, "fsgid": 4321,
                            "securebits": ["SecBitNoRoot", "SecBitKeepCaps"]},
}

GOOD = [
    line("process_exec", {"process": TP_CRED_NS_PROC}),
    # docs-shaped process_exec with pod, parent and everything a Process can carry
    line("process_exec", {"process": FULL_PROC, "parent": PARENT, "ancestors": [PARENT]}),
    line("process_exit", {"process": PROC, "parent": PARENT, "signal": "SIGKILL", "status": 9,
                          "time": "2023-10-06T22:03:58.100Z"}),
    line("process_exit", {"process": PROC, "parent": PARENT, "status": 1}),
    # the kprobe example of Tetragon's docs (reference §11), written out by hand
    line("process_kprobe", {
        "process": dict(PROC, cwd="/", binary="/bin/vi", arguments="/etc/passwd", refcnt=1,
                        uid=0, flags="execve rootcwd clone"),
        "parent": PARENT, "function_name": "security_file_permission",
        "args": [{"file_arg": {"path": "/etc/passwd", "permission": "-rw-r--r--"}},
                 {"int_arg": 2}],
        "return": {"int_arg": 0}, "action": "KPROBE_ACTION_POST",
        "policy_name": "file-monitoring", "return_action": "KPROBE_ACTION_POST"},
        time="2024-04-14T02:18:14.376304204Z"),
    line("process_kprobe", {
        "process": PROC, "parent": PARENT, "function_name": "__x64_sys_write",
        "args": ALL_ARGS, "data": [{"string_arg": "data"}], "return": {"long_arg": "-1"},
        "action": "KPROBE_ACTION_SIGKILL", "kernel_stack_trace": [
            {"address": "18446744072635809792", "offset": "85", "symbol": "vfs_write",
             "module": "[kernel]"}],
        "user_stack_trace": [{"address": "140234", "offset": "7", "symbol": "write",
                              "module": "/lib/x86_64-linux-gnu/libc.so.6"}],
        "policy_name": "p", "return_action": "KPROBE_ACTION_OVERRIDE", "message": "m",
        "tags": ["a", "b"], "ancestors": [PARENT]}),
    line("process_tracepoint", {
        "process": PROC, "parent": PARENT, "subsys": "syscalls", "event": "sys_enter_openat",
        "args": [{"int_arg": -100}, {"string_arg": "/etc/tpc"}, {"size_arg": "0"}],
        "policy_name": "tp", "action": "KPROBE_ACTION_SIGKILL", "message": "opened",
        "tags": ["t"]}, time="2024-01-01T00:00:00Z"),
    line("process_lsm", {
        "process": PROC, "parent": PARENT, "function_name": "bprm_check_security",
        "policy_name": "lsm", "message": "exec", "args": [{"linux_binprm_arg": {
            "path": "/usr/bin/id"}}], "action": "KPROBE_ACTION_POST", "tags": ["x"],
        "ima_hash": "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"},
        time="2024-01-01T00:00:00.001Z"),
    line("process_uprobe", {
        "process": PROC, "parent": PARENT, "path": "/usr/bin/bash", "symbol": "readline",
        "offset": "4096", "ref_ctr_offset": "16", "policy_name": "u", "message": "m",
        "args": [{"string_arg": "x"}], "data": [{"uint_arg": 7}], "tags": ["u"],
        "action": "KPROBE_ACTION_POST"}, time="2024-01-01T00:00:00.000001Z"),
    line("process_usdt", {"process": PROC, "path": "/usr/bin/python3", "provider": "python",
                          "name": "function__entry", "flags": "x", "action": "KPROBE_ACTION_POST"}),
    line("process_loader", {"process": PROC, "parent": PARENT, "path": "/usr/lib/libc.so.6",
                            "buildid": "3q2+7w=="}),
    line("process_throttle", {"type": "THROTTLE_START", "cgroup": "/sys/fs/cgroup/x"}),
    line("rate_limit_info", {"number_of_dropped_process_events": "12"}),
    line("test", {"arg0": "1", "arg3": "18446744073709551615"}),
    line("process_exec", {"process": {"pid": 0, "start_time": "0001-01-01T00:00:00Z"}},
         cluster_name="c", node_labels={"kubernetes.io/os": "linux"},
         aggregation_info={"count": "3"}),
    # wrappers set to zero are printed by protojson; unicode and escapes are fine
    line("process_exec", {"process": {
        "pid": 0, "uid": 0, "auid": 0, "tid": 0, "in_init_tree": False,
        "binary": "/tmp/\u00e9\u2603\U0001f600 \"q\"\\\n"}}),
    # not compact: spaces and newlines escaped are whitespace-insensitive
    '{ "process_exec" : { "process" : { "pid" : 1 } } , "node_name" : "n", '
    '"time" : "2024-01-01T00:00:00Z" }',
]

# (line, expected path, words that must occur in the problem)
BAD = [
    (line("process_exec", {"process": {"pid": 1, "no_such_field": "x"}}),
     "process_exec.process.no_such_field", "unknown field"),
    (line("process_exec", {"process": {"pid": 1}}, extra_field=1), "extra_field",
     "unknown field"),
    (line("process_kprobe", {"args": [{"long_arg": 5}]}), "process_kprobe.args[0].long_arg",
     "int64 as a JSON number"),
    (line("process_kprobe", {"args": [{"size_arg": 5}]}), "process_kprobe.args[0].size_arg",
     "uint64 as a JSON number"),
    (line("process_kprobe", {"args": [{"size_arg": "-1"}]}), "process_kprobe.args[0].size_arg",
     "out of range"),
    (line("process_kprobe", {"args": [{"size_arg": "18446744073709551616"}]}),
     "process_kprobe.args[0].size_arg", "out of range"),
    (line("process_kprobe", {"args": [{"long_arg": "007"}]}), "process_kprobe.args[0].long_arg",
     "canonical"),
    (line("process_kprobe", {"args": [{"long_arg": "1e3"}]}), "process_kprobe.args[0].long_arg",
     "canonical"),
    (line("process_kprobe", {"args": [{"int_arg": 2147483648}]}),
     "process_kprobe.args[0].int_arg", "out of range"),
    (line("process_kprobe", {"args": [{"int_arg": "5"}]}), "process_kprobe.args[0].int_arg",
     "want a JSON integer"),
    (line("process_kprobe", {"args": [{"uint_arg": -1}]}), "process_kprobe.args[0].uint_arg",
     "out of range"),
    (line("process_kprobe", {"args": [{"int_arg": True}]}), "process_kprobe.args[0].int_arg",
     "want a number"),
    ('{"process_kprobe":{"args":[{"int_arg":1.5}]},"node_name":"n",'
     '"time":"2024-01-01T00:00:00Z"}', "process_kprobe.args[0].int_arg", "want a JSON integer"),
    ('{"process_kprobe":{"args":[{"int_arg":-0}]},"node_name":"n",'
     '"time":"2024-01-01T00:00:00Z"}', "process_kprobe.args[0].int_arg", "canonical"),
    (line("process_exec", {"process": {"pid": 1}}, time="2024-01-01T00:00:00+00:00"), "time",
     "RFC 3339 UTC"),
    (line("process_exec", {"process": {"pid": 1}}, time="2024-01-01T00:00:00.1234Z"), "time",
     "RFC 3339 UTC"),
    (line("process_exec", {"process": {"pid": 1}}, time="2024-01-01T00:00:00.500000Z"), "time",
     "non-canonical fraction"),
    (line("process_exec", {"process": {"pid": 1}}, time="2024-01-01T00:00:00.000Z"), "time",
     "non-canonical fraction"),
    (line("process_exec", {"process": {"pid": 1}}, time="2024-02-30T00:00:00Z"), "time",
     "day is out of range"),
    (line("process_exec", {"process": {"pid": 1}}, time="2024-01-01 00:00:00Z"), "time",
     "RFC 3339 UTC"),
    (line("process_exec", {"process": {"pid": 1}}, time=1704067200), "time",
     "want an RFC 3339 string"),
    (line("process_kprobe", {"args": [{"bytes_arg": "aGVsbG8"}]}),
     "process_kprobe.args[0].bytes_arg", "padded standard base64"),
    (line("process_kprobe", {"args": [{"bytes_arg": "aGVs-G8="}]}),
     "process_kprobe.args[0].bytes_arg", "padded standard base64"),
    (line("process_kprobe", {"args": [{"bytes_arg": "not base64!"}]}),
     "process_kprobe.args[0].bytes_arg", "padded standard base64"),
    (line("process_kprobe", {"args": [{"bytes_arg": "QR=="}]}),
     "process_kprobe.args[0].bytes_arg", "non-canonical base64"),
    (line("process_kprobe", {"args": [{"truncated_bytes_arg": {"bytes_arg": "AA=",
                                                                "orig_size": "3"}}]}),
     "process_kprobe.args[0].truncated_bytes_arg.bytes_arg", "padded standard base64"),
    (line("process_kprobe", {"args": [{"int_arg": 1, "string_arg": "x"}]}),
     "process_kprobe.args[0].string_arg", "oneof 'arg'"),
    (line("process_kprobe", {"return": {"file_arg": {}, "path_arg": {}}}),
     "process_kprobe.return.path_arg", "oneof 'arg'"),
    (line("process_kprobe", {"action": "KPROBE_ACTION_KILL"}), "process_kprobe.action",
     "unknown KprobeAction"),
    (line("process_kprobe", {"action": 3}), "process_kprobe.action", "want the value's name"),
    (line("process_kprobe", {"action": "kprobe_action_post"}), "process_kprobe.action",
     "unknown KprobeAction"),
    (line("process_exec", {"process": {"process_credentials": {"securebits": ["SecBitNoroot"]}}}),
     "process_exec.process.process_credentials.securebits[0]", "unknown SecureBitsType"),
    (line("process_exec", {"process": {"ns": {"uts": {"inum": "4026531838"}}}}),
     "process_exec.process.ns.uts.inum", ""),
    (line("process_exec", {"process": {"ns": {"time_ns": {"inum": 1}}}}),
     "process_exec.process.ns.time_ns", "unknown field"),
    (line("process_exec", {"process": {"cap": {"permitted": ["CAP_DAC_OVERRIDE"]}}}),
     "process_exec.process.cap.permitted[0]", "unknown CapabilitiesType"),
    (line("process_kprobe", {"args": [{"bpf_cmd_arg": "BPF_PROG_RUN"}]}),
     "process_kprobe.args[0].bpf_cmd_arg", "unknown BpfCmd"),
    (line("process_exec", {"process": {"execId": EXEC_ID}}), "process_exec.process.execId",
     "json_name"),
    (line("process_exec", {"process": {"startTime": "2024-01-01T00:00:00Z"}}),
     "process_exec.process.startTime", "json_name"),
    (line("process_exec", {"process": {"pid": None}}), "process_exec.process.pid", "null"),
    (line("process_exec", {"process": {"pid": "1"}}), "process_exec.process.pid",
     "want a JSON integer"),
    (line("process_exec", {"process": {"uid": -1}}), "process_exec.process.uid",
     "out of range"),
    (line("process_exec", {"process": {"in_init_tree": "true"}}),
     "process_exec.process.in_init_tree", "want true or false"),
    (line("process_exec", {"process": {"binary": 5}}), "process_exec.process.binary",
     "want a JSON string"),
    (line("process_exec", {"process": {"binary": "\ud800x"}}), "process_exec.process.binary",
     "lone surrogate"),
    (line("process_exec", {"process": "p"}), "process_exec.process", "want an object"),
    (line("process_exec", {"ancestors": {}}), "process_exec.ancestors", "want an array"),
    (line("process_exec", {"ancestors": [None]}), "process_exec.ancestors[0]", "null"),
    (line("process_kprobe", {"tags": "a"}), "process_kprobe.tags", "want an array"),
    (line("process_kprobe", {"tags": ["a", 1]}), "process_kprobe.tags[1]", "want a JSON string"),
    (line("process_exec", {"process": {"pod": {"pod_labels": {"a": 1}}}}),
     'process_exec.process.pod.pod_labels["a"]', "want a JSON string"),
    (line("process_exec", {"process": {"pod": {"pod_labels": ["a"]}}}),
     "process_exec.process.pod.pod_labels", "want an object"),
    ('{"process_exec":{"process":{"pid":1,"pid":2}},"node_name":"n",'
     '"time":"2024-01-01T00:00:00Z"}', "process_exec.process.pid", "duplicate field"),
    ('{"process_exec":{"process":{"exec_id":"a","execId":"b"}},"node_name":"n",'
     '"time":"2024-01-01T00:00:00Z"}', "process_exec.process.execId", "duplicate field"),
    ('{"process_exec":{"process":{"pod":{"pod_labels":{"a":"1","a":"2"}}}},"node_name":"n",'
     '"time":"2024-01-01T00:00:00Z"}', 'process_exec.process.pod.pod_labels["a"]',
     "duplicate map key"),
    (line("process_exec", {"process": {"pid": 1}}, process_exit={"status": 1}), "process_exit",
     "oneof 'event'"),
    ('{"node_name":"n","time":"2024-01-01T00:00:00Z"}', "", "no event"),
    ('{"process_exec":{"process":{"pid":1}},"time":"2024-01-01T00:00:00Z"}', "",
     "node_name missing"),
    ('{"process_exec":{"process":{"pid":1}},"node_name":"n"}', "", "time missing"),
    ('{"process_exec":{"process":{"pid":1}},"node_name":"n","time":"2024-01-01T00:00:00Z"',
     "", "not JSON"),
    ('{"process_exec":{"process":{"pid":NaN}},"node_name":"n","time":"2024-01-01T00:00:00Z"}',
     "", "not JSON"),
    ('{"process_exec":{}} {}', "", "not JSON"),
    ('[{"process_exec":{}}]', "", "want a JSON object"),
    ("", "", "empty line"),
    (b'{"process_exec":{"process":{"binary":"\xff"}},"node_name":"n",'
     b'"time":"2024-01-01T00:00:00Z"}', "", "not valid UTF-8"),
    (line("process_exit", {"status": 9, "signal": 9}), "process_exit.signal",
     "want a JSON string"),
    (line("process_kprobe", {"args": [{"error_arg": {"message": "x"}}]}),
     "process_kprobe.args[0].error_arg.message", "unknown field"),
    (line("process_kprobe", {"args": [{"syscall_id": {"id": "59", "abi": "x64"}}]}),
     "process_kprobe.args[0].syscall_id.id", "want a JSON integer"),
    (line("process_kprobe", {"args": [{"capability_arg": {"value": "21"}}]}),
     "process_kprobe.args[0].capability_arg.value", "want a JSON integer"),
    (line("process_kprobe", {"args": [{"module_arg": {"signature_ok": 1}}]}),
     "process_kprobe.args[0].module_arg.signature_ok", "want true or false"),
    (line("process_exec", {"process": {"binary_properties": {"file": {"inode": {
        "number": 1053473}}}}}),
     "process_exec.process.binary_properties.file.inode.number", "uint64 as a JSON number"),
    (line("rate_limit_info", {"number_of_dropped_process_events": 3}),
     "rate_limit_info.number_of_dropped_process_events", "uint64 as a JSON number"),
    (line("process_tracepoint", {"args": [{"int_arg": 1}]}, time="2024-01-01T00:00:60Z"),
     "time", "second must be in"),
]

# Zero values protojson omits: warnings by default, errors with --strict.
ZEROS = [
    (line("process_exec", {"process": {"pid": 1, "cwd": ""}}), "process_exec.process.cwd"),
    (line("process_exec", {"process": {"pid": 1, "refcnt": 0}}), "process_exec.process.refcnt"),
    (line("process_exit", {"status": 0}), "process_exit.status"),
    (line("process_kprobe", {"action": "KPROBE_ACTION_UNKNOWN"}), "process_kprobe.action"),
    (line("process_kprobe", {"tags": []}), "process_kprobe.tags"),
    (line("process_uprobe", {"offset": "0"}), "process_uprobe.offset"),
    (line("process_exec", {"process": {"pod": {"pod_labels": {}}}}),
     "process_exec.process.pod.pod_labels"),
    (line("process_exec", {"process": {"ns": {"user": {"is_host": False}}}}),
     "process_exec.process.ns.user.is_host"),
    (line("process_loader", {"buildid": ""}), "process_loader.buildid"),
    (line("process_kprobe", {"args": [{"string_arg": "x", "label": ""}]}),
     "process_kprobe.args[0].label"),
    (line("process_exec", {"process": {"pid": 1}}, cluster_name=""), "cluster_name"),
]

# What protojson's parser accepts but its Marshal never writes: rejected by default, accepted
# with --protojson. (line, expected path)
CANON = [
    (line("process_exec", {"process": {"execId": EXEC_ID, "startTime": "2024-01-01T00:00:00Z",
                                       "parentExecId": "x", "inInitTree": True}}),
     "process_exec.process.execId"),
    (line("process_exec", {"process": {"pid": 1}}, nodeName="n2", time="2024-01-01T00:00:00Z")
     .replace('"node_name":"tpc-node-1",', ""), "nodeName"),
    (line("process_kprobe", {"args": [{"long_arg": -5}, {"size_arg": 5}]}),
     "process_kprobe.args[0].long_arg"),
    (line("process_kprobe", {"args": [{"int_arg": "-5"}, {"uint_arg": "7"}]}),
     "process_kprobe.args[0].int_arg"),
    ('{"process_kprobe":{"args":[{"int_arg":1.0},{"uint_arg":1e2},{"size_arg":"1e3"}]},'
     '"node_name":"n","time":"2024-01-01T00:00:00Z"}', "process_kprobe.args[0].int_arg"),
    (line("process_kprobe", {"action": 3, "return_action": 99}), "process_kprobe.action"),
    (line("process_exec", {"process": {"pid": None, "binary": "/x"}, "parent": None}),
     "process_exec.process.pid"),
    (line("process_kprobe", {"args": [{"string_arg": None, "int_arg": 1}]}),
     "process_kprobe.args[0].string_arg"),
    (line("process_kprobe", {"args": [{"bytes_arg": "aGVsbG8"}, {"bytes_arg": "-_8="}]}),
     "process_kprobe.args[0].bytes_arg"),
    (line("process_exec", {"process": {"pid": 1}}, time="2024-01-01T01:00:00.5+01:00"), "time"),
    (line("process_exec", {"process": {"pid": 1}}, time="2024-01-01T00:00:00.1234Z"), "time"),
]

# protojson's parser rejects these too
BAD_ANYWAY = [
    line("process_exec", {"process": {"pid": 1, "bogus": 1}}),
    line("process_kprobe", {"args": [{"int_arg": 1.5}]}),
    line("process_kprobe", {"args": [{"int_arg": " 5"}]}),
    line("process_kprobe", {"args": [{"size_arg": -1}]}),
    line("process_kprobe", {"action": "NOPE"}),
    line("process_kprobe", {"args": [{"int_arg": 1, "uint_arg": 2}]}),
    line("process_kprobe", {"args": [{"bytes_arg": "a"}]}),
    line("process_kprobe", {"args": [{"bytes_arg": "aGVsbG8=="}]}),
    line("process_kprobe", {"tags": [None]}),
    line("process_exec", {"process": {"pid": 1}}, time="2024-01-01T00:00:00.1234567891Z"),
    line("process_exec", {"process": {"pid": 1}}, time="2024-01-01T00:00:00"),
    line("process_exec", {"process": {"in_init_tree": 1}}),
    line("process_exec", {"process": {"pod": {"pod_labels": {"a": None}}}}),
]


def problems(text, **mode):
    return tj.Checker(**mode).check_line(text)


class TestGood(unittest.TestCase):
    def test_good_lines_pass_every_level(self):
        for i, text in enumerate(GOOD):
            for mode in ({}, {"strict": True}, {"protojson": True}):
                with self.subTest(i=i, mode=mode):
                    self.assertEqual([str(p) for p in problems(text, **mode)], [])

    def test_every_argument_kind_is_covered(self):
        kinds = {k for a in ALL_ARGS for k in a if k != "label"}
        self.assertEqual(kinds, set(tj.ONEOFS["KprobeArgument"]["arg"]))

    def test_every_event_kind_is_covered(self):
        kinds = {k for t in GOOD for k in json.loads(t) if k in tj.EVENT_KEYS}
        self.assertEqual(kinds, set(tj.EVENT_KEYS))


class TestBad(unittest.TestCase):
    def test_bad_lines_are_reported_at_the_field(self):
        for text, path, words in BAD:
            with self.subTest(text=text[:100]):
                got = problems(text)
                self.assertTrue(any(p.error and p.path == path and words in p.text for p in got),
                                f"want '{words}' at '{path}', got {[str(p) for p in got]}")

    def test_zero_values_warn_by_default_and_fail_strict(self):
        for text, path in ZEROS:
            with self.subTest(text=text[:100]):
                got = problems(text)
                self.assertTrue(got and all(not p.error for p in got), [str(p) for p in got])
                self.assertTrue(any(p.path == path and "protojson omits" in p.text for p in got))
                got = problems(text, strict=True)
                self.assertTrue(any(p.error and p.path == path for p in got))
                self.assertEqual(problems(text, protojson=True), [])

    def test_parser_only_forms_need_protojson_mode(self):
        for text, path in CANON:
            with self.subTest(text=text[:100]):
                got = problems(text)
                self.assertTrue(any(p.error and p.path == path for p in got),
                                [str(p) for p in got])
                self.assertEqual([str(p) for p in problems(text, protojson=True)], [])

    def test_protojson_mode_still_rejects(self):
        for text in BAD_ANYWAY:
            with self.subTest(text=text[:100]):
                self.assertTrue(any(p.error for p in problems(text, protojson=True)))


class TestCli(unittest.TestCase):
    def run_main(self, data, *args):
        path = os.path.join(self.tmp, "in.jsonl")
        with open(path, "wb") as f:
            f.write(data)
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            rc = tj.main([*args, path])
        return rc, out.getvalue(), err.getvalue()

    def setUp(self):
        import tempfile
        self.tmp = tempfile.mkdtemp()

    def tearDown(self):
        import shutil
        shutil.rmtree(self.tmp)

    def test_exit_codes_and_line_numbers(self):
        good = GOOD[4].encode()
        rc, out, err = self.run_main(good + b"\n" + good + b"\n")
        self.assertEqual((rc, out), (0, ""))
        self.assertIn("2 lines, 0 errors", err)
        rc, out, _ = self.run_main(good + b"\n" + BAD[2][0].encode())
        self.assertEqual(rc, 1)
        self.assertEqual(out.splitlines(), [
            "line 2: process_kprobe.args[0].long_arg: int64 as a JSON number 5: protojson "
            "prints 64-bit integers as strings (\"5\"; its parser also takes numbers: "
            "--protojson)"])
        rc, out, _ = self.run_main(ZEROS[0][0].encode())
        self.assertEqual(rc, 0)
        self.assertIn("line 1: process_exec.process.cwd: warning: empty string present", out)
        rc, out, _ = self.run_main(ZEROS[0][0].encode(), "--strict")
        self.assertEqual(rc, 1)
        rc, _, _ = self.run_main(b"")
        self.assertEqual(rc, 0)
        rc, out, _ = self.run_main(good + b"\n\n" + good)
        self.assertEqual((rc, out.strip()), (1, "line 2: $: empty line (want one JSON object "
                                                 "per line)"))

    def test_json_report(self):
        rc, out, _ = self.run_main(BAD[0][0].encode() + b"\n", "--json")
        self.assertEqual(rc, 1)
        d = json.loads(out)
        self.assertEqual((d["lines"], d["errors"], d["warnings"]), (1, 1, 0))
        self.assertEqual(d["problems"][0]["path"], "process_exec.process.no_such_field")
        self.assertEqual(d["problems"][0]["severity"], "error")

    def test_usage_and_unreadable(self):
        err = io.StringIO()
        with redirect_stderr(err):
            self.assertEqual(tj.main(["--no-such-option", "-"]), 2)
            self.assertEqual(tj.main([os.path.join(self.tmp, "missing")]), 2)
            self.assertEqual(tj.main([]), 2)

    def test_stdin_and_subprocess(self):
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tetragon_json.py")
        p = subprocess.run([sys.executable, script, "--strict", "-"], input=GOOD[0].encode(),
                           capture_output=True, check=False)
        self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
        p = subprocess.run([sys.executable, script, "--help"], capture_output=True, check=False)
        self.assertEqual(p.returncode, 0)
        self.assertIn(b"Exit status", p.stdout)


if __name__ == "__main__":
    unittest.main()
