#!/usr/bin/env python3
# SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
"""Strict checker of Tetragon event JSON: one tetragon.GetEventsResponse per line, as
Tetragon's exporter prints it (Go protojson, UseProtoNames: true).

Usage: tetragon_json.py [--strict] [--protojson] [--json] [-q] FILE|- ...

The schema below is our own declaration of the message types, written from the field list of
Tetragon's API (api/v1/tetragon/{events,tetragon,capabilities,bpf}.proto and
docs/content/en/docs/reference/grpc-api.md of cilium/tetragon, read at commit 4fbfe2d74ecb,
2026-08-21, after v1.8.0-pre.0; the .proto files last changed in 3288dbfb9040). Field numbers
are left out: the JSON mapping does not use them.

Levels (docs/events.md, "Checking event JSON"):
  default      the form protojson's Marshal writes, which is what tpload must print:
               proto (snake_case) field names only, 64-bit integers as canonical decimal
               strings, 32-bit integers as plain JSON integers, enums by name, bytes as
               padded standard base64, timestamps RFC 3339 UTC with 'Z' and 0, 3, 6 or 9
               fraction digits (canonical: ".500", not ".500000"), wrappers as bare values,
               no null, valid UTF-8; unknown fields, duplicate fields, two members of one
               oneof and wrong JSON types are errors. The envelope must hold exactly one
               event, node_name and time (Tetragon's exporter always sets them).
               A present zero value that protojson would have omitted is a warning.
  --strict     those warnings are errors: Tetragon's encoder (pkg/encoder/encoder.go,
               ProtojsonEncoder.Encode) marshals with MarshalOptions{UseProtoNames: true},
               EmitUnpopulated false, so "", 0, "0", false, the zero enum, [] and {} never
               appear -- except in wrappers (google.protobuf.UInt32Value etc.) and oneof
               members, which protojson prints when set, even to zero ({"int_arg":0}).
  --protojson  accept everything protojson.Unmarshal (DiscardUnknown false, Tetragon's
               UnmarshalJSON) accepts: also lowerCamelCase json names, null as unset, 64-bit
               integers as numbers, 32-bit integers as strings or integral 1.0/1e2 forms,
               enum numbers, URL-safe or unpadded base64, any RFC 3339 offset and 1-9
               fraction digits; no envelope or zero-value rules. For lines not printed by
               tpload (e.g. a real Tetragon export).

Output: "line N: path.to.field: problem" per problem (warnings say "warning:"), then a
summary on stderr; --json prints one JSON object instead. Exit: 0 every line conforms,
1 some line does not, 2 usage error or unreadable input.
"""
import argparse
import base64
import binascii
import datetime
import json
import re
import sys
from decimal import Decimal, InvalidOperation

# ---------------------------------------------------------------------------- schema
# Type names: the protobuf scalars below, google.protobuf well-known types, enum names (ENUMS),
# message names (MESSAGES); ("repeated", T) and ("map", T) (map<string, T>) wrap them.
SCALARS = {"string", "bytes", "bool", "int32", "uint32", "int64", "uint64"}
TIMESTAMP = "google.protobuf.Timestamp"
WRAPPERS = {"google.protobuf.UInt32Value": "uint32", "google.protobuf.Int32Value": "int32",
            "google.protobuf.BoolValue": "bool", "google.protobuf.UInt64Value": "uint64",
            "google.protobuf.Int64Value": "int64", "google.protobuf.StringValue": "string"}


def rep(t):
    return ("repeated", t)


def map_of(t):
    return ("map", t)


S, BY, B, I32, U32, I64, U64 = "string", "bytes", "bool", "int32", "uint32", "int64", "uint64"
TS, U32V, I32V, BV = TIMESTAMP, "google.protobuf.UInt32Value", "google.protobuf.Int32Value", \
    "google.protobuf.BoolValue"

