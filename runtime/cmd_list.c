// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* tpload list: the core and every pinned policy (from bpffs alone). */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "tp_abi.h"
#include "bundle.h"
#include "cli.h"
#include "core.h"
#include "core_abi.h"
#include "counters.h"
#include "stats_fmt.h"
#include "log.h"
#include "txn.h"
#include "meta.h"
#include "util.h"

static void help(FILE *f)
{
	fprintf(f,
		"Usage: tpload [OPTIONS] list\n"
		"Show the core and every loaded policy: id, digest, source, hooks, counters\n"
		"(summed: matched, posted, dropped, signaled, ...; per hook and selector with\n"
		"'tpload stats'), pinned links with their programs (run counts when\n"
		"kernel.bpf_stats_enabled=1) and maps. Reads bpffs only.\n");
}

struct link_stat {
	__u32 prog_id;
	char prog_name[BPF_OBJ_NAME_LEN];
	__u64 run_cnt;
	__u64 run_time_ns;
	__u32 verified_insns;
	bool ok;
};

static void link_stat(const char *path, struct link_stat *s)
{
	struct bpf_link_info li = {};
	struct bpf_prog_info pi = {};
	__u32 len;
	int fd, pfd;

	memset(s, 0, sizeof(*s));
	fd = bpf_obj_get(path);
	if (fd < 0)
		return;
	len = sizeof(li);
	if (!bpf_obj_get_info_by_fd(fd, &li, &len)) {
		s->prog_id = li.prog_id;
		pfd = bpf_prog_get_fd_by_id(li.prog_id);
		if (pfd >= 0) {
			len = sizeof(pi);
			if (!bpf_obj_get_info_by_fd(pfd, &pi, &len)) {
				memcpy(s->prog_name, pi.name, sizeof(s->prog_name));
				s->run_cnt = pi.run_cnt;
				s->run_time_ns = pi.run_time_ns;
				s->verified_insns = pi.verified_insns;
				s->ok = true;
			}
			close(pfd);
		}
	}
	close(fd);
}

/* Lists entry names of @dir (sorted). */
static int dir_names(const char *dir, char ***names, size_t *nr)
{
	struct dirent **ents;
	int n, i;

	*names = NULL;
	*nr = 0;
	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0)
		return -errno;
	*names = calloc((size_t)n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		if (*names && ents[i]->d_name[0] != '.')
			(*names)[(*nr)++] = strdup(ents[i]->d_name);
		free(ents[i]);
	}
	free(ents);
	return *names ? 0 : -ENOMEM;
}

static void show_links(struct json_writer *w, const char *dir, const char *indent)
{
	char **names, p[PATH_MAX], esc[NAME_MAX * 4 + 1];
	struct link_stat s;
	size_t nr, i;

	if (dir_names(dir, &names, &nr))
		nr = 0;
	if (w) {
		jsonw_name(w, "links");
		jsonw_start_array(w);
	}
	for (i = 0; i < nr; i++) {
		if (path_join(p, sizeof(p), dir, names[i]))
			continue;
		link_stat(p, &s);
		if (w) {
			jsonw_start_object(w);
			jsonw_string_field(w, "name", names[i]);
			jsonw_string_field(w, "pin", p);
			if (s.ok) {
				jsonw_uint_field(w, "prog_id", s.prog_id);
				jsonw_string_field(w, "prog_name", s.prog_name);
				jsonw_uint_field(w, "run_cnt", s.run_cnt);
				jsonw_uint_field(w, "run_time_ns", s.run_time_ns);
				jsonw_uint_field(w, "verified_insns", s.verified_insns);
			}
			jsonw_end_object(w);
		} else if (s.ok) {
			printf("%slink %-20s prog %u %s", indent, str_escape(esc, sizeof(esc), names[i]),
			       s.prog_id, s.prog_name);
			if (s.run_cnt)
				printf("  run_cnt %llu  run_time_ns %llu",
				       (unsigned long long)s.run_cnt,
				       (unsigned long long)s.run_time_ns);
			printf("\n");
		} else {
			printf("%slink %-20s (unreadable)\n", indent,
			       str_escape(esc, sizeof(esc), names[i]));
		}
	}
	if (w)
		jsonw_end_array(w);
	names_free(names, nr);
}

/* The size of a ring buffer map pinned at @dir/@name, 0 if not a ring. */
static __u32 ring_bytes(const char *dir, const char *name)
{
	struct bpf_map_info info = {};
	__u32 len = sizeof(info);
	char p[PATH_MAX];
	int fd;

	if (path_join(p, sizeof(p), dir, name))
		return 0;
	fd = bpf_obj_get(p);
	if (fd < 0)
		return 0;
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.type != BPF_MAP_TYPE_RINGBUF)
		info.max_entries = 0;
	close(fd);
	return info.max_entries;
}

