/* The dashboard's saved settings: $XDG_CONFIG_HOME/tttop/tttop.ini (or ~/.config/tttop/).
 * As htop does it: only what the user changes in the dashboard with keys is saved, at
 * exit, and only when it differs from the file; options on the command line apply to that
 * run alone. A file that cannot be read or parsed is reported and never overwritten. */
#ifndef TTTOP_CONFIG_H
#define TTTOP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/experiment.h"

/* Which fields a settings value holds. */
enum settings_field {
    SET_WORKLOAD = 1u << 0,
    SET_VARIANT = 1u << 1,
    SET_SIZE = 1u << 2,
    SET_BATCH = 1u << 3,
    SET_DELAY = 1u << 4,
    SET_KNOB0 = 1u << 5, /* SET_KNOB0 << knob */
};
#define SET_KNOB(k) (SET_KNOB0 << (k))

typedef struct settings {
    unsigned set; /* enum settings_field */
    workload_kind workload;
    int variant;
    int m, n, k;
    int batch;
    int delay_tenths;
    int knob[VARIANT_MAX_KNOBS];
} settings;

/* The fields in which `after` differs from `before`, with after's values, added to s. */
void settings_note_changes(settings *s, const experiment *before, const experiment *after);
/* Copy the fields s holds into e and *delay_tenths. */
void settings_apply(const settings *s, experiment *e, int *delay_tenths);

/* path NULL = the default file. 0: loaded (s->set says what it held; 0 when there is no
 * file); -1: unreadable or broken, s empty, one-line reason in err. */
int config_load(const char *path, settings *s, char *err, size_t errlen);
/* The same over the text of a file (path names it in messages). */
int config_parse(const char *path, const char *text, settings *s, char *err, size_t errlen);
/* Merge `changes` into the file's settings and write it, only when that changes it. The
 * file is left alone when it could not be read. 0 or -1 with err. */
int config_save(const char *path, const settings *changes, char *err, size_t errlen);

#endif