# Enum values by name, the zero value first (protojson omits a singular zero enum).
ENUMS = {
    "KprobeAction": [
        "KPROBE_ACTION_UNKNOWN", "KPROBE_ACTION_POST", "KPROBE_ACTION_FOLLOWFD",
        "KPROBE_ACTION_SIGKILL", "KPROBE_ACTION_UNFOLLOWFD", "KPROBE_ACTION_OVERRIDE",
        "KPROBE_ACTION_COPYFD", "KPROBE_ACTION_GETURL", "KPROBE_ACTION_DNSLOOKUP",
        "KPROBE_ACTION_NOPOST", "KPROBE_ACTION_SIGNAL", "KPROBE_ACTION_TRACKSOCK",
        "KPROBE_ACTION_UNTRACKSOCK", "KPROBE_ACTION_NOTIFYENFORCER",
        "KPROBE_ACTION_CLEANUPENFORCERNOTIFICATION", "KPROBE_ACTION_SET"],
    # capabilities.proto: value 1 really is named DAC_OVERRIDE (no CAP_ prefix).
    "CapabilitiesType": [
        "CAP_CHOWN", "DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
        "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
        "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
        "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
        "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
        "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE",
        "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
        "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE"],
    "SecureBitsType": [
        "SecBitNotSet", "SecBitNoRoot", "SecBitNoRootLocked", "SecBitNoSetUidFixup",
        "SecBitNoSetUidFixupLocked", "SecBitKeepCaps", "SecBitKeepCapsLocked",
        "SecBitNoCapAmbientRaise", "SecBitNoCapAmbientRaiseLocked"],
    "ProcessPrivilegesChanged": [
        "PRIVILEGES_CHANGED_UNSET", "PRIVILEGES_RAISED_EXEC_FILE_CAP",
        "PRIVILEGES_RAISED_EXEC_FILE_SETUID", "PRIVILEGES_RAISED_EXEC_FILE_SETGID"],
    "TaintedBitsType": [
        "TAINT_UNSET", "TAINT_PROPRIETARY_MODULE", "TAINT_FORCED_MODULE",
        "TAINT_FORCED_UNLOAD_MODULE", "TAINT_STAGED_MODULE", "TAINT_OUT_OF_TREE_MODULE",
        "TAINT_UNSIGNED_MODULE", "TAINT_KERNEL_LIVE_PATCH_MODULE", "TAINT_TEST_MODULE"],
    "BpfCmd": [
        "BPF_MAP_CREATE", "BPF_MAP_LOOKUP_ELEM", "BPF_MAP_UPDATE_ELEM", "BPF_MAP_DELETE_ELEM",
        "BPF_MAP_GET_NEXT_KEY", "BPF_PROG_LOAD", "BPF_OBJ_PIN", "BPF_OBJ_GET",
        "BPF_PROG_ATTACH", "BPF_PROG_DETACH", "BPF_PROG_TEST_RUN", "BPF_PROG_GET_NEXT_ID",
        "BPF_MAP_GET_NEXT_ID", "BPF_PROG_GET_FD_BY_ID", "BPF_MAP_GET_FD_BY_ID",
        "BPF_OBJ_GET_INFO_BY_FD", "BPF_PROG_QUERY", "BPF_RAW_TRACEPOINT_OPEN", "BPF_BTF_LOAD",
        "BPF_BTF_GET_FD_BY_ID", "BPF_TASK_FD_QUERY", "BPF_MAP_LOOKUP_AND_DELETE_ELEM",
        "BPF_MAP_FREEZE", "BPF_BTF_GET_NEXT_ID", "BPF_MAP_LOOKUP_BATCH",
        "BPF_MAP_LOOKUP_AND_DELETE_BATCH", "BPF_MAP_UPDATE_BATCH", "BPF_MAP_DELETE_BATCH",
        "BPF_LINK_CREATE", "BPF_LINK_UPDATE", "BPF_LINK_GET_FD_BY_ID", "BPF_LINK_GET_NEXT_ID",
        "BPF_ENABLE_STATS", "BPF_ITER_CREATE", "BPF_LINK_DETACH", "BPF_PROG_BIND_MAP",
        "BPF_TOKEN_CREATE"],
    "ThrottleType": ["THROTTLE_UNKNOWN", "THROTTLE_START", "THROTTLE_STOP"],
}

