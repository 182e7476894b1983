// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* YAML -> AST, the libyaml side: load failures turned into diagnostics,
 * user text escaped for messages, the dotted path of the node being looked
 * at, and the strict integer syntax shared by validation and building.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <yaml.h>

#include "diag.h"
#include "parse_int.h"

/* ------------------------------------------------------------ messages and paths */

const char *parse_show(char *buf, size_t size, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (i >= 64 || o + 8 >= size) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		if (c >= 0x20 && c < 0x7f && c != '\\') {
			buf[o++] = (char)c;
		} else {
			buf[o++] = '\\';
			buf[o++] = 'x';
			buf[o++] = hex[c >> 4];
			buf[o++] = hex[c & 15];
		}
	}
	buf[o] = '\0';
	return buf;
}

size_t parse_path_push_key(struct parse_ctx *pc, const char *key, size_t len)
{
	size_t old = pc->path_len, room = sizeof(pc->path) - old;
	char tmp[SHOW_SZ];
	int n;

	n = snprintf(pc->path + old, room, "%s%s", old ? "." : "",
		     parse_show(tmp, sizeof(tmp), key, len));
	if (n < 0 || (size_t)n >= room)
		pc->path_len = sizeof(pc->path) - 1;	/* truncated, still terminated */
	else
		pc->path_len = old + (size_t)n;
	return old;
}

size_t parse_path_push_idx(struct parse_ctx *pc, size_t i)
{
	size_t old = pc->path_len, room = sizeof(pc->path) - old;
	int n;

	n = snprintf(pc->path + old, room, "[%zu]", i);
	if (n < 0 || (size_t)n >= room)
		pc->path_len = sizeof(pc->path) - 1;
	else
		pc->path_len = old + (size_t)n;
	return old;
}

void parse_path_pop(struct parse_ctx *pc, size_t old)
{
	pc->path_len = old;
	pc->path[old] = '\0';
}

/* ------------------------------------------------------------ scalars and mappings */

int parse_int64(const char *s, size_t len, int64_t *out)
{
	bool neg = false, hex = false;
	uint64_t v = 0, lim;
	size_t i = 0;

	if (len && s[0] == '-') {
		neg = true;
		i++;
	}
	if (len - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
		hex = true;
		i += 2;
	} else if (len - i > 1 && s[i] == '0') {
		return -EINVAL;	/* 010: octal in YAML 1.1, ten in 1.2; refuse to guess */
	}
	if (i >= len)
		return -EINVAL;
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; i < len; i++) {
		unsigned int dgt;
		char c = s[i];

		if (c >= '0' && c <= '9')
			dgt = (unsigned int)(c - '0');
		else if (hex && c >= 'a' && c <= 'f')
			dgt = (unsigned int)(c - 'a' + 10);
		else if (hex && c >= 'A' && c <= 'F')
			dgt = (unsigned int)(c - 'A' + 10);
		else
			return -EINVAL;
		if (v > (lim - dgt) / (hex ? 16 : 10))
			return -ERANGE;
		v = v * (hex ? 16 : 10) + dgt;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

yaml_node_t *parse_map_get(struct parse_ctx *pc, yaml_node_t *map, const char *name,
			   yaml_node_t **keyp)
{
	yaml_node_pair_t *p;

	if (map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = get_node(pc, p->key);

		if (k && scalar_is(k, name)) {
			if (keyp)
				*keyp = k;
			return get_node(pc, p->value);
		}
	}
	return NULL;
}

/* ------------------------------------------------------------ load errors */

/* 1-based line/col of byte offset off (libyaml gives reader errors as offsets). */
static struct tp_loc loc_from_offset(const struct parse_ctx *pc, size_t off)
{
	struct tp_loc loc = { .file = pc->file, .line = 1, .col = 1 };
	size_t i;

	for (i = 0; i < off && i < pc->len; i++) {
		if (pc->buf[i] == '\n') {
			loc.line++;
			loc.col = 1;
		} else if (((unsigned char)pc->buf[i] & 0xc0) != 0x80) {
			loc.col++;
		}
	}
	return loc;
}

int parse_report_yaml_error(struct parse_ctx *pc, yaml_parser_t *parser)
{
	struct tp_loc loc;

	if (parser->error == YAML_MEMORY_ERROR)
		return -ENOMEM;
	if (parser->error == YAML_READER_ERROR) {
		loc = loc_from_offset(pc, parser->problem_offset);
		if (parser->problem_value != -1)
			diag_error(pc->d, loc, "yaml", "%s (byte 0x%02x)",
				   parser->problem ? parser->problem : "cannot read input",
				   (unsigned int)parser->problem_value & 0xff);
		else
			diag_error(pc->d, loc, "yaml", "%s",
				   parser->problem ? parser->problem : "cannot read input");
		return -EINVAL;
	}
	loc = loc_from_mark(pc->file, parser->problem_mark);
	diag_error(pc->d, loc, "yaml", "%s", parser->problem ? parser->problem : "invalid YAML");
	if (parser->context)
		diag_note(pc->d, loc_from_mark(pc->file, parser->context_mark), "%s",
			  parser->context);
	return -EINVAL;
}

/* libyaml's scanner keeps one "possible simple key" per flow level and
 * rescans them on every token, so a document of n nested '[' costs O(n^2)
 * before the document API returns anything we could limit (200,000 levels
 * took 100 s). Scan the text first, linearly: count the flow collections
 * that start where a node can start (line start, after ':', '-', '?', ','
 * or another opener), outside quotes and comments, and refuse more than
 * TP_PARSE_MAX_DEPTH of them open at once.
 */
int parse_check_flow_depth(struct parse_ctx *pc)
{
	const char *s = pc->buf;
	size_t i, n = pc->len;
	unsigned int depth = 0, line = 1, col = 1;
	char prev = '\n';	/* last non-blank character, '\n' at line start */
	char quote = 0;
	bool comment = false;

	for (i = 0; i < n; i++, col++) {
		char c = s[i];

		if (c == '\n') {
			line++;
			col = 0;
			comment = false;
			if (!quote)
				prev = '\n';
			continue;
		}
		if (comment)
			continue;
		if (quote) {
			if (quote == '"' && c == '\\' && i + 1 < n) {
				i++;
				col++;
			} else if (c == quote) {
				if (quote == '\'' && i + 1 < n && s[i + 1] == '\'') {
					i++;
					col++;
				} else {
					quote = 0;
					prev = 'x';
				}
			}
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r')
			continue;
		if (c == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' || s[i - 1] == '\n')) {
			comment = true;
			continue;
		}
		if ((c == '"' || c == '\'') && strchr("\n:-?,[{", prev)) {
			quote = c;
			continue;
		}
		if ((c == '[' || c == '{') && strchr("\n:-?,[{", prev)) {
			if (++depth > TP_PARSE_MAX_DEPTH) {
				diag_error(pc->d, (struct tp_loc){ pc->file, line, col }, "limit",
					   "flow collections ('[' or '{') nested deeper than %d",
					   TP_PARSE_MAX_DEPTH);
				return -EINVAL;
			}
		} else if ((c == ']' || c == '}') && depth) {
			depth--;
		}
		prev = c;
	}
	return 0;
}
