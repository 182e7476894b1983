// SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause)
/* CelExpr text -> AST: a bounded lexer and a recursive-descent parser for the CEL
 * subset of cel.h, following CEL's grammar (cel-go parser/gen/CEL.g4: precedence
 * || < && < relations < + - < * / % < unary < member) so that what parses here
 * parses the same way for Tetragon (pkg/celbpf/celbpf.go Compile() runs cel-go's
 * parser, then its checker). What CEL has but Tetragon's BPF compiler does not
 * (pkg/celbpf/compiler.go compileExpr(): literals, calls and identifiers only) is
 * refused here, at the token, with what it is.
 *
 * Nothing here allocates more than CEL_MAX_NODES nodes or recurses deeper than
 * CEL_MAX_DEPTH; the text is read once, byte by byte, up to CEL_MAX_LEN bytes.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "cel.h"

enum tok {
	T_EOF,
	T_INT,		/* val, uns (u suffix) */
	T_IDENT,	/* s[start .. start+len) */
	T_LP, T_RP, T_COMMA,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE,
	T_AND, T_OR, T_NOT,
	T_PLUS, T_MINUS,
};

struct parser {
	struct tp_arena *a;
	const char *s;
	size_t len, pos;
	/* the current token */
	enum tok t;
	size_t start, tlen;
	uint64_t val;
	bool uns;
	bool dec;		/* decimal literal (not 0x) */
	unsigned int level;	/* parser recursion */
	struct cel_expr *e;
	struct cel_error *err;
	struct cel_warnings *warn;
	int ret;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct parser *p, size_t off, const char *fmt, ...)
{
	va_list ap;

	p->t = T_EOF;	/* every loop of the parser stops at T_EOF */
	if (p->ret)
		return p->ret;	/* the first error wins */
	p->err->off = off;
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	p->ret = -EINVAL;
	return p->ret;
}