# Messages: field name -> type, in the .proto's order. ONEOFS names the oneof groups.
_PROCESS_EVENT_HEAD = {"process": "Process", "parent": "Process"}
MESSAGES = {
    "GetEventsResponse": {
        "process_exec": "ProcessExec", "process_exit": "ProcessExit",
        "process_kprobe": "ProcessKprobe", "process_tracepoint": "ProcessTracepoint",
        "process_loader": "ProcessLoader", "process_uprobe": "ProcessUprobe",
        "process_throttle": "ProcessThrottle", "process_lsm": "ProcessLsm",
        "process_usdt": "ProcessUsdt", "test": "Test", "rate_limit_info": "RateLimitInfo",
        "node_name": S, "time": TS, "aggregation_info": "AggregationInfo",
        "cluster_name": S, "node_labels": map_of(S)},
    "AggregationInfo": {"count": U64},
    "RateLimitInfo": {"number_of_dropped_process_events": U64},
    "ProcessThrottle": {"type": "ThrottleType", "cgroup": S},
    "Test": {"arg0": U64, "arg1": U64, "arg2": U64, "arg3": U64},
    "ProcessExec": {**_PROCESS_EVENT_HEAD, "ancestors": rep("Process")},
    "ProcessExit": {**_PROCESS_EVENT_HEAD, "signal": S, "status": U32, "time": TS,
                    "ancestors": rep("Process")},
    "ProcessKprobe": {
        **_PROCESS_EVENT_HEAD, "function_name": S, "args": rep("KprobeArgument"),
        "return": "KprobeArgument", "action": "KprobeAction",
        "kernel_stack_trace": rep("StackTraceEntry"), "policy_name": S,
        "return_action": "KprobeAction", "message": S, "tags": rep(S),
        "user_stack_trace": rep("StackTraceEntry"), "ancestors": rep("Process"),
        "data": rep("KprobeArgument")},
    "ProcessTracepoint": {
        **_PROCESS_EVENT_HEAD, "subsys": S, "event": S, "args": rep("KprobeArgument"),
        "policy_name": S, "action": "KprobeAction", "message": S, "tags": rep(S),
        "ancestors": rep("Process")},
    "ProcessUprobe": {
        **_PROCESS_EVENT_HEAD, "path": S, "symbol": S, "policy_name": S, "message": S,
        "args": rep("KprobeArgument"), "tags": rep(S), "ancestors": rep("Process"),
        "offset": U64, "ref_ctr_offset": U64, "action": "KprobeAction",
        "data": rep("KprobeArgument")},
    "ProcessUsdt": {
        **_PROCESS_EVENT_HEAD, "path": S, "provider": S, "name": S, "policy_name": S,
        "message": S, "args": rep("KprobeArgument"), "tags": rep(S),
        "ancestors": rep("Process"), "action": "KprobeAction", "flags": S},
    "ProcessLsm": {
        **_PROCESS_EVENT_HEAD, "function_name": S, "policy_name": S, "message": S,
        "args": rep("KprobeArgument"), "action": "KprobeAction", "tags": rep(S),
        "ancestors": rep("Process"), "ima_hash": S},
    "ProcessLoader": {"process": "Process", "path": S, "buildid": BY, "parent": "Process",
                      "ancestors": rep("Process")},
    "Process": {
        "exec_id": S, "pid": U32V, "uid": U32V, "cwd": S, "binary": S, "arguments": S,
        "flags": S, "start_time": TS, "auid": U32V, "pod": "Pod", "docker": S,
        "parent_exec_id": S, "refcnt": U32, "cap": "Capabilities", "ns": "Namespaces",
        "tid": U32V, "process_credentials": "ProcessCredentials",
        "binary_properties": "BinaryProperties", "user": "UserRecord", "in_init_tree": BV,
        "environment_variables": rep("EnvVar")},
    "EnvVar": {"Key": S, "Value": S},
    "UserRecord": {"name": S},
    "Image": {"id": S, "name": S},
    "SecurityContext": {"privileged": B},
    "Container": {"id": S, "name": S, "image": "Image", "start_time": TS, "pid": U32V,
                  "maybe_exec_probe": B, "security_context": "SecurityContext"},
    "Pod": {"namespace": S, "name": S, "uid": S, "container": "Container",
            "pod_labels": map_of(S), "workload": S, "workload_kind": S,
            "pod_annotations": map_of(S)},
    "Capabilities": {"permitted": rep("CapabilitiesType"), "effective": rep("CapabilitiesType"),
                     "inheritable": rep("CapabilitiesType")},
    "Namespace": {"inum": U32, "is_host": B},
    "Namespaces": {n: "Namespace" for n in ("uts", "ipc", "mnt", "pid", "pid_for_children",
                                            "net", "time", "time_for_children", "cgroup",
                                            "user")},
    "UserNamespace": {"level": I32V, "uid": U32V, "gid": U32V, "ns": "Namespace"},
    "ProcessCredentials": {
        **{n: U32V for n in ("uid", "gid", "euid", "egid", "suid", "sgid", "fsuid", "fsgid")},
        "securebits": rep("SecureBitsType"), "caps": "Capabilities",
        "user_ns": "UserNamespace"},
    "InodeProperties": {"number": U64, "links": U32V},
    "FileProperties": {"inode": "InodeProperties", "path": S},
    "BinaryProperties": {"setuid": U32V, "setgid": U32V,
                         "privileges_changed": rep("ProcessPrivilegesChanged"),
                         "file": "FileProperties"},
    "StackTraceEntry": {"address": U64, "offset": U64, "symbol": S, "module": S},
    "KprobeArgument": {
        "string_arg": S, "int_arg": I32, "skb_arg": "KprobeSkb", "size_arg": U64,
        "bytes_arg": BY, "path_arg": "KprobePath", "file_arg": "KprobeFile",
        "truncated_bytes_arg": "KprobeTruncatedBytes", "sock_arg": "KprobeSock",
        "cred_arg": "KprobeCred", "long_arg": I64, "bpf_attr_arg": "KprobeBpfAttr",
        "perf_event_arg": "KprobePerfEvent", "bpf_map_arg": "KprobeBpfMap", "uint_arg": U32,
        "user_namespace_arg": "KprobeUserNamespace", "capability_arg": "KprobeCapability",
        "process_credentials_arg": "ProcessCredentials", "user_ns_arg": "UserNamespace",
        "module_arg": "KernelModule", "kernel_cap_t_arg": S, "cap_inheritable_arg": S,
        "cap_permitted_arg": S, "cap_effective_arg": S, "linux_binprm_arg": "KprobeLinuxBinprm",
        "net_dev_arg": "KprobeNetDev", "bpf_cmd_arg": "BpfCmd", "syscall_id": "SyscallId",
        "sockaddr_arg": "KprobeSockaddr", "bpf_prog_arg": "KprobeBpfProg",
        "error_arg": "KprobeError", "sockaddrun_arg": "KprobeSockaddrUn",
        "label": S},
    "KprobeSock": {"family": S, "type": S, "protocol": S, "mark": U32, "priority": U32,
                   "saddr": S, "daddr": S, "sport": U32, "dport": U32, "cookie": U64,
                   "state": S},
    "KprobeSkb": {"hash": U32, "len": U32, "priority": U32, "mark": U32, "saddr": S,
                  "daddr": S, "sport": U32, "dport": U32, "proto": U32, "sec_path_len": U32,
                  "sec_path_olen": U32, "protocol": S, "family": S},
    "KprobeSockaddr": {"family": S, "addr": S, "port": U32},
    "KprobeSockaddrUn": {"family": S, "path": S},
    "KprobeNetDev": {"name": S},
    "KprobePath": {"mount": S, "path": S, "flags": S, "permission": S},
    "KprobeFile": {"mount": S, "path": S, "flags": S, "permission": S},
    "KprobeTruncatedBytes": {"bytes_arg": BY, "orig_size": U64},
    "KprobeCred": {"permitted": rep("CapabilitiesType"), "effective": rep("CapabilitiesType"),
                   "inheritable": rep("CapabilitiesType")},
    "KprobeLinuxBinprm": {"path": S, "flags": S, "permission": S},
    "KprobeCapability": {"value": I32V, "name": S},
    "KprobeUserNamespace": {"level": I32V, "owner": U32V, "group": U32V, "ns": "Namespace"},
    "KprobeBpfAttr": {"ProgType": S, "InsnCnt": U32, "ProgName": S},
    "KprobeBpfProg": {"ProgType": S, "InsnCnt": U32, "ProgName": S},
    "KprobePerfEvent": {"KprobeFunc": S, "Type": S, "Config": U64, "ProbeOffset": U64},
    "KprobeBpfMap": {"MapType": S, "KeySize": U32, "ValueSize": U32, "MaxEntries": U32,
                     "MapName": S},
    "KprobeError": {"Message": S},
    "SyscallId": {"id": U32, "abi": S},
    "KernelModule": {"name": S, "signature_ok": BV, "tainted": rep("TaintedBitsType")},
}

