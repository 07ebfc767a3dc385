#include "config.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "paths.h"

#define CONFIG_FILE "tttop.ini"

settings settings_from(const experiment *e, int delay_tenths)
{
    return (settings){
        .workload = e->workload,
        .variant = e->variant,
        .m = e->m,
        .n = e->n,
        .k = e->k,
        .batch = e->batch,
        .block = e->tun.block,
        .threads = e->tun.threads,
        .delay_tenths = delay_tenths,
    };
}

void settings_apply(const settings *s, experiment *e, int *delay_tenths, unsigned skip)
{
    if (!(skip & GIVEN_WORKLOAD))
        e->workload = s->workload;
    if (!(skip & GIVEN_VARIANT))
        e->variant = s->variant;
    if (!(skip & GIVEN_SIZE)) {
        e->m = s->m;
        e->n = s->n;
        e->k = s->k;
    }
    if (!(skip & GIVEN_BATCH))
        e->batch = s->batch;
    if (!(skip & GIVEN_BLOCK))
        e->tun.block = s->block;
    if (!(skip & GIVEN_THREADS))
        e->tun.threads = s->threads;
    if (!(skip & GIVEN_DELAY))
        *delay_tenths = s->delay_tenths;
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

static int on_entry(void *user, const char *section, const char *key, const char *value)
{
    parse_state *p = user;
    settings *s = &p->s;
    if (strcmp(section, "dashboard") != 0)
        return 1; /* other sections belong to later versions */
    int ok = 0;
    if (strcmp(key, "workload") == 0)
        ok = workload_parse(value, &s->workload) == 0;
    else if (strcmp(key, "variant") == 0)
        ok = (s->variant = kernel_index(value)) >= 0;
    else if (strcmp(key, "m") == 0)
        ok = number(value, 1, EXPERIMENT_MAX_SIZE, &s->m) == 0;
    else if (strcmp(key, "n") == 0)
        ok = number(value, 1, EXPERIMENT_MAX_SIZE, &s->n) == 0;
    else if (strcmp(key, "k") == 0)
        ok = number(value, 1, EXPERIMENT_MAX_SIZE, &s->k) == 0;
    else if (strcmp(key, "batch") == 0)
        ok = number(value, 1, EXPERIMENT_MAX_BATCH, &s->batch) == 0;
    else if (strcmp(key, "block") == 0)
        ok = number(value, 1, EXPERIMENT_MAX_BLOCK, &s->block) == 0;
    else if (strcmp(key, "threads") == 0)
        ok = number(value, 1, EXPERIMENT_MAX_THREADS, &s->threads) == 0;
    else if (strcmp(key, "delay") == 0)
        ok = number(value, 1, 600, &s->delay_tenths) == 0;
    else
        ok = 1; /* unknown keys are ignored */
    if (!ok && !p->bad[0])
        snprintf(p->bad, sizeof p->bad, "%s = '%s' is not valid", key, value);
    return ok;
}

static const char *default_path(char *buf, size_t len)
{
    return paths_config_file(CONFIG_FILE, buf, len) == 0 ? buf : NULL;
}

int config_load(const char *path, settings *s, bool *found, char *err, size_t errlen)
{
    char buf[4096];
    *found = false;
    if (!path && !(path = default_path(buf, sizeof buf)))
        return 0;
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, errlen, "settings ignored: %s (%s)", strerror(errno), path);
        return -1;
    }
    parse_state p = {.s = *s};
    int line = ini_parse_file(f, on_entry, &p);
    fclose(f);
    if (line != 0) {
        /* the reason first: a narrow status line still shows it */
        snprintf(err, errlen, "settings ignored: line %d: %s (%s)", line,
                 p.bad[0] ? p.bad : "not valid", path);
        return -1;
    }
    *s = p.s;
    *found = true;
    return 0;
}

int config_save(const char *path, const settings *s, char *err, size_t errlen)
{
    char buf[4096];
    if (!path && !(path = default_path(buf, sizeof buf))) {
        snprintf(err, errlen, "no home directory for the settings");
        return -1;
    }
    settings on_disk = *s;
    bool found = false;
    char ignored[256];
    memset(&on_disk, 0, sizeof on_disk);
    if (config_load(path, &on_disk, &found, ignored, sizeof ignored) == 0 && found &&
        memcmp(&on_disk, s, sizeof *s) == 0)
        return 0; /* unchanged: do not touch the file */
    if (path == buf && paths_make_config_dir() != 0) {
        snprintf(err, errlen, "cannot create the config directory: %s", strerror(errno));
        return -1;
    }
    atomic_file f;
    if (atomic_file_open(&f, path, err, errlen) != 0)
        return -1;
    const kernel_info *k = kernel_at(s->variant);
    fprintf(f.fp,
            "# tttop dashboard settings, written when they change.\n[dashboard]\n"
            "workload = %s\nvariant = %s\nm = %d\nn = %d\nk = %d\nbatch = %d\nblock = %d\n"
            "threads = %d\ndelay = %d\n",
            workload_name(s->workload), k ? k->name : "blocked", s->m, s->n, s->k, s->batch,
            s->block, s->threads, s->delay_tenths);
    return atomic_file_commit(&f, err, errlen);
}
