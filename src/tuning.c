#include "tuning.h"

#include <errno.h>
#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_file.h"
#include "hostinfo.h"
#include "paths.h"

#define TUNING_FILE "tuning.ini"
#define MAX_LINES 512

const int tuning_block_candidates[9] = {16, 24, 32, 48, 64, 96, 128, 192, 256};
const int tuning_mc_candidates[5] = {48, 72, 96, 144, 192};
const int tuning_kc_candidates[5] = {128, 192, 256, 384, 512};
const int tuning_nc_candidates[3] = {1024, 2048, 4096};

typedef struct ini_line {
    char section[160];
    char key[64];
    char value[64];
} ini_line;

typedef struct ini_lines {
    ini_line *lines;
    int count;
} ini_lines;

void tuning_machine_key(char *buf, size_t len)
{
    const hostinfo *h = hostinfo_get();
    snprintf(buf, len, "%s, %d cpus", h->cpu_model[0] ? h->cpu_model : "unknown cpu", h->cores);
    /* ']' would end the section name early */
    for (char *p = buf; *p; p++)
        if (*p == '[' || *p == ']')
            *p = ' ';
}

static int collect(void *user, const char *section, const char *key, const char *value)
{
    ini_lines *all = user;
    if (all->count == MAX_LINES)
        return 0;
    ini_line *l = &all->lines[all->count++];
    snprintf(l->section, sizeof l->section, "%s", section);
    snprintf(l->key, sizeof l->key, "%s", key);
    snprintf(l->value, sizeof l->value, "%s", value);
    return 1;
}

static const char *default_path(char *buf, size_t len)
{
    return paths_config_file(TUNING_FILE, buf, len) == 0 ? buf : NULL;
}

/* 0 (a missing file reads as empty), or -1 with err. */
static int read_all(const char *path, ini_lines *all, char *err, size_t errlen)
{
    all->count = 0;
    all->lines = calloc(MAX_LINES, sizeof *all->lines);
    if (!all->lines) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    FILE *f = fopen(path, "r");
    if (!f)
        return errno == ENOENT ? 0 : (snprintf(err, errlen, "%s: %s", path, strerror(errno)), -1);
    int line = ini_parse_file(f, collect, all);
    fclose(f);
    if (line != 0) {
        snprintf(err, errlen, "%s: line %d is not valid (ignored; run tttop tune again)", path,
                 line);
        return -1;
    }
    return 0;
}

static int parse_value(const char *text)
{
    char *end;
    long v = strtol(text, &end, 10);
    return *end == '\0' && v > 0 && v <= 1 << 20 ? (int)v : -1;
}

int tuning_load(const char *path, tuning *t, char *err, size_t errlen)
{
    char buf[4096], key[160];
    memset(t, 0, sizeof *t);
    if (!path && !(path = default_path(buf, sizeof buf)))
        return 0;
    ini_lines all;
    int rc = read_all(path, &all, err, errlen);
    tuning_machine_key(key, sizeof key);
    static const struct {
        const char *name;
        size_t offset;
    } fields[] = {
        {"blocked.block", offsetof(tuning, blocked_block)},
        {"packed.block", offsetof(tuning, packed_block)},
        {"microkernel.mc", offsetof(tuning, mc)},
        {"microkernel.kc", offsetof(tuning, kc)},
        {"microkernel.nc", offsetof(tuning, nc)},
    };
    for (int i = 0; rc == 0 && i < all.count; i++) {
        if (strcmp(all.lines[i].section, key) != 0)
            continue;
        for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
            if (strcmp(all.lines[i].key, fields[f].name) != 0)
                continue;
            int v = parse_value(all.lines[i].value);
            if (v < 0) {
                snprintf(err, errlen, "%s: %s = '%s' is not a positive number", path,
                         fields[f].name, all.lines[i].value);
                rc = -1;
                break;
            }
            *(int *)((char *)t + fields[f].offset) = v;
        }
    }
    if (rc != 0)
        memset(t, 0, sizeof *t);
    free(all.lines);
    return rc;
}

int tuning_save(const char *path, const tuning *t, char *err, size_t errlen)
{
    char buf[4096], key[160];
    if (!path) {
        if (!(path = default_path(buf, sizeof buf)) || paths_make_config_dir() != 0) {
            snprintf(err, errlen, "cannot create the config directory: %s", strerror(errno));
            return -1;
        }
    }
    ini_lines all;
    if (read_all(path, &all, err, errlen) != 0)
        all.count = 0; /* a broken file is replaced */
    if (!all.lines)
        return -1;
    tuning_machine_key(key, sizeof key);
    atomic_file f;
    if (atomic_file_open(&f, path, err, errlen) != 0) {
        free(all.lines);
        return -1;
    }
    fputs("# Written by `tttop tune`: the best block sizes per machine.\n", f.fp);
    const char *current = NULL;
    for (int i = 0; i < all.count; i++) {
        const ini_line *l = &all.lines[i];
        if (strcmp(l->section, key) == 0)
            continue;
        if (!current || strcmp(current, l->section) != 0) {
            fprintf(f.fp, "\n[%s]\n", l->section);
            current = l->section;
        }
        fprintf(f.fp, "%s = %s\n", l->key, l->value);
    }
    fprintf(f.fp, "\n[%s]\n", key);
    if (t->blocked_block)
        fprintf(f.fp, "blocked.block = %d\n", t->blocked_block);
    if (t->packed_block)
        fprintf(f.fp, "packed.block = %d\n", t->packed_block);
    if (t->mc && t->kc && t->nc)
        fprintf(f.fp, "microkernel.mc = %d\nmicrokernel.kc = %d\nmicrokernel.nc = %d\n", t->mc,
                t->kc, t->nc);
    free(all.lines);
    return atomic_file_commit(&f, err, errlen);
}

void tuning_apply(const tuning *t, experiment *e, bool block_given)
{
    const kernel_info *kinfo = kernel_at(e->variant);
    if (!block_given && kinfo) {
        if (strcmp(kinfo->name, "blocked") == 0 && t->blocked_block)
            e->tun.block = t->blocked_block;
        else if (strcmp(kinfo->name, "packed") == 0 && t->packed_block)
            e->tun.block = t->packed_block;
    }
    if (t->mc && t->kc && t->nc && !e->tun.mc && !e->tun.kc && !e->tun.nc) {
        e->tun.mc = t->mc;
        e->tun.kc = t->kc;
        e->tun.nc = t->nc;
    }
}