ONEOFS = {
    "GetEventsResponse": {"event": ["process_exec", "process_exit", "process_kprobe",
                                    "process_tracepoint", "process_loader", "process_uprobe",
                                    "process_throttle", "process_lsm", "process_usdt", "test",
                                    "rate_limit_info"]},
    "KprobeArgument": {"arg": [f for f in MESSAGES["KprobeArgument"] if f != "label"]},
}


def json_name(name):
    """protoc's default json_name: '_x' -> 'X' (exec_id -> execId; ProgType stays)."""
    out, up = [], False
    for c in name:
        if c == "_":
            up = True
        elif up:
            out.append(c.upper())
            up = False
        else:
            out.append(c)
    return "".join(out)


def _self_check():
    for msg, fields in MESSAGES.items():
        for f, t in fields.items():
            while isinstance(t, tuple):
                t = t[1]
            assert t in SCALARS or t == TIMESTAMP or t in WRAPPERS or t in ENUMS \
                or t in MESSAGES, (msg, f, t)
    for msg, groups in ONEOFS.items():
        for members in groups.values():
            assert all(m in MESSAGES[msg] for m in members), msg


_self_check()
_ONEOF_OF = {(msg, m): g for msg, groups in ONEOFS.items() for g, ms in groups.items()
             for m in ms}
