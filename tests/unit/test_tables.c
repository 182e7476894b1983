// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* Unit tests of the tables everything else is driven by: the argument-type table
 * (lib/tp_argtypes.c), the operator classes (compiler/ir.h), the hook-kind table
 * (compiler/hooks.c), and the strategies the passes store in the IR.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "hooks.h"
#include "ir.h"
#include "lower.h"
#include "pass.h"
#include "policy.h"
#include "target.h"
#include "test.h"
#include "tp_abi.h"
#include "tp_argtypes.h"

/* Every row is consistent: what the BPF side writes, how tpload renders it, and what
 * filters may do agree with its representation.
 */
void test_argtypes_rows(void)
{
	const struct tp_argtype *t, *c;
	size_t i, n = 0;

	for (i = 0; (t = tp_argtype_at(i)); i++, n++) {
		char what[64];

		snprintf(what, sizeof(what), "type %s", t->name);
		ASSERT_TRUE(tp_argtype_find(t->name) == t || strcmp(t->name, t->canon) != 0, what);
		c = tp_argtype_find(t->canon);
		if (!ASSERT_TRUE(c != NULL, "canonical name is a row"))
			continue;
		ASSERT_STREQ(c->canon, t->canon, "canonical row is its own canon");
		ASSERT_TRUE(c->repr == t->repr && c->width == t->width &&
			    c->is_signed == t->is_signed && c->eva == t->eva &&
			    c->render == t->render, "an alias means exactly its canonical type");
		ASSERT_TRUE(t->repr == TP_REPR_NONE || tp_eva_name(t->eva) != NULL,
			    "event encoding has a C name");
		ASSERT_TRUE(t->repr == TP_REPR_NONE ? t->ev_slot == 0 :
			    t->ev_slot >= 8 && t->ev_slot % 8 == 0, "event slot: 8-byte multiple");
		ASSERT_TRUE(t->noun && t->cost > 0, "noun and cost");
		ASSERT_TRUE(t->width == 1 || t->width == 2 || t->width == 4 || t->width == 8, "width");
		ASSERT_TRUE((t->shape == TP_SHAPE_KOBJ) == (t->kstruct != NULL),
			    "kernel objects name their struct");
		ASSERT_TRUE((t->fetch == TP_FETCH_OBJ || t->fetch == TP_FETCH_OBJ_PATH) ==
			    (t->reader != NULL), "object fetches name their BPF reader");
		ASSERT_TRUE(!t->reader || t->header, "a reader comes from a header");
		ASSERT_TRUE((t->render == TP_RENDER_NONE) == (tp_render_key(t->render) == NULL),
			    "every rendering has its Tetragon key");
		ASSERT_TRUE(tp_argtype_unsupported(t->name) == NULL, "a row is not unsupported");
		switch (t->repr) {
		case TP_REPR_INT:
			ASSERT_TRUE(t->fetch == TP_FETCH_VALUE || t->fetch == TP_FETCH_DEREF,
				    "integers are the raw value or behind it");
			ASSERT_TRUE(t->eva == TP_EVA_SYSCALL || t->eva == TP_EVA_CAP ||
				    t->eva == TP_EVA_CAPS ||
				    t->eva == (t->is_signed ? TP_EVA_S64 : TP_EVA_U64),
				    "signedness decides the payload");
			ASSERT_TRUE(t->opc == TP_OPC_INT, "integer operators");
			ASSERT_TRUE(t->render == TP_RENDER_SYSCALL || t->eva == TP_EVA_CAP ||
				    t->eva == TP_EVA_CAPS ||
				    (t->is_signed ? (t->render == TP_RENDER_INT ||
						     t->render == TP_RENDER_LONG)
						  : (t->render == TP_RENDER_UINT ||
						     t->render == TP_RENDER_SIZE)),
				    "signed types render as int/long, unsigned as uint/size");
			ASSERT_TRUE((t->values != TP_VALUES_INT) ==
				    (t->eva == TP_EVA_CAP || t->eva == TP_EVA_CAPS),
				    "capability values only on capability types");
			ASSERT_EQ(t->ev_slot, 8, "integer slot");
			break;
		case TP_REPR_STR:
		case TP_REPR_PATH:
			ASSERT_TRUE(t->opc & TP_OPC_STR, "string operators");
			ASSERT_TRUE(t->max_value > 0 && t->max_value < (uint32_t)t->ev_slot + 4096,
				    "a longest value");
			ASSERT_TRUE(!(t->opc & TP_OPC_FILETYPE) || t->fetch == TP_FETCH_OBJ_PATH,
				    "FileType needs the inode's mode");
			break;
		case TP_REPR_BUF:
			ASSERT_TRUE(t->shape == TP_SHAPE_CHAR_PTR || t->shape == TP_SHAPE_KOBJ,
				    "buffers are behind pointers");
			ASSERT_TRUE(t->eva == TP_EVA_BYTES && t->render == TP_RENDER_BYTES, "bytes");
			ASSERT_EQ(t->opc, 0, "no buffer filters yet");
			break;
		case TP_REPR_OBJ:
			ASSERT_TRUE(t->fetch == TP_FETCH_OBJ && t->shape == TP_SHAPE_KOBJ,
				    "objects are read by their reader");
			ASSERT_EQ(t->opc, 0, "objects are reported, not matched (as in Tetragon)");
			break;
		case TP_REPR_NONE:
			ASSERT_TRUE(t->fetch == TP_FETCH_NONE && t->render == TP_RENDER_NONE, "nop");
			break;
		default:
			ASSERT_TRUE(false, "unknown representation");
		}
		if (t->opc & TP_OPC_STR)
			ASSERT_TRUE(t->max_value > 0, "string filters need a value limit");
	}
	ASSERT_TRUE(n >= 40, "every Tetragon name tpc reads has a row");
	ASSERT_TRUE(tp_argtype_unsupported("sock") != NULL, "network types: a reason");
	ASSERT_TRUE(tp_argtype_find("sock") == NULL, "no row");
	ASSERT_STREQ(tp_render_key(TP_RENDER_BINPRM), "linux_binprm_arg", "Tetragon key");
	ASSERT_EQ(tp_argtype_find("cred")->ev_slot, (sizeof(struct tp_eva_cred) + 7) & ~7u,
		  "object slot: its payload");
	ASSERT_EQ(tp_argtype_find("file")->ev_slot, sizeof(struct tp_eva_file) + TP_PATH_MAX,
		  "file slot: header and path");
	ASSERT_TRUE(tp_argtype_find("nope") == NULL, "unknown name");
	ASSERT_TRUE(tp_argtype_find(NULL) == NULL, "NULL name");
	ASSERT_STREQ(tp_argtype_find("sint8")->canon, "int8", "alias");
	ASSERT_STREQ(tp_argtype_find("long")->canon, "int64", "alias");
	ASSERT_EQ(tp_argtype_find("fd")->repr, TP_REPR_PATH, "fd is matched on its path");
	ASSERT_EQ(tp_argtype_find("int64")->render, TP_RENDER_LONG, "long_arg");
	ASSERT_EQ(tp_argtype_find("size_t")->render, TP_RENDER_SIZE, "size_arg");
}

