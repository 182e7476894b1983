/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Event args that carry kernel objects (tp_abi.h TP_EVA_FILE .. TP_EVA_FAULT) ->
 * Tetragon KprobeArgument members, as Tetragon's userspace turns its own payloads
 * into them (pkg/grpc/tracing/tracing.go getKprobeArgument(), pkg/sensors/tracing/
 * args_linux.go getArg()), protojson-shaped like the rest of events.c. The JSON key
 * comes from the argument's type (the meta "arg" line, through the type table's
 * `render`), with a default per payload when the meta is missing.
 */
#ifndef TP_EV_KOBJ_H
#define TP_EV_KOBJ_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "json_writer.h"
#include "tp_abi.h"

/* Writes the member(s) of arg a (payload p) into the open KprobeArgument object.
 * false if a->type is not a kernel-object payload (nothing written).
 */
bool ev_kobj_json(struct json_writer *w, const struct tp_ev_arg *a, const char *p,
		  const char *type);
/* The same as one readable token list for `tpload events` text. */
bool ev_kobj_text(FILE *f, const struct tp_ev_arg *a, const char *p, const char *type);

/* Tetragon's spellings (exported for tests): "-rw-r--r--" of an i_mode
 * (pkg/reader/path/path.go FilePathModeToStr()), BPF program/map and perf event type
 * names (pkg/reader/bpf: the decimal number when unknown).
 */
void ev_mode_str(char *buf, size_t size, unsigned int mode);
/* "@name": [CAP_* names] of capability set @set; nothing when it is empty
 * (protojson leaves an empty repeated field out).
 */
void ev_caps_list_json(struct json_writer *w, const char *name, uint64_t set);
/* "securebits": [SecBit* names] of cred->securebits; nothing when none is set. */
void ev_securebits_json(struct json_writer *w, uint32_t bits);
void ev_prog_type(char *buf, size_t size, unsigned int t);
void ev_map_type(char *buf, size_t size, unsigned int t);
void ev_perf_type(char *buf, size_t size, unsigned int t);
/* The path of a TP_EVA_FILE arg (@p: its payload), rendered as fd paths are
 * (events_path_render(): whole, head...tail, ...tail). Bytes written to @buf.
 */
size_t ev_file_path(char *buf, size_t size, const struct tp_ev_arg *a, const char *p);
/* Tetragon's error_arg message for a TP_EVA_FAULT status (getArgStatus()), or
 * "CharBufErrorPageFault" for TP_FAULT_CHARBUF.
 */
void ev_fault_message(char *buf, size_t size, uint32_t status);
/* The KprobeArgument member of a fault: error_arg {Message}, or for TP_FAULT_CHARBUF
 * bytes_arg holding "CharBufErrorPageFault" as Tetragon prints a buffer it could not read.
 */
void ev_fault_json(struct json_writer *w, uint32_t status);
/* The fault status of an empty TP_EVA_ERR (objects of older tpc): a buffer's if
 * @type (meta) renders as bytes, else TP_FAULT_BASIC.
 */
uint32_t ev_err_status(const char *type);

#endif