_BY_JSON_NAME = {msg: {json_name(f): f for f in fields if json_name(f) != f}
                 for msg, fields in MESSAGES.items()}
EVENT_KEYS = ONEOFS["GetEventsResponse"]["event"]

# ---------------------------------------------------------------------------- JSON reading


class JObject(list):
    """A JSON object as its (key, value) pairs: duplicates stay visible."""


class JInt(int):
    """A JSON integer that remembers how it was written ("-0")."""
    raw = ""


def _jint(s):
    v = JInt(int(s))
    v.raw = s
    return v


def _no_constant(s):
    raise ValueError(f"{s} is not JSON")


def parse_json(text):
    return json.loads(text, object_pairs_hook=JObject, parse_int=_jint, parse_float=Decimal,
                      parse_constant=_no_constant)


def _jtype(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, (int, Decimal)):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, JObject):
        return "an object"
    return "an array"


def _show(v, limit=40):
    if isinstance(v, JObject):
        return "{...}"
    if isinstance(v, list):
        return "[...]"
    if isinstance(v, JInt):
        s = v.raw
    elif isinstance(v, Decimal):
        s = str(v)
    else:
        s = json.dumps(v, ensure_ascii=True)
    return s if len(s) <= limit else s[:limit] + "..."


# ---------------------------------------------------------------------------- checking
_RANGES = {"int32": (-2**31, 2**31 - 1), "uint32": (0, 2**32 - 1),
           "int64": (-2**63, 2**63 - 1), "uint64": (0, 2**64 - 1)}
_CANON_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\Z")
_B64_STD = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?\Z")
_TS_EMIT = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
                      r"(\.[0-9]{3}|\.[0-9]{6}|\.[0-9]{9})?Z\Z")
_TS_ANY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
                     r"(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})\Z")


class Problem:
    __slots__ = ("line", "path", "text", "error", "file")

    def __init__(self, line, path, text, error):
        self.line, self.path, self.text, self.error = line, path, text, error
        self.file = None

    def __str__(self):
        return f"{self.file + ': ' if self.file else ''}line {self.line}: {self.path or '$'}: " \
            f"{'' if self.error else 'warning: '}{self.text}"