static int fail_limit(struct parser *p, size_t off, const char *what, unsigned int max)
{
	bool first = !p->ret;

	fail(p, off, "expression too complex: more than %u %s (tpc's limit)", max, what);
	if (first)
		p->ret = -E2BIG;
	return p->ret;
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int hexval(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A number: DIGIT+ or 0x HEXDIGIT+, an optional u/U (CEL.g4 NUM_INT, NUM_UINT).
 * Floats are refused. The value is kept unsigned; its range is checked where the
 * sign is known (lit()).
 */
static int lex_number(struct parser *p)
{
	const char *s = p->s;
	size_t i = p->pos;
	uint64_t v = 0;
	bool ovf = false, hex = false;

	if (s[i] == '0' && i + 1 < p->len && s[i + 1] == 'x') {
		hex = true;
		i += 2;
		if (i >= p->len || hexval(s[i]) < 0)
			return fail(p, p->pos, "hex literal '0x' without digits");
		for (; i < p->len && hexval(s[i]) >= 0; i++) {
			if (v >> 60)
				ovf = true;
			v = v << 4 | (uint64_t)hexval(s[i]);
		}
	} else {
		for (; i < p->len && is_digit(s[i]); i++) {
			unsigned int d = (unsigned int)(s[i] - '0');

			if (v > (UINT64_MAX - d) / 10)
				ovf = true;
			v = v * 10 + d;
		}
		if (i < p->len && (s[i] == '.' || s[i] == 'e' || s[i] == 'E'))
			return fail(p, p->pos,
				    "floating-point literals are not supported (Tetragon's CelExpr has integer types only)");
		if (s[p->pos] == '0' && i - p->pos > 1 && p->warn && p->warn->nr < 4) {
			struct cel_error *w = &p->warn->w[p->warn->nr++];

			w->off = p->pos;
			snprintf(w->msg, sizeof(w->msg),
				 "leading zero: CEL reads '%.*s' as decimal %llu, not octal (write 0x for hex)",
				 (int)(i - p->pos > 24 ? 24 : i - p->pos), s + p->pos,
				 (unsigned long long)v);
		}
	}
	if (ovf)
		return fail(p, p->pos, "integer literal out of range (64 bits)");
	p->uns = false;
	if (i < p->len && (s[i] == 'u' || s[i] == 'U')) {
		p->uns = true;
		i++;
	}
	if (i < p->len && (is_alpha(s[i]) || is_digit(s[i])))
		return fail(p, i, "unexpected '%c' after a number", s[i]);
	p->t = T_INT;
	p->val = v;
	p->dec = !hex;
	p->tlen = i - p->pos;
	p->pos = i;
	return 0;
}

static bool ident_is(const struct parser *p, const char *w)
{
	return p->t == T_IDENT && p->tlen == strlen(w) && !memcmp(p->s + p->start, w, p->tlen);
}

/* The next token into p->t. */
static int next(struct parser *p)
{
	const char *s = p->s;
	char c, d;

	if (p->ret) {
		p->t = T_EOF;
		return p->ret;
	}
	for (;;) {
		while (p->pos < p->len && strchr(" \t\r\n\f", s[p->pos]) && s[p->pos])
			p->pos++;
		/* a // comment runs to the end of the line (CEL.g4 COMMENT) */
		if (p->pos + 1 < p->len && s[p->pos] == '/' && s[p->pos + 1] == '/') {
			while (p->pos < p->len && s[p->pos] != '\n')
				p->pos++;
			continue;
		}
		break;
	}
	p->start = p->pos;
	p->tlen = 1;
	if (p->pos >= p->len) {
		p->t = T_EOF;
		p->tlen = 0;
		return 0;
	}
	c = s[p->pos];
	d = p->pos + 1 < p->len ? s[p->pos + 1] : 0;
	if (is_digit(c))
		return lex_number(p);
	if (is_alpha(c)) {
		size_t i = p->pos;

		while (i < p->len && (is_alpha(s[i]) || is_digit(s[i])))
			i++;
		/* r"..", b"..", rb"..": raw strings and bytes */
		if (i < p->len && (s[i] == '"' || s[i] == '\'') && i - p->pos <= 2 &&
		    strchr("rRbB", c) && (i - p->pos == 1 || strchr("rRbB", s[p->pos + 1])))
			return fail(p, p->pos, "%s literals are not supported (Tetragon's CelExpr has integer and bool values only)",
				    strchr("bB", c) || strchr("bB", s[p->pos + 1]) ? "bytes" : "string");
		p->t = T_IDENT;
		p->tlen = i - p->pos;
		p->pos = i;
		return 0;
	}
	p->pos++;
	switch (c) {
	case '(': p->t = T_LP; return 0;
	case ')': p->t = T_RP; return 0;
	case ',': p->t = T_COMMA; return 0;
	case '+': p->t = T_PLUS; return 0;
	case '-': p->t = T_MINUS; return 0;
	case '<':
	case '>':
	case '=':
	case '!':
		if (d == '=') {
			p->pos++;
			p->tlen = 2;
			p->t = c == '<' ? T_LE : c == '>' ? T_GE : c == '=' ? T_EQ : T_NE;
			return 0;
		}
		if (c == '=')
			return fail(p, p->start, "'=' is not an operator (comparison is '==')");
		p->t = c == '<' ? T_LT : c == '>' ? T_GT : T_NOT;
		return 0;
	case '&':
	case '|':
		if (d == c) {
			p->pos++;
			p->tlen = 2;
			p->t = c == '&' ? T_AND : T_OR;
			return 0;
		}
		return fail(p, p->start, "'%c' is not an operator (logical: '%c%c'; bitwise: %s())",
			    c, c, c, c == '&' ? "and" : "or");
	case '"':
	case '\'':
		return fail(p, p->start, "string literals are not supported (Tetragon's CelExpr has integer and bool values only)");
	case '*':
	case '/':
	case '%':
		return fail(p, p->start, "operator '%c' is not supported (Tetragon's CelExpr has + and - only)", c);
	case '^':
		return fail(p, p->start, "'^' is not an operator (bitwise: xor())");
	case '~':
		return fail(p, p->start, "'~' is not an operator (bitwise: not())");
	case '?':
	case ':':
		return fail(p, p->start, "the conditional operator '? :' is not supported");
	case '.':
		return fail(p, p->start, "field selection and member calls (x.f, x.size()) are not supported");
	case '[':
	case ']':
		return fail(p, p->start, "lists and indexing are not supported");
	case '{':
	case '}':
		return fail(p, p->start, "maps and messages are not supported");
	case '`':
		return fail(p, p->start, "quoted identifiers are not supported");
	}
	if ((unsigned char)c < 0x20 || (unsigned char)c >= 0x7f)
		return fail(p, p->start, "unexpected byte 0x%02x (CelExpr is ASCII)", (unsigned char)c);
	return fail(p, p->start, "unexpected '%c'", c);
}

static struct cel_node *node(struct parser *p, enum cel_kind k, size_t off, struct cel_node *l,
			     struct cel_node *r)
{
	struct cel_node *n;
	unsigned int depth = 0;

	if (p->ret)
		return NULL;
	if (p->e->nr_nodes >= CEL_MAX_NODES) {
		fail_limit(p, off, "nodes", CEL_MAX_NODES);
		return NULL;
	}
	if (l && l->depth > depth)
		depth = l->depth;
	if (r && r->depth > depth)
		depth = r->depth;
	if (depth + 1 > CEL_MAX_DEPTH) {
		fail_limit(p, off, "levels of nesting", CEL_MAX_DEPTH);
		return NULL;
	}
	n = arena_alloc(p->a, sizeof(*n));
	if (!n) {
		p->ret = -ENOMEM;
		return NULL;
	}
	n->kind = k;
	n->off = (uint32_t)off;
	n->l = l;
	n->r = r;
	n->depth = depth + 1;
	p->e->nr_nodes++;
	return n;
}

static struct cel_node *expr(struct parser *p);

/* A literal integer; neg: after a unary '-' at off. */
static struct cel_node *lit(struct parser *p, bool neg, size_t off)
{
	struct cel_node *n;

	if (neg && p->uns) {
		fail(p, off, "a uint literal cannot be negative");
		return NULL;
	}
	if (!p->uns && p->val > (uint64_t)INT64_MAX + (neg ? 1 : 0)) {
		fail(p, neg ? off : p->start,
		     "int literal out of range (int is 64-bit signed; a 'u' suffix makes a uint)");
		return NULL;
	}
	n = node(p, CEL_LIT, neg ? off : p->start, NULL, NULL);
	if (!n)
		return NULL;
	n->val = neg ? (uint64_t)0 - p->val : p->val;
	n->type = p->uns ? CEL_T_U64 : CEL_T_S64;
	next(p);
	return n;
}

static const struct {
	const char *name;
	enum cel_kind kind;
	unsigned int nargs;
} funcs[] = {
	{ "int32", CEL_TO_S32, 1 },
	{ "uint32", CEL_TO_U32, 1 },
	{ "and", CEL_BAND, 2 },
	{ "or", CEL_BOR, 2 },
	{ "xor", CEL_BXOR, 2 },
	{ "not", CEL_BNOT, 1 },
};

/* CEL's macros (cel-go parser/macro.go): say so, they are not plain functions. */
static bool is_macro(const char *s, size_t len)
{
	static const char *const m[] = { "has", "all", "exists", "exists_one", "map", "filter" };
	size_t i;

	for (i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (len == strlen(m[i]) && !memcmp(s, m[i], len))
			return true;
	return false;
}

/* name(args...) at the current token (an identifier followed by '('). */
static struct cel_node *call(struct parser *p)
{
	size_t off = p->start, nlen = p->tlen, i;
	const char *name = p->s + p->start;
	struct cel_node *args[2] = { NULL, NULL };
	unsigned int n = 0;

	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		if (nlen == strlen(funcs[i].name) && !memcmp(name, funcs[i].name, nlen))
			break;
	if (i == sizeof(funcs) / sizeof(funcs[0])) {
		if (is_macro(name, nlen))
			fail(p, off, "macro '%.*s' is not supported", (int)nlen, name);
		else
			fail(p, off, "function '%.*s' is not supported (Tetragon's CelExpr declares int32, uint32, and, or, xor, not)",
			     (int)(nlen > 32 ? 32 : nlen), name);
		return NULL;
	}
	next(p);		/* the name */
	next(p);		/* '(' */
	if (p->t != T_RP) {
		for (;;) {
			struct cel_node *a;

			if (n == funcs[i].nargs) {
				fail(p, p->start, "%s() takes %u argument%s", funcs[i].name,
				     funcs[i].nargs, funcs[i].nargs > 1 ? "s" : "");
				return NULL;
			}
			a = expr(p);
			if (!a)
				return NULL;
			args[n++] = a;
			if (p->t != T_COMMA)
				break;
			next(p);
		}
	}
	if (p->t != T_RP) {
		fail(p, p->start, p->t == T_EOF ? "missing ')' at the end" : "expected ',' or ')'");
		return NULL;
	}
	if (n != funcs[i].nargs) {
		fail(p, p->start, "%s() takes %u argument%s", funcs[i].name, funcs[i].nargs,
		     funcs[i].nargs > 1 ? "s" : "");
		return NULL;
	}
	next(p);
	return node(p, funcs[i].kind, off, args[0], args[1]);
}

/* argN: N decimal without leading zeros (Tetragon declares exactly "arg0".."argK-1",
 * pkg/celbpf/env.go checkerAddArguments()).
 */
static bool arg_number(const char *s, size_t len, unsigned int *n)
{
	size_t i;

	if (len < 4 || memcmp(s, "arg", 3) || (s[3] == '0' && len > 4) || len > 3 + 4)
		return false;
	*n = 0;
	for (i = 3; i < len; i++) {
		if (!is_digit(s[i]))
			return false;
		*n = *n * 10 + (unsigned int)(s[i] - '0');
	}
	return true;
}

static struct cel_node *primary(struct parser *p)
{
	struct cel_node *n;
	unsigned int an;

	switch (p->t) {
	case T_INT:
		return lit(p, false, p->start);
	case T_LP:
		next(p);
		n = expr(p);
		if (!n)
			return NULL;
		if (p->t != T_RP) {
			fail(p, p->start, p->t == T_EOF ? "missing ')' at the end" : "expected ')'");
			return NULL;
		}
		next(p);
		return n;
	case T_IDENT:
		if (ident_is(p, "true") || ident_is(p, "false")) {
			n = node(p, CEL_LIT, p->start, NULL, NULL);
			if (!n)
				return NULL;
			n->val = ident_is(p, "true");
			n->type = CEL_T_BOOL;
			next(p);
			return n;
		}
		if (ident_is(p, "null")) {
			fail(p, p->start, "null is not supported");
			return NULL;
		}
		if (ident_is(p, "in")) {
			fail(p, p->start, "the 'in' operator is not supported");
			return NULL;
		}
		{
			size_t save = p->pos;

			while (save < p->len && strchr(" \t\r\n\f", p->s[save]) && p->s[save])
				save++;
			if (save < p->len && p->s[save] == '(')
				return call(p);
		}
		if (arg_number(p->s + p->start, p->tlen, &an) && an < CEL_MAX_ARGS) {
			n = node(p, CEL_ARG, p->start, NULL, NULL);
			if (!n)
				return NULL;
			n->arg = an;
			n->pos = an;
			p->e->args |= 1ull << an;
			next(p);
			return n;
		}
		fail(p, p->start, "undeclared reference to '%.*s' (the arguments are arg0, arg1, ...: positions in the hook's args)",
		     (int)(p->tlen > 32 ? 32 : p->tlen), p->s + p->start);
		return NULL;
	case T_EOF:
		fail(p, p->start, "expected an operand at the end");
		return NULL;
	default:
		fail(p, p->start, "expected an operand, found '%.*s'", (int)p->tlen, p->s + p->start);
		return NULL;
	}
}

/* unary: '!'+ member | '-' literal | member. CEL drops an even number of '!'
 * (cel-go parser.go VisitLogicalNot()); '-' before an int literal is part of it
 * (CEL.g4 literal: sign=MINUS? NUM_INT); any other '-' is CEL's negation, which
 * Tetragon's checker does not declare.
 */
static struct cel_node *unary(struct parser *p)
{
	if (p->t == T_NOT) {
		size_t off = p->start;
		unsigned int nots = 0;
		struct cel_node *n;

		while (p->t == T_NOT) {
			nots++;
			next(p);
		}
		n = primary(p);
		if (!n || !(nots & 1))
			return n;
		return node(p, CEL_NOT, off, n, NULL);
	}
	if (p->t == T_MINUS) {
		size_t off = p->start;

		next(p);
		if (p->t == T_INT)
			return lit(p, true, off);
		if (!p->ret)
			fail(p, off, "negation is not supported (only a number can be negative: -1; Tetragon declares no '-x')");
		return NULL;
	}
	return primary(p);
}

/* Binary operators, lowest first; each level left-associative (CEL.g4). */
static struct cel_node *additive(struct parser *p)
{
	struct cel_node *l = unary(p);

	while (l && (p->t == T_PLUS || p->t == T_MINUS)) {
		enum cel_kind k = p->t == T_PLUS ? CEL_ADD : CEL_SUB;
		size_t off = p->start;
		struct cel_node *r;

		next(p);
		r = unary(p);
		if (!r)
			return NULL;
		l = node(p, k, off, l, r);
	}
	return l;
}

static struct cel_node *relation(struct parser *p)
{
	struct cel_node *l = additive(p);

	while (l) {
		enum cel_kind k;
		size_t off = p->start;
		struct cel_node *r;

		switch (p->t) {
		case T_EQ: k = CEL_EQ; break;
		case T_NE: k = CEL_NE; break;
		case T_LT: k = CEL_LT; break;
		case T_LE: k = CEL_LE; break;
		case T_GT: k = CEL_GT; break;
		case T_GE: k = CEL_GE; break;
		default:
			if (ident_is(p, "in"))
				fail(p, p->start, "the 'in' operator is not supported");
			return p->ret ? NULL : l;
		}
		next(p);
		r = additive(p);
		if (!r)
			return NULL;
		l = node(p, k, off, l, r);
	}
	return l;
}

static struct cel_node *conjunction(struct parser *p)
{
	struct cel_node *l = relation(p);

	while (l && p->t == T_AND) {
		size_t off = p->start;
		struct cel_node *r;

		next(p);
		r = relation(p);
		if (!r)
			return NULL;
		l = node(p, CEL_AND, off, l, r);
	}
	return l;
}

static struct cel_node *expr(struct parser *p)
{
	struct cel_node *l;

	/* the top level is not nested: 32 parentheses or calls inside it are */
	if (++p->level > CEL_MAX_DEPTH + 1) {
		fail_limit(p, p->start, "levels of nesting", CEL_MAX_DEPTH);
		return NULL;
	}
	l = conjunction(p);
	while (l && p->t == T_OR) {
		size_t off = p->start;
		struct cel_node *r;

		next(p);
		r = conjunction(p);
		if (!r)
			return NULL;
		l = node(p, CEL_OR, off, l, r);
	}
	p->level--;
	return l;
}

int cel_parse(struct tp_arena *a, const char *s, size_t len, struct cel_expr **out,
	      struct cel_error *err, struct cel_warnings *warn)
{
	struct parser p = { .a = a, .s = s, .len = len, .err = err, .warn = warn };
	struct cel_node *root;

	err->off = 0;
	err->msg[0] = 0;
	if (len > CEL_MAX_LEN) {
		snprintf(err->msg, sizeof(err->msg),
			 "expression is %zu bytes; tpc's limit is %d", len, CEL_MAX_LEN);
		return -E2BIG;
	}
	p.e = arena_alloc(a, sizeof(*p.e));
	if (!p.e)
		return -ENOMEM;
	if (next(&p))
		return p.ret;
	if (p.t == T_EOF)
		return fail(&p, 0, "empty expression");
	root = expr(&p);
	if (!root)
		return p.ret ? p.ret : -EINVAL;
	if (p.t == T_RP)
		return fail(&p, p.start, "unbalanced ')'");
	if (p.t != T_EOF)
		return fail(&p, p.start, "expected an operator or the end, found '%.*s'",
			    (int)(p.tlen > 32 ? 32 : p.tlen), s + p.start);
	p.e->root = root;
	*out = p.e;
	return 0;
}
