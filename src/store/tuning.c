#include "store/tuning.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine/hostinfo.h"
#include "report/format.h"
#include "store/atomic_file.h"
#include "store/config_file.h"
#include "store/paths.h"

#define TUNING_FILE "tuning.ini"

void tuning_machine_key(char *buf, size_t len)
{
    const hostinfo *h = hostinfo_get();
    snprintf(buf, len, "%s, %d cpus", h->cpu_model[0] ? h->cpu_model : "unknown cpu", h->cores);
    /* ']' would end the section name early */
    for (char *p = buf; *p; p++)
        if (*p == '[' || *p == ']')
            *p = ' ';
}

static const char *default_path(char *buf, size_t len)
{
    return paths_config_file(TUNING_FILE, buf, len) == 0 ? buf : NULL;
}

/* "<variant>.<tunable>" -> variant and knob; false when it names neither. */
static bool split_key(const char *key, int *variant, int *knob)
{
    const char *dot = strchr(key, '.');
    char name[64];
    if (!dot || (size_t)(dot - key) >= sizeof name)
        return false;
    memcpy(name, key, (size_t)(dot - key));
    name[dot - key] = '\0';
    *variant = variant_find(name);
    *knob = variants_knob_find(dot + 1);
    return *variant >= 0 && *knob >= 0 && variant_uses(*variant, *knob);
}

static int parse_value(const char *text, const variant_tunable *t)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    return end != text && *end == '\0' && !errno && v >= t->min && v <= t->max ? (int)v : -1;
}

typedef struct load_state {
    const char *path;
    char section[160];
    char *warn;
    size_t warnlen;
    int used;
} load_state;

static void add_warning(load_state *st, int line, const char *key, const char *value,
                        const char *why)
{
    if (!st->warn)
        return;
    size_t used = strlen(st->warn);
    char qk[96], qv[96];
    snprintf(st->warn + used, st->warnlen - used, "%s%s:%d: %s = %s %s (ignored)", used ? "; " : "",
             st->path, line, format_escaped(qk, sizeof qk, key),
             format_quoted(qv, sizeof qv, value), why);
}

static int on_load(void *user, const char *section, const char *key, const char *value, int line)
{
    load_state *st = user;
    if (strcmp(section, st->section) != 0)
        return 1;
    int v, knob;
    if (!split_key(key, &v, &knob)) {
        add_warning(st, line, key, value, "names no tunable");
        return 1;
    }
    const variant_tunable *t = variants_knob(knob);
    int value_ok = parse_value(value, t);
    if (value_ok < 0) {
        char why[64];
        snprintf(why, sizeof why, "is not in %d..%d", t->min, t->max);
        add_warning(st, line, key, value, why);
        return 1;
    }
    variants_tuned_set(v, knob, value_ok);
    st->used++;
    return 1;
}

int tuning_load(const char *path, char *warn, size_t warnlen, char *err, size_t errlen)
{
    char buf[4096];
    if (warn && warnlen)
        warn[0] = '\0';
    if (!path && !(path = default_path(buf, sizeof buf)))
        return 0;
    char *text;
    int rc = config_file_read(path, &text, err, errlen);
    if (rc != 0)
        return rc > 0 ? 0 : -1;
    rc = tuning_parse(path, text, warn, warnlen, err, errlen);
    free(text);
    return rc;
}

int tuning_parse(const char *path, const char *text, char *warn, size_t warnlen, char *err,
                 size_t errlen)
{
    if (warn && warnlen)
        warn[0] = '\0';
    load_state st = {.path = path, .warn = warn, .warnlen = warnlen};
    tuning_machine_key(st.section, sizeof st.section);
    int line = config_file_parse(text, on_load, &st);
    if (line != 0) {
        snprintf(err, errlen, "%s: line %d is not valid", path, line);
        return -1;
    }
    return st.used;
}

static bool replaced(const char *section, const char *key, const char *machine,
                     const tuning_value *values, int count)
{
    int v, knob;
    if (strcmp(section, machine) != 0 || !split_key(key, &v, &knob))
        return false;
    for (int i = 0; i < count; i++)
        if (values[i].variant == v && values[i].knob == knob)
            return true;
    return false;
}

static void write_values(FILE *f, const tuning_value *values, int count)
{
    for (int k = 0; k < count; k++)
        fprintf(f, "%s.%s = %d\n", variant_name(values[k].variant),
                variants_knob(values[k].knob)->name, values[k].value);
}

/* A section's header, written with its first line: a section whose entries were all
 * replaced leaves no empty header behind (a second save would drop it). */
static void head(FILE *f, const char *section, const char **headed, const char **prev_key)
{
    if (*headed && strcmp(*headed, section) == 0)
        return;
    fprintf(f, "\n[%s]\n", section);
    *headed = section;
    *prev_key = NULL; /* a section ends what a line could continue */
}

static void write_entries(FILE *f, const config_entries *l, const char *machine,
                          const tuning_value *values, int count)
{
    fputs("# Written by `tttop tune`: the best tunables per machine.\n", f);
    const char *current = NULL, *headed = NULL, *prev_key = NULL;
    bool machine_written = false;
    for (int i = 0; i <= l->count; i++) {
        const char *section = i < l->count ? l->items[i].section : NULL;
        /* this machine's new values go at the end of its section (the first one, should
         * the file have it twice: the old values are dropped from both) */
        if (!machine_written && current && strcmp(current, machine) == 0 &&
            (!section || strcmp(section, current) != 0)) {
            head(f, current, &headed, &prev_key);
            write_values(f, values, count);
            prev_key = NULL;
            machine_written = true;
        }
        if (!section)
            break;
        current = section;
        if (!replaced(section, l->items[i].key, machine, values, count)) {
            head(f, section, &headed, &prev_key);
            config_entry_write(f, l->items[i].key, l->items[i].value, prev_key);
            prev_key = l->items[i].key;
        }
    }
    if (!machine_written) {
        fprintf(f, "\n[%s]\n", machine);
        write_values(f, values, count);
    }
}

int tuning_save(const char *path, const tuning_value *values, int count, char *err, size_t errlen)
{
    char buf[4096];
    if (!path) {
        if (!(path = default_path(buf, sizeof buf)) || paths_make_config_dir() != 0) {
            snprintf(err, errlen, "cannot create the config directory: %s", strerror(errno));
            return -1;
        }
    }
    char *text = NULL;
    if (config_file_read(path, &text, err, errlen) < 0)
        return -1; /* never replace what could not be read */
    atomic_file f;
    int rc = atomic_file_open(&f, path, err, errlen);
    if (rc == 0 && tuning_merge(path, text, values, count, f.fp, err, errlen) != 0) {
        atomic_file_abort(&f); /* a file that could not be parsed stays as it is */
        rc = -1;
    } else if (rc == 0) {
        rc = atomic_file_commit(&f, err, errlen);
    }
    free(text);
    return rc;
}

int tuning_merge(const char *path, const char *text, const tuning_value *values, int count,
                 FILE *out, char *err, size_t errlen)
{
    char machine[160];
    config_entries l = {0};
    if (config_entries_collect(path, text, &l, err, errlen) != 0)
        return -1;
    tuning_machine_key(machine, sizeof machine);
    write_entries(out, &l, machine, values, count);
    config_entries_free(&l);
    return 0; /* a failed write shows when out is flushed */
}