class Checker:
    """One checker per mode; check_line() returns the line's problems."""

    def __init__(self, strict=False, protojson=False):
        self.strict, self.lenient = strict, protojson

    def check_line(self, text, lineno=1):
        self._out, self._line = [], lineno
        if isinstance(text, bytes):
            try:
                text = text.decode("utf-8")
            except UnicodeDecodeError as e:
                self._err("", f"not valid UTF-8 (byte {e.start}: {text[e.start]:#04x})")
                return self._out
        if not text.strip():
            self._err("", "empty line (want one JSON object per line)")
            return self._out
        try:
            doc = parse_json(text)
        except (ValueError, RecursionError) as e:
            self._err("", f"not JSON: {e}")
            return self._out
        if not isinstance(doc, JObject):
            self._err("", f"want a JSON object, got {_jtype(doc)}")
            return self._out
        self._message(doc, "GetEventsResponse", "")
        if not self.lenient:
            self._envelope(doc)
        return self._out

    # -- reporting
    def _err(self, path, text):
        self._out.append(Problem(self._line, path, text, True))

    def _zero(self, path, what):
        if self.lenient:
            return
        self._out.append(Problem(self._line, path, f"{what} present: protojson omits zero "
                                 "values (Tetragon's exporter does not set EmitUnpopulated)",
                                 self.strict))

    # -- structure
    def _envelope(self, doc):
        keys = {k for k, _ in doc}
        events = [k for k in EVENT_KEYS if k in keys]
        if not events:
            self._err("", "no event: want one of " + ", ".join(EVENT_KEYS))
        for k in ("node_name", "time"):
            if k not in keys:
                self._err("", f"{k} missing (Tetragon's exporter always sets it)")

    def _message(self, obj, msg, path):
        if not isinstance(obj, JObject):
            self._err(path, f"want an object ({msg}), got {_jtype(obj)} {_show(obj)}")
            return
        fields, seen, oneofs = MESSAGES[msg], {}, {}
        for key, val in obj:
            self._utf8(path, key, "field name")
            fpath = f"{path}.{key}" if path else key
            name = key if key in fields else _BY_JSON_NAME[msg].get(key)
            if name is None:
                self._err(fpath, f"unknown field '{key}' in {msg}")
                continue
            if name != key and not self.lenient:
                self._err(fpath, f"json_name '{key}': Tetragon's export prints the proto name "
                          f"'{name}' (protojson reads both; --protojson)")
            if name in seen:
                self._err(fpath, f"duplicate field '{key}'" +
                          (f" (also given as '{seen[name]}')" if seen[name] != key else ""))
                continue
            seen[name] = key
            if val is None:
                if not self.lenient:
                    self._err(fpath, "null: protojson reads it as unset, the export never "
                              "prints it (--protojson)")
                continue
            group = _ONEOF_OF.get((msg, name))
            if group:
                if group in oneofs:
                    self._err(fpath, f"oneof '{group}' of {msg} already set by "
                              f"'{oneofs[group]}': at most one member")
                    continue
                oneofs[group] = key
            self._field(val, fields[name], fpath, singular_zero=group is None)

    def _field(self, val, t, path, singular_zero):
        if isinstance(t, tuple) and t[0] == "repeated":
            if not isinstance(val, list) or isinstance(val, JObject):
                self._err(path, f"repeated field: want an array, got {_jtype(val)}")
                return
            if not val:
                self._zero(path, "empty array")
            for i, v in enumerate(val):
                self._value(v, t[1], f"{path}[{i}]", zero_check=False)
            return
        if isinstance(t, tuple) and t[0] == "map":
            if not isinstance(val, JObject):
                self._err(path, f"map field: want an object, got {_jtype(val)}")
                return
            if not val:
                self._zero(path, "empty map")
            keys = set()
            for k, v in val:
                self._utf8(path, k, "map key")
                kpath = f"{path}[{json.dumps(k)}]"
                if k in keys:
                    self._err(kpath, "duplicate map key")
                    continue
                keys.add(k)
                self._value(v, t[1], kpath, zero_check=False)
            return
        self._value(val, t, path, zero_check=singular_zero)

    def _value(self, v, t, path, zero_check):
        if v is None:
            self._err(path, f"null is not a {t} value")
        elif t in MESSAGES:
            self._message(v, t, path)
        elif t == TIMESTAMP:
            self._timestamp(v, path)
        elif t in WRAPPERS:
            self._scalar(v, WRAPPERS[t], path, zero_check=False)
        elif t in ENUMS:
            self._enum(v, t, path, zero_check)
        else:
            self._scalar(v, t, path, zero_check)

    # -- scalars
    def _utf8(self, path, s, what):
        try:
            s.encode("utf-8")
            return True
        except UnicodeEncodeError as e:
            self._err(path, f"{what} is not valid UTF-8 (lone surrogate "
                      f"\\u{ord(s[e.start]):04x})")
            return False

    def _scalar(self, v, t, path, zero_check):
        if t == "string":
            if not isinstance(v, str):
                self._err(path, f"string: want a JSON string, got {_jtype(v)} {_show(v)}")
            elif self._utf8(path, v, "string") and zero_check and v == "":
                self._zero(path, "empty string")
        elif t == "bool":
            if not isinstance(v, bool):
                self._err(path, f"bool: want true or false, got {_jtype(v)} {_show(v)}")
            elif zero_check and v is False:
                self._zero(path, "false")
        elif t == "bytes":
            b = self._bytes(v, path)
            if b is not None and zero_check and not b:
                self._zero(path, "empty bytes")
        else:
            n = self._integer(v, t, path)
            if n is not None and zero_check and n == 0:
                self._zero(path, f"{t} 0")

    def _integer(self, v, t, path):
        lo, hi = _RANGES[t]
        wide = t in ("int64", "uint64")
        if isinstance(v, bool) or not isinstance(v, (int, Decimal, str)):
            self._err(path, f"{t}: want {'a string' if wide else 'a number'}, "
                      f"got {_jtype(v)} {_show(v)}")
            return None
        if not self.lenient:
            if wide and not isinstance(v, str):
                self._err(path, f"{t} as a JSON number {_show(v)}: protojson prints 64-bit "
                          f"integers as strings (\"{_show(v)}\"; its parser also takes "
                          "numbers: --protojson)")
                return None
            if not wide and not isinstance(v, JInt):
                self._err(path, f"{t}: want a JSON integer, got {_jtype(v)} {_show(v)}")
                return None
            raw = v if wide else v.raw
            if not _CANON_INT.match(raw) or raw == "-0":
                self._err(path, f"{t}: not a canonical decimal integer: {_show(raw)}")
                return None
            n = int(raw)
        else:
            n = self._lenient_int(v)
            if n is None:
                self._err(path, f"{t}: not an integer: {_show(v)}")
                return None
        if not lo <= n <= hi:
            self._err(path, f"{t}: {n} out of range [{lo}, {hi}]")
            return None
        return n

    @staticmethod
    def _lenient_int(v):
        """protojson's unmarshalInt/Uint: a number, or a string holding one (no spaces),
        with an integral value (1.0 and 1e2 are fine)."""
        if isinstance(v, str):
            if not _JSON_NUMBER.match(v):
                return None
            try:
                v = Decimal(v)
            except InvalidOperation:
                return None
        if isinstance(v, Decimal):
            if not v.is_finite() or v != v.to_integral_value():
                return None
            return int(v)
        return int(v)

    def _bytes(self, v, path):
        if not isinstance(v, str):
            self._err(path, f"bytes: want a base64 string, got {_jtype(v)} {_show(v)}")
            return None
        if not self.lenient:
            if not _B64_STD.match(v):
                self._err(path, f"bytes: not padded standard base64 (RFC 4648 section 4): "
                          f"{_show(v)}")
                return None
            b = base64.b64decode(v, validate=True)
            if base64.b64encode(b).decode() != v:
                self._err(path, f"bytes: non-canonical base64 (stray bits in the last "
                          f"character): {_show(v)}")
                return None
            return b
        # protojson's unmarshalBytes: URL alphabet when '-' or '_' occurs, no padding when
        # the length is not a multiple of 4; Go's decoder skips '\r' and '\n'.
        s = v.replace("\r", "").replace("\n", "")
        url = "-" in s or "_" in s
        if len(s) % 4:
            if "=" in s or len(s) % 4 == 1:
                self._err(path, f"bytes: not base64: {_show(v)}")
                return None
            s += "=" * (4 - len(s) % 4)
        try:
            if url:
                if "+" in s or "/" in s:
                    raise binascii.Error("mixed alphabets")
                s = s.replace("-", "+").replace("_", "/")
            if not _B64_STD.match(s):
                raise binascii.Error("bad character or padding")
            return base64.b64decode(s, validate=True)
        except binascii.Error:
            self._err(path, f"bytes: not base64: {_show(v)}")
            return None

    def _enum(self, v, t, path, zero_check):
        names = ENUMS[t]
        if isinstance(v, str):
            if v not in names:
                self._err(path, f"unknown {t} value {_show(v)}")
            elif zero_check and v == names[0]:
                self._zero(path, f"zero {t} {v}")
            return
        if self.lenient and not isinstance(v, bool) and isinstance(v, (int, Decimal)):
            n = self._lenient_int(v)
            if n is None or not _RANGES["int32"][0] <= n <= _RANGES["int32"][1]:
                self._err(path, f"{t}: bad enum number {_show(v)}")
            return
        self._err(path, f"{t}: want the value's name as a string, got {_jtype(v)} {_show(v)}")

    def _timestamp(self, v, path):
        if not isinstance(v, str):
            self._err(path, f"Timestamp: want an RFC 3339 string, got {_jtype(v)} {_show(v)}")
            return
        m = (_TS_ANY if self.lenient else _TS_EMIT).match(v)
        if not m:
            self._err(path, "Timestamp: want RFC 3339 UTC 'YYYY-MM-DDTHH:MM:SS[.fff|.ffffff|"
                      f".fffffffff]Z', got {_show(v)}")
            return
        y, mo, d, h, mi, s = (int(x) for x in m.groups()[:6])
        frac = m.group(7) or ""
        try:
            t = datetime.datetime(y, mo, d, h, mi, s)
        except ValueError as e:
            self._err(path, f"Timestamp: {e}: {_show(v)}")
            return
        if self.lenient:
            if len(frac) > 10:
                self._err(path, f"Timestamp: more than 9 fraction digits: {_show(v)}")
                return
            tz = m.group(8)
            if tz != "Z":
                hh, mm = int(tz[1:3]), int(tz[4:6])
                if hh > 23 or mm > 59:
                    self._err(path, f"Timestamp: bad offset {tz}")
                    return
                off = datetime.timedelta(hours=hh, minutes=mm)
                try:
                    t = t - off if tz[0] == "+" else t + off
                except OverflowError:
                    self._err(path, f"Timestamp: out of range: {_show(v)}")
                    return
            if not datetime.datetime(1, 1, 1) <= t <= datetime.datetime(9999, 12, 31, 23, 59, 59):
                self._err(path, f"Timestamp: out of range [0001, 9999]: {_show(v)}")
            return
        canon = frac.rstrip("0") if frac else ""
        want = "" if canon in ("", ".") else canon + "0" * (-(len(canon) - 1) % 3)
        if frac != want:
            self._err(path, f"Timestamp: non-canonical fraction '{frac}' (protojson prints "
                      f"'{want}'): {_show(v)}")


