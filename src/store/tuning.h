/* Tunable values found best on this machine by `tttop tune`, saved per machine in
 * tuning.ini in the config directory as "<variant>.<tunable> = value" under a section
 * named after the machine, and used by bench and the dashboard where a run leaves the
 * knob to the variant. */
#ifndef TTTOP_TUNING_H
#define TTTOP_TUNING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/experiment.h"

typedef struct tuning_value {
    int variant;
    int knob;
    int value;
} tuning_value;

/* "AMD EPYC 9B45, 2 cpus": the section name, so one file serves several machines. */
void tuning_machine_key(char *buf, size_t len);

/* Read this machine's values into the registry's tuned table (variants_tuned_set).
 * path NULL = the default file; a missing file is no error. Entries that are not valid
 * are skipped, each named in warn (file and line; warn may be NULL). Returns the number
 * of values used, or -1 with err when the file cannot be read at all. */
int tuning_load(const char *path, char *warn, size_t warnlen, char *err, size_t errlen);
/* tuning_load over the text of a file (path names it in messages). */
int tuning_parse(const char *path, const char *text, char *warn, size_t warnlen, char *err,
                 size_t errlen);
/* Replace this machine's values for the (variant, knob) pairs given, keep every other
 * entry; written atomically. A file that cannot be read or parsed is left alone (-1). */
int tuning_save(const char *path, const tuning_value *values, int count, char *err, size_t errlen);
/* What tuning_save would write over the file's text (NULL: none), to out: 0, or -1 with
 * err when the text is not valid. Write errors are out's to report. */
int tuning_merge(const char *path, const char *text, const tuning_value *values, int count,
                 FILE *out, char *err, size_t errlen);

#endif
