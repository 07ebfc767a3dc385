/* Where a headless face writes: standard output, or --out FILE by the rules of
 * atomic_file.h. Either way every write is checked when it is committed. */
#ifndef TTTOP_OUTPUT_H
#define TTTOP_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "store/atomic_file.h"

typedef struct output {
    FILE *fp;
    atomic_file file; /* unused for standard output */
    bool to_file;
} output;

/* path NULL = standard output. no_replace: refuse an existing file. 0, or -1 with err. */
int output_open(output *o, const char *path, bool no_replace, char *err, size_t errlen);
/* Flush and check (standard output) or put the file in place. 0, or -1 with err. */
int output_commit(output *o, char *err, size_t errlen);
/* Remove an uncommitted file; nothing for standard output. */
void output_abort(output *o);
/* Flush standard output along the way (progress a person watches); the first error is
 * kept for output_close_stdout's message. 0 or -1. */
int output_flush_stdout(void);
/* The final check of standard output before exit: 0, or -1 with err. */
int output_close_stdout(char *err, size_t errlen);

#endif
