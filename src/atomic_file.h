/* Files are replaced whole or not at all: write a temporary file beside the target,
 * flush it, then rename it over the target. */
#ifndef TTTOP_ATOMIC_FILE_H
#define TTTOP_ATOMIC_FILE_H

#include <stddef.h>
#include <stdio.h>

typedef struct atomic_file {
    FILE *fp;
    char *path;
    char *tmp_path;
} atomic_file;

/* Returns 0, or -1 with errno set and a one-line message in err. */
int atomic_file_open(atomic_file *f, const char *path, char *err, size_t errlen);
/* Flush, fsync and rename into place; on any failure the target is untouched. */
int atomic_file_commit(atomic_file *f, char *err, size_t errlen);
/* Give up: remove the temporary file. Safe after commit. */
void atomic_file_abort(atomic_file *f);
/* Create a directory and its parents (mode 0700 for new ones). 0 or -1. */
int make_dirs(const char *path);

#endif