# ---------------------------------------------------------------------------- CLI
def check_stream(data, checker):
    """Problems and line count of a whole input (bytes): one JSON object per line; a final
    newline is optional."""
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    out = []
    for i, line in enumerate(lines, 1):
        out.extend(checker.check_line(line, i))
    return out, len(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="tetragon_json.py",
        description="Check that every line is one tetragon.GetEventsResponse in the JSON form "
        "Tetragon's exporter prints (protojson, proto field names).",
        epilog="Exit status: 0 every line conforms, 1 some line does not, 2 usage error or "
        "unreadable input. Rules: docs/events.md.")
    ap.add_argument("files", nargs="+", metavar="FILE|-", help="input, '-' for stdin")
    ap.add_argument("--strict", action="store_true",
                    help="zero values that protojson omits are errors, not warnings")
    ap.add_argument("--protojson", action="store_true",
                    help="accept everything protojson's parser accepts (camelCase names, "
                    "null, int64 numbers, ...): for lines not printed by tpload")
    ap.add_argument("-j", "--json", action="store_true", help="print one JSON report")
    ap.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:
        return 0 if e.code == 0 else 2
    checker = Checker(strict=args.strict, protojson=args.protojson)
    problems, nlines = [], 0
    for f in args.files:
        try:
            if f == "-":
                data = sys.stdin.buffer.read()
            else:
                with open(f, "rb") as fh:
                    data = fh.read()
        except OSError as e:
            print(f"tetragon_json.py: {f}: {e.strerror}", file=sys.stderr)
            return 2
        p, n = check_stream(data, checker)
        if len(args.files) > 1:
            for x in p:
                x.file = f
        problems += p
        nlines += n
    errors = sum(1 for p in problems if p.error)
    if args.json:
        json.dump({"lines": nlines, "errors": errors, "warnings": len(problems) - errors,
                   "problems": [{"file": p.file, "line": p.line, "path": p.path,
                                 "problem": p.text,
                                 "severity": "error" if p.error else "warning"}
                                for p in problems]}, sys.stdout)
        print()
    else:
        for p in problems:
            print(p)
    if not args.quiet:
        print(f"tetragon_json.py: {nlines} lines, {errors} errors, {len(problems) - errors} "
              "warnings", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
