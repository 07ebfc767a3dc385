#include "store/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/format.h"
#include "store/atomic_file.h"
#include "store/config_file.h"
#include "store/paths.h"

#define CONFIG_FILE "tttop.ini"
#define SECTION "dashboard"
#define DELAY_MAX 600

void settings_note_changes(settings *s, const experiment *before, const experiment *after)
{
    if (after->workload != before->workload) {
        s->set |= SET_WORKLOAD;
        s->workload = after->workload;
    }
    if (after->variant != before->variant) {
        s->set |= SET_VARIANT;
        s->variant = after->variant;
    }
    if (after->m != before->m || after->n != before->n || after->k != before->k) {
        s->set |= SET_SIZE;
        s->m = after->m;
        s->n = after->n;
        s->k = after->k;
    }
    if (after->batch != before->batch) {
        s->set |= SET_BATCH;
        s->batch = after->batch;
    }
    for (int k = 0; k < variants_knob_count(); k++) {
        if (after->knob[k] != before->knob[k]) {
            s->set |= SET_KNOB(k);
            s->knob[k] = after->knob[k];
        }
    }
}

void settings_apply(const settings *s, experiment *e, int *delay_tenths)
{
    if (s->set & SET_WORKLOAD)
        e->workload = s->workload;
    if (s->set & SET_VARIANT)
        e->variant = s->variant;
    if (s->set & SET_SIZE) {
        e->m = s->m;
        e->n = s->n;
        e->k = s->k;
    }
    if (s->set & SET_BATCH)
        e->batch = s->batch;
    if (s->set & SET_DELAY)
        *delay_tenths = s->delay_tenths;
    for (int k = 0; k < variants_knob_count(); k++)
        if (s->set & SET_KNOB(k))
            e->knob[k] = s->knob[k];
}

typedef struct parse_state {
    settings s;
    char bad[160];
} parse_state;