void test_op_classes(void)
{
	ASSERT_EQ(ir_op_classes(IR_OP_EQ), TP_OPC_INT | TP_OPC_STR, "Equal: both");
	ASSERT_EQ(ir_op_classes(IR_OP_PREFIX), TP_OPC_STR, "Prefix: strings");
	ASSERT_EQ(ir_op_classes(IR_OP_MASK), TP_OPC_INT, "Mask: integers");
	ASSERT_EQ(ir_op_classes(IR_OP_IN), 0, "In: not a matchArgs operator");
	ASSERT_EQ(ir_op_classes(IR_OP_NOTFILETYPE), TP_OPC_FILETYPE, "NotFileType: file types");
	ASSERT_EQ(ir_op_classes(__IR_OP_CNT), 0, "out of range");
	ASSERT_STREQ(ir_op_name(IR_OP_NOTPOSTFIX), "NotPostfix", "spelling");
}

/* Every row has every operation codegen and lowering call, and names that cannot
 * collide.
 */
void test_hook_kinds(void)
{
	static const char *const features =
		" tracepoint raw_tp tp_btf iter ringbuf send_signal link_pin kprobe kretprobe"
		" fentry fexit fmod_ret lsm uprobe override_return cgroup ";
	size_t i, j;

	for (i = 0; hook_kinds[i]; i++) {
		const struct hook_kind *k = hook_kinds[i];
		char f[64];

		ASSERT_TRUE(k->name && k->title && k->c_prefix && k->ev_kind, k->name);
		ASSERT_TRUE(k->lower_attach && k->lower_arg && k->name_tail && k->section &&
			    k->ctx_type && k->arg_expr, "operations");
		ASSERT_TRUE(k->auto_type || k->no_auto, "auto: a rule or a reason");
		ASSERT_TRUE(strncmp(k->ev_kind, "TP_EV_", 6) == 0, "event kind is a tp_abi.h name");
		snprintf(f, sizeof(f), " %s ", k->feature ? k->feature : "?");
		ASSERT_TRUE(strstr(features, f) != NULL, "feature is a tests/kernel/probe.sh name");
		for (j = 0; j < i; j++) {
			ASSERT_TRUE(strcmp(hook_kinds[j]->name, k->name), "unique name");
			ASSERT_TRUE(strcmp(hook_kinds[j]->c_prefix, k->c_prefix),
				    "unique program prefix");
		}
	}
	ASSERT_TRUE(i >= 2, "tracepoint and raw_tp");
	ASSERT_FALSE(hook_tracepoint.ret_errno, "a tracepoint's return value is ignored");
}

