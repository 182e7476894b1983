/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/* Source positions shared by the AST, the IR and the diagnostics. */
#ifndef TPC_TP_LOC_H
#define TPC_TP_LOC_H

#include <stdint.h>

/* Position in an input file. Lines and columns are 1-based, as printed.
 * line == 0 means "no position" (e.g. a problem with the command line).
 */
struct tp_loc {
	uint32_t file;	/* index returned by diag_add_file() */
	uint32_t line;
	uint32_t col;
};

#endif
