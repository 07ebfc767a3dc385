#include "store/figures_cache.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/atomic_file.h"
#include "store/config_file.h"
#include "store/paths.h"
#include "store/tuning.h"

#define PEAK_MAX 1e7 /* GFLOP/s: anything above is no measurement */
#define BW_MAX 1e6   /* GB/s */

static const char *default_path(char *buf, size_t len)
{
    return paths_config_file(FIGURES_CACHE_FILE, buf, len) == 0 ? buf : NULL;
}

bool figures_cached(machine_figures *out)
{
    char err[512];
    return figures_cache_load(NULL, out, err, sizeof err) == 0;
}

typedef struct load_state {
    char section[160];
    machine_figures f;
    bool found;
    char bad[200]; /* the first entry refused */
} load_state;

static bool number(const char *text, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || *end != '\0' || errno || !isfinite(v) || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool known_isa(const char *name)
{
    return strcmp(name, "scalar") == 0 || strcmp(name, "avx2") == 0 || strcmp(name, "avx512") == 0;
}

/* "peak.<isa>.per_core" / "peak.<isa>.all_cores": the entry, created when new. */
static isa_peak *isa_entry(machine_figures *f, const char *key, bool *per_core)
{
    char name[16];
    const char *dot = strchr(key + 5, '.');
    if (!dot || (size_t)(dot - (key + 5)) >= sizeof name)
        return NULL;
    memcpy(name, key + 5, (size_t)(dot - (key + 5)));
    name[dot - (key + 5)] = '\0';
    if (strcmp(dot + 1, "per_core") == 0)
        *per_core = true;
    else if (strcmp(dot + 1, "all_cores") == 0)
        *per_core = false;
    else
        return NULL;
    if (!known_isa(name))
        return NULL;
    for (int i = 0; i < f->nisa; i++)
        if (strcmp(f->by_isa[i].name, name) == 0)
            return &f->by_isa[i];
    if (f->nisa == FIGURES_MAX_ISA)
        return NULL;
    isa_peak *p = &f->by_isa[f->nisa++];
    snprintf(p->name, sizeof p->name, "%s", name);
    p->per_core = p->all_cores = NAN;
    return p;
}

static bool parse_entry(machine_figures *f, const char *key, const char *value)
{
    double v;
    if (strcmp(key, "measured_at") == 0) {
        if (!value[0] || strlen(value) >= sizeof f->measured_at)
            return false;
        snprintf(f->measured_at, sizeof f->measured_at, "%s", value);
        return true;
    }
    if (strcmp(key, "method") == 0) {
        f->full = strcmp(value, "full") == 0;
        return f->full || strcmp(value, "quick") == 0;
    }
    if (strcmp(key, "cores") == 0) {
        if (!number(value, 1, 1 << 20, &v) || v != floor(v))
            return false;
        f->cores = (int)v;
        return true;
    }
    if (strcmp(key, "bandwidth.one_thread") == 0)
        return number(value, 1e-6, BW_MAX, &f->bw_one_thread);
    if (strcmp(key, "bandwidth.all_threads") == 0)
        return number(value, 1e-6, BW_MAX, &f->bw_all_threads);
    if (strcmp(key, "triad_bytes") == 0)
        return number(value, 0, 1e15, &f->triad_bytes);
    if (strncmp(key, "peak.", 5) == 0) {
        bool per_core;
        isa_peak *p = isa_entry(f, key, &per_core);
        if (!p)
            return true; /* an ISA this version does not know: skipped */
        return number(value, 1e-6, PEAK_MAX, per_core ? &p->per_core : &p->all_cores);
    }
    return true; /* a key a later version added: skipped */
}

static int on_load(void *user, const char *section, const char *key, const char *value, int line)
{
    load_state *st = user;
    if (strcmp(section, st->section) != 0)
        return 1;
    st->found = true;
    if (!parse_entry(&st->f, key, value) && !st->bad[0])
        snprintf(st->bad, sizeof st->bad, "line %d: %.40s = '%.60s' is not valid", line, key,
                 value);
    return 1;
}

int figures_cache_load(const char *path, machine_figures *out, char *err, size_t errlen)
{
    char buf[4096];
    memset(out, 0, sizeof *out);
    if (!path && !(path = default_path(buf, sizeof buf)))
        return 1;
    char *text;
    int rc = config_file_read(path, &text, err, errlen);
    if (rc != 0)
        return rc > 0 ? 1 : -1;
    load_state st = {0};
    st.f.bw_one_thread = st.f.bw_all_threads = st.f.triad_bytes = NAN;
    tuning_machine_key(st.section, sizeof st.section);
    int line = config_file_parse(text, on_load, &st);
    free(text);
    if (line != 0) {
        snprintf(err, errlen, "%.256s: line %d is not valid", path, line);
        return -1;
    }
    if (!st.found)
        return 1;
    if (st.bad[0]) {
        snprintf(err, errlen, "%.256s: %s", path, st.bad);
        return -1;
    }
    figures_pick_best(&st.f);
    if (!(st.f.peak_per_core > 0) || !st.f.measured_at[0]) {
        snprintf(err, errlen, "%.256s: no peak for this machine", path);
        return -1;
    }
    st.f.measured = true;
    *out = st.f;
    return 0;
}

static void put_number(FILE *f, const char *key, double v)
{
    if (isfinite(v))
        fprintf(f, "%s = %.6g\n", key, v);
}

static void write_section(FILE *out, const char *machine, const machine_figures *f)
{
    fprintf(out, "\n[%s]\n", machine);
    fprintf(out, "measured_at = %s\n", f->measured_at);
    fprintf(out, "method = %s\n", f->full ? "full" : "quick");
    if (f->cores > 0)
        fprintf(out, "cores = %d\n", f->cores);
    for (int i = 0; i < f->nisa && i < FIGURES_MAX_ISA; i++) {
        char key[64];
        snprintf(key, sizeof key, "peak.%s.per_core", f->by_isa[i].name);
        put_number(out, key, f->by_isa[i].per_core);
        snprintf(key, sizeof key, "peak.%s.all_cores", f->by_isa[i].name);
        put_number(out, key, f->by_isa[i].all_cores);
    }
    put_number(out, "bandwidth.one_thread", f->bw_one_thread);
    put_number(out, "bandwidth.all_threads", f->bw_all_threads);
    put_number(out, "triad_bytes", f->triad_bytes);
}

int figures_cache_save(const char *path, const machine_figures *f, char *err, size_t errlen)
{
    char buf[4096], machine[160];
    if (!path) {
        if (!(path = default_path(buf, sizeof buf)) || paths_make_config_dir() != 0) {
            snprintf(err, errlen, "cannot create the config directory: %s", strerror(errno));
            return -1;
        }
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file; not written", path);
        return -1;
    }
    tuning_machine_key(machine, sizeof machine);
    config_entries l = {0};
    char *text = NULL, why[512];
    /* the other machines' figures are kept; a file that does not read is left alone */
    const int read = config_file_read(path, &text, why, sizeof why);
    if (read < 0) {
        snprintf(err, errlen, "%s; not overwritten", why);
        return -1;
    }
    const int collected = config_entries_collect(path, text, &l, err, errlen);
    free(text);
    if (collected != 0)
        return -1;
    atomic_file out;
    if (atomic_file_open(&out, path, err, errlen) != 0) {
        config_entries_free(&l);
        return -1;
    }
    fputs("# Written by tttop: this machine's measured peak FLOP/s (GFLOP/s per instruction\n"
          "# set, one core and all cores) and triad bandwidth (GB/s). `tttop machine\n"
          "# --remeasure` measures again.\n",
          out.fp);
    const char *current = NULL, *prev_key = NULL;
    for (int i = 0; i < l.count; i++) {
        const config_entry *e = &l.items[i];
        if (strcmp(e->section, machine) == 0) /* replaced below */
            continue;
        if (!current || strcmp(current, e->section) != 0) {
            fprintf(out.fp, "\n[%s]\n", e->section);
            current = e->section;
            prev_key = NULL;
        }
        config_entry_write(out.fp, e->key, e->value, prev_key);
        prev_key = e->key;
    }
    config_entries_free(&l);
    write_section(out.fp, machine, f);
    return atomic_file_commit(&out, err, errlen);
}