static void show_maps(struct json_writer *w, const char *dir, const char *indent)
{
	char **names, esc[NAME_MAX * 4 + 1];
	size_t nr, i;
	__u32 ring;

	if (dir_names(dir, &names, &nr))
		nr = 0;
	if (w) {
		jsonw_name(w, "maps");
		jsonw_start_array(w);
	}
	for (i = 0; i < nr; i++) {
		if (w) {
			jsonw_string(w, names[i]);
			continue;
		}
		printf("%smap  %s", indent, str_escape(esc, sizeof(esc), names[i]));
		ring = ring_bytes(dir, names[i]);
		if (ring)
			printf("  ring %u bytes", ring);
		printf("\n");
	}
	if (w) {
		jsonw_end_array(w);
		/* the core's ring sizes, chosen when it was created */
		for (i = 0, ring = 0; i < nr; i++) {
			if (!ring_bytes(dir, names[i]))
				continue;
			if (!ring++) {
				jsonw_name(w, "rings");
				jsonw_start_object(w);
			}
			jsonw_uint_field(w, names[i], ring_bytes(dir, names[i]));
		}
		if (ring)
			jsonw_end_object(w);
	}
	names_free(names, nr);
}

static void show_core(struct json_writer *w, const struct tp_root *r)
{
	char p[PATH_MAX];
	bool present = core_present(r);
	long procs = present ? stats_count_procs(r->path) : -1;
	int abi = present ? core_abi_read(r->path) : 0;
	int cf = abi == TP_ABI_VERSION ? core_flags_read(r->path) : -1;

	if (w) {
		jsonw_name(w, "core");
		jsonw_start_object(w);
		jsonw_bool_field(w, "loaded", present);
		if (abi > 0)
			jsonw_int_field(w, "abi", abi);
		if (cf >= 0) {
			jsonw_bool_field(w, "process_events", !(cf & TP_CORE_F_NO_PROC_EVENTS));
			jsonw_bool_field(w, "process_cred", cf & TP_CORE_F_PROC_CRED);
			jsonw_bool_field(w, "process_ns", cf & TP_CORE_F_PROC_NS);
		}
	} else {
		printf("core: %s", present ? "loaded" : "not loaded");
		if (abi > 0)
			printf(" (ABI %d%s)", abi, abi != TP_ABI_VERSION ? ", not this tpload's" : "");
		if (procs >= 0)
			printf(", %ld processes tracked", procs);
		if (cf >= 0)
			printf(", process events %s%s%s", cf & TP_CORE_F_NO_PROC_EVENTS ? "off" : "on",
			       cf & TP_CORE_F_PROC_CRED ? ", process cred" : "",
			       cf & TP_CORE_F_PROC_NS ? ", process ns" : "");
		printf("\n");
	}
	if (present) {
		if (w && procs >= 0)
			jsonw_int_field(w, "procs", procs);
		if (!path_fmt(p, sizeof(p), "%s/%s/links", r->path, TP_CORE_DIR))
			show_links(w, p, "  ");
		if (!path_fmt(p, sizeof(p), "%s/%s/maps", r->path, TP_CORE_DIR))
			show_maps(w, p, "  ");
	}
	if (w)
		jsonw_end_object(w);
}

/* E(s, k): @s escaped into the k-th of two scratch buffers */
#define E(s, k) str_escape(esc[k], sizeof(esc[k]), (s) ? (s) : "")

