/* The dashboard's saved settings: $XDG_CONFIG_HOME/tttop/tttop.ini (or ~/.config/tttop/),
 * read at start, written atomically at exit and only when something changed. */
#ifndef TTTOP_CONFIG_H
#define TTTOP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "experiment.h"

/* Fields given on the command line: they beat the saved settings. */
enum settings_given {
    GIVEN_WORKLOAD = 1u << 0,
    GIVEN_VARIANT = 1u << 1,
    GIVEN_SIZE = 1u << 2,
    GIVEN_BATCH = 1u << 3,
    GIVEN_BLOCK = 1u << 4,
    GIVEN_THREADS = 1u << 5,
    GIVEN_DELAY = 1u << 6,
};

typedef struct settings {
    workload_kind workload;
    int variant;
    int m, n, k;
    int batch;
    int block;
    int threads;
    int delay_tenths;
} settings;

settings settings_from(const experiment *e, int delay_tenths);
/* Copy s into e and *delay_tenths except the fields in `skip` (enum settings_given). */
void settings_apply(const settings *s, experiment *e, int *delay_tenths, unsigned skip);

/* path NULL = the default file. 0: loaded (or no file: *s untouched and *found false);
 * -1: broken file, *s untouched, one-line reason in err. */
int config_load(const char *path, settings *s, bool *found, char *err, size_t errlen);
/* Writes only when s differs from what the file holds. 0 or -1 with err. */
int config_save(const char *path, const settings *s, char *err, size_t errlen);

#endif
