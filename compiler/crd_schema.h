/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* The TracingPolicy spec schema as C tables (crd_schema_table.c is generated
 * by scripts/gen-crd-schema.py from Tetragon's CRD JSON schema). Used by
 * policy_parse.c for strict schema validation and CRD defaults.
 */
#ifndef TPC_CRD_SCHEMA_H
#define TPC_CRD_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#define CRD_NONE 0xffff	/* no schema (no items / no additionalProperties) */

enum crd_type {
	CRD_T_ANY,		/* no "type": anything goes */
	CRD_T_OBJECT,		/* mapping; closed (props) or a map (values) */
	CRD_T_ARRAY,
	CRD_T_STRING,
	CRD_T_INTEGER,
	CRD_T_BOOLEAN,
};

enum crd_format {
	CRD_F_NONE,
	CRD_F_INT32,
	CRD_F_INT64,
};

struct crd_prop {
	const char *name;
	uint16_t schema;	/* index into crd_schemas[] */
};

struct crd_schema {
	uint8_t type;		/* enum crd_type */
	uint8_t format;		/* enum crd_format */
	uint8_t has_minimum;
	uint8_t atomic;		/* x-kubernetes-map-type: atomic (label selectors) */
	int64_t minimum;
	int32_t max_items;	/* -1: no limit */
	int32_t max_length;	/* -1: no limit; counted in code points */
	const char *pattern;	/* POSIX ERE, NULL if none */
	const char *def;	/* CRD default as scalar text ("auto", "false"), NULL if none */
	uint16_t items;		/* array item schema, or CRD_NONE */
	uint16_t values;	/* additionalProperties schema (a map), or CRD_NONE */
	uint16_t nr_props;
	uint16_t nr_required;
	uint16_t nr_enum;
	const struct crd_prop *props;	/* sorted by name (strcmp) */
	const char *const *required;
	const char *const *enum_vals;
};

extern const struct crd_schema crd_schemas[];
extern const unsigned int crd_nr_schemas;
extern const uint16_t crd_spec_schema;	/* TracingPolicySpec (both kinds) */

/* Schema of property name[0..len) of object schema idx, or CRD_NONE. */
uint16_t crd_prop_schema(uint16_t idx, const char *name, size_t len);

static inline const struct crd_schema *crd_get(uint16_t idx)
{
	return &crd_schemas[idx];
}

#endif