static int number(const char *text, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || errno || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

static bool parse_field(settings *s, const char *key, const char *value)
{
    if (strcmp(key, "workload") == 0)
        return workload_parse(value, &s->workload) == 0 && (s->set |= SET_WORKLOAD);
    if (strcmp(key, "variant") == 0)
        return (s->variant = variant_find(value)) >= 0 && (s->set |= SET_VARIANT);
    if (strcmp(key, "m") == 0 || strcmp(key, "n") == 0 || strcmp(key, "k") == 0) {
        int *dim = key[0] == 'm' ? &s->m : key[0] == 'n' ? &s->n : &s->k;
        return number(value, 1, EXPERIMENT_MAX_SIZE, dim) == 0 && (s->set |= SET_SIZE);
    }
    if (strcmp(key, "batch") == 0)
        return number(value, 1, EXPERIMENT_MAX_BATCH, &s->batch) == 0 && (s->set |= SET_BATCH);
    if (strcmp(key, "delay") == 0)
        return number(value, 1, DELAY_MAX, &s->delay_tenths) == 0 && (s->set |= SET_DELAY);
    int k = variants_knob_find(key);
    if (k >= 0) {
        const variant_tunable *t = variants_knob(k);
        return number(value, t->min, t->max, &s->knob[k]) == 0 && (s->set |= SET_KNOB(k));
    }
    return true; /* keys of other versions are ignored */
}

static int on_entry(void *user, const char *section, const char *key, const char *value, int line)
{
    parse_state *p = user;
    if (strcmp(section, SECTION) != 0)
        return 1; /* other sections belong to other versions */
    if (parse_field(&p->s, key, value))
        return 1;
    if (!p->bad[0]) {
        char qk[96], qv[96];
        snprintf(p->bad, sizeof p->bad, "line %d: %s = %s is not valid", line,
                 format_escaped(qk, sizeof qk, key), format_quoted(qv, sizeof qv, value));
    }
    return 0;
}

static const char *default_path(char *buf, size_t len)
{
    return paths_config_file(CONFIG_FILE, buf, len) == 0 ? buf : NULL;
}

int config_load(const char *path, settings *s, char *err, size_t errlen)
{
    char buf[4096];
    memset(s, 0, sizeof *s);
    if (!path && !(path = default_path(buf, sizeof buf)))
        return 0;
    char *text;
    int rc = config_file_read(path, &text, err, errlen);
    if (rc > 0)
        return 0;
    if (rc < 0)
        return -1;
    rc = config_parse(path, text, s, err, errlen);
    free(text);
    return rc;
}

int config_parse(const char *path, const char *text, settings *s, char *err, size_t errlen)
{
    parse_state p = {0};
    memset(s, 0, sizeof *s);
    int line = config_file_parse(text, on_entry, &p);
    if (line == 0 && (p.s.set & SET_SIZE) && !(p.s.m && p.s.n && p.s.k)) {
        /* found by fuzz_settings: "n = 200" alone would make a size with a zero in it */
        snprintf(err, errlen, "%s: m, n and k go together: all three or none", path);
        return -1;
    }
    if (line != 0) {
        if (p.bad[0])
            snprintf(err, errlen, "%s: %s", path, p.bad);
        else
            snprintf(err, errlen, "%s: line %d is not valid", path, line);
        return -1;
    }
    *s = p.s;
    return 0;
}

static void write_settings(FILE *f, const settings *s)
{
    fputs("# tttop dashboard settings: what was last chosen with keys.\n[" SECTION "]\n", f);
    if (s->set & SET_WORKLOAD)
        fprintf(f, "workload = %s\n", workload_name(s->workload));
    if (s->set & SET_VARIANT)
        fprintf(f, "variant = %s\n", variant_name(s->variant));
    if (s->set & SET_SIZE)
        fprintf(f, "m = %d\nn = %d\nk = %d\n", s->m, s->n, s->k);
    if (s->set & SET_BATCH)
        fprintf(f, "batch = %d\n", s->batch);
    for (int k = 0; k < variants_knob_count(); k++)
        if (s->set & SET_KNOB(k))
            fprintf(f, "%s = %d\n", variants_knob(k)->name, s->knob[k]);
    if (s->set & SET_DELAY)
        fprintf(f, "delay = %d\n", s->delay_tenths);
}

static bool same_settings(const settings *a, const settings *b)
{
    if (a->set != b->set)
        return false;
    experiment ea = {0}, eb = {0};
    int da = 0, db = 0;
    settings_apply(a, &ea, &da);
    settings_apply(b, &eb, &db);
    return experiment_equal(&ea, &eb) && da == db;
}

int config_save(const char *path, const settings *changes, char *err, size_t errlen)
{
    char buf[4096];
    if (!changes->set)
        return 0;
    if (!path && !(path = default_path(buf, sizeof buf))) {
        snprintf(err, errlen, "no home directory for the settings");
        return -1;
    }
    settings on_disk, merged;
    if (config_load(path, &on_disk, err, errlen) != 0)
        return -1; /* never replace what could not be read */
    merged = on_disk;
    experiment e = {0};
    int delay = 0;
    settings_apply(&on_disk, &e, &delay);
    settings_apply(changes, &e, &delay);
    merged.set |= changes->set;
    merged.workload = e.workload;
    merged.variant = e.variant;
    merged.m = e.m;
    merged.n = e.n;
    merged.k = e.k;
    merged.batch = e.batch;
    merged.delay_tenths = delay;
    memcpy(merged.knob, e.knob, sizeof merged.knob);
    if (same_settings(&merged, &on_disk))
        return 0; /* unchanged: do not touch the file */
    if (path == buf && paths_make_config_dir() != 0) {
        snprintf(err, errlen, "cannot create the config directory: %s", strerror(errno));
        return -1;
    }
    atomic_file f;
    if (atomic_file_open(&f, path, err, errlen) != 0)
        return -1;
    write_settings(f.fp, &merged);
    return atomic_file_commit(&f, err, errlen);
}