static void show_policy(struct json_writer *w, const struct tp_root *r, const char *name)
{
	char esc[2][PATH_MAX];
	char p[PATH_MAX], when[64] = "";
	struct tp_policy_counters pc;
	struct tp_meta m = {};
	char *text = NULL;
	size_t i;

	if (!path_fmt(p, sizeof(p), "%s/%s/meta", r->path, name) && !tp_meta_map_read(p, &text))
		meta_parse(text, &m);
	if (m.loaded) {
		time_t t = (time_t)m.loaded;
		struct tm tm;

		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	}
	if (w) {
		jsonw_start_object(w);
		jsonw_string_field(w, "name", m.policy && *m.policy ? m.policy : name);
		jsonw_string_field(w, "dir", name);
		jsonw_uint_field(w, "id", m.id > 0 ? (unsigned int)m.id : 0);
		jsonw_string_field(w, "digest", m.digest ? m.digest : "");
		jsonw_string_field(w, "source", m.source ? m.source : "");
		jsonw_string_field(w, "kind", m.kind ? m.kind : "");
		jsonw_string_field(w, "namespace", m.ns ? m.ns : "");
		jsonw_string_field(w, "compiler", m.compiler ? m.compiler : "");
		jsonw_string_field(w, "loaded", when);
		jsonw_name(w, "hooks");
		jsonw_start_array(w);
		for (i = 0; i < m.nr_hooks; i++) {
			jsonw_start_object(w);
			jsonw_uint_field(w, "id", (unsigned int)m.hooks[i].id);
			jsonw_string_field(w, "type", m.hooks[i].type);
			jsonw_string_field(w, "target", m.hooks[i].target);
			jsonw_string_field(w, "prog", m.hooks[i].prog);
			jsonw_string_field(w, "location", m.hooks[i].loc);
			if (m.hooks[i].mech) {
				jsonw_string_field(w, "mechanism", m.hooks[i].mech);
				jsonw_string_field(w, "symbol", m.hooks[i].symbol);
			}
			if (m.hooks[i].skipped)
				jsonw_string_field(w, "skipped", m.hooks[i].skipped);
			jsonw_end_object(w);
		}
		jsonw_end_array(w);
	} else {
		/* the meta's text comes from the object: escaped (util.h) */
		printf("policy %s  id %d  %s\n",
		       E(m.policy && *m.policy ? m.policy : name, 0), m.id,
		       m.digest ? E(m.digest, 1) : "(no digest)");
		if (m.policy && strcmp(m.policy, name))
			printf("  dir %s/%s\n", E(r->path, 0), E(name, 1));
		if (m.source && *m.source)
			printf("  source %s\n", E(m.source, 0));
		if (*when)
			printf("  loaded %s\n", when);
		for (i = 0; i < m.nr_hooks; i++) {
			const struct tp_meta_hook *h = &m.hooks[i];

			printf("  hook %d %s ", h->id, E(h->type, 0));
			printf("%s -> ", E(h->target, 0));
			printf("%s ", E(h->prog, 0));
			printf("(%s)", E(h->loc, 0));
			if (h->mech) {
				printf(" via %s ", E(h->mech, 0));
				printf("%s", E(h->symbol, 0));
			}
			if (h->skipped)
				printf(" skipped: %s", E(h->skipped, 0));
			putchar('\n');
		}
	}
	if (!counters_read_policy(r->path, name, m.nr_hooks, &pc)) {
		if (w) {
			stats_json_counters(w, "counters", &pc.total);
		} else {
			printf("  counters: ");
			stats_text(stdout, &pc.total, STATS_ALL);
			printf("\n");
			if (pc.total.dropped)
				printf("  warning: %llu records dropped (ring buffer full): tpload stats %s\n",
				       (unsigned long long)pc.total.dropped, name);
		}
		counters_free(&pc);
	}
	if (!path_fmt(p, sizeof(p), "%s/%s/links", r->path, name))
		show_links(w, p, "  ");
	if (!path_fmt(p, sizeof(p), "%s/%s/maps", r->path, name))
		show_maps(w, p, "  ");
	if (w)
		jsonw_end_object(w);
	meta_free(&m);
	free(text);
}

int cmd_list(struct cli_env *env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{}
	};
	struct tp_root root = { .lock_fd = -1 };
	struct json_writer *w;
	char **names = NULL;
	size_t nr = 0, i;
	int c, err, ret = TPLOAD_EXIT_OK;

	while ((c = getopt_long(argc, argv, "jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			env->json = true;
			break;
		case 'h':
			help(stdout);
			return TPLOAD_EXIT_OK;
		default:
			help(stderr);
			return TPLOAD_EXIT_USAGE;
		}
	}
	if (optind != argc) {
		help(stderr);
		return TPLOAD_EXIT_USAGE;
	}
	log_init(env->verbose, env->json);
	w = cli_json(env);
	if (w)
		jsonw_string_field(w, "root", env->root);
	err = root_open(&root, env->root, false);
	if (err && err != -ENOENT) {
		ret = cli_exit_env(err);
		goto out;
	}
	if (!err) {
		/* leftovers of a killed run are finished or rolled back first:
		 * list shows only whole policies
		 */
		err = root_repair(&root, env->btf);
		cli_print_repairs(&root);
		cli_json_repairs(w, &root);
		if (err)
			ret = cli_exit_env(err);
		err = 0;
	}
	show_core(w, &root);
	cli_show_applied(w, &root);
	if (!err) {
		err = policies_list(&root, &names, &nr);
		if (err)
			ret = cli_exit_env(err);
	}
	if (w) {
		jsonw_name(w, "policies");
		jsonw_start_array(w);
	}
	for (i = 0; i < nr; i++)
		show_policy(w, &root, names[i]);
	if (w)
		jsonw_end_array(w);
	else if (!nr)
		printf("no policies loaded\n");
	names_free(names, nr);
out:
	root_close(&root);
	cli_json_finish(&w, ret == TPLOAD_EXIT_OK);
	return ret;
}