/* YAML -> IR after every pass, with the golden tracefs formats and BTF. */
static struct ir_module *ir_of(const char *yaml, struct tp_arena *a, struct diag *d)
{
	struct target_opts to = { .tracefs = "tests/golden/tracefs",
				  .btf = "tests/golden/btf/vmlinux.btf" };
	struct lower_opts lo = {};
	struct pass_ctx pc = { .diag = d, .arena = a, .verify_ir = true };
	struct tp_policy *pol = NULL;
	struct ir_module *m = NULL;
	char why[256];
	int err;

	err = target_new(&to, &lo.target, why, sizeof(why));
	err = err ?: policy_parse_mem("t.yaml", yaml, strlen(yaml), a, d, &pol);
	err = err ?: sema_check(pol, d);
	err = err ?: ir_lower(pol, &lo, a, d, &m);
	err = err ?: pipeline_run(m, &pc);
	target_free(lo.target);	/* the IR keeps no pointer into it */
	return err ? NULL : m;
}

#define OPENAT "apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata:\n  name: t\nspec:\n" \
	"  tracepoints:\n  - subsystem: syscalls\n    event: sys_enter_openat\n    args:\n" \
	"    - index: 6\n      type: string\n    selectors:\n    - matchArgs:\n      - index: 6\n" \
	"        operator: Prefix\n        values:\n"

/* Strategies are decided per group of one length: nine Prefix values of nine
 * lengths are nine inline groups, nine of one length one table, sorted as the BPF
 * side compares (length, then little-endian words).
 */
void test_strategy_groups(void)
{
	struct diag_opts dopts = { .stream = NULL };
	struct tp_arena *a = arena_new();
	struct diag *d = diag_new(&dopts);
	const struct ir_filter *f;
	struct ir_module *m;
	char yaml[4096];
	size_t o, i;

	o = snprintf(yaml, sizeof(yaml), "%s", OPENAT);
	for (i = 1; i <= 9; i++)
		o += snprintf(yaml + o, sizeof(yaml) - o, "        - \"/%.*s\"\n", (int)i, "abcdefghi");
	m = ir_of(yaml, a, d);
	if (!ASSERT_TRUE(m != NULL, "lengths 2..10"))
		goto out;
	f = &m->progs[0].selectors[0].filters[0];
	ASSERT_EQ(f->nr_groups, 9, "one group per length");
	ASSERT_FALSE(f->tables, "no group is large");
	ASSERT_FALSE(m->progs[0].tables, "no search state");
	ASSERT_TRUE(m->progs[0].args[0].raw_read > 0, "small inline Prefix: plain read");

	o = snprintf(yaml, sizeof(yaml), "%s", OPENAT);
	for (i = 0; i < 9; i++)	/* "/b", "/a", ... : words differ in the second byte */
		o += snprintf(yaml + o, sizeof(yaml) - o, "        - \"/%c\"\n", (char)('i' - i));
	m = ir_of(yaml, a, d);
	if (!ASSERT_TRUE(m != NULL, "one length"))
		goto out;
	f = &m->progs[0].selectors[0].filters[0];
	ASSERT_EQ(f->nr_groups, 1, "one group");
	ASSERT_TRUE(f->groups[0].table && f->tables && m->progs[0].tables, "a table");
	ASSERT_EQ(f->groups[0].nw, 1, "one word per row");
	for (i = 1; i < f->nr_strs; i++)
		ASSERT_TRUE((unsigned char)f->strs[i - 1].s[1] < (unsigned char)f->strs[i].s[1],
			    "sorted by word");
	ASSERT_EQ(f->cost, 70 + 0, "string base cost from the type table");
	ASSERT_EQ(m->progs[0].ret, 0, "tracepoints return 0");
	ASSERT_EQ(m->progs[0].selectors[0].ret, 0, "whatever matched");
out:
	diag_free(d);
	arena_free(a);
}
