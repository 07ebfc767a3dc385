#include "counters/simulated.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What a host that says nothing about a cache is assumed to have. */
static const sim_cache assumed_l1 = {32u << 10, 8, 64};
static const sim_cache assumed_ll = {8u << 20, 16, 64};

static bool power_of_two(size_t x)
{
    return x && (x & (x - 1)) == 0;
}

void sim_size_text(size_t bytes, char *buf, size_t len)
{
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0)
        snprintf(buf, len, "%zuM", bytes >> 20);
    else if (bytes >= 1024 && bytes % 1024 == 0)
        snprintf(buf, len, "%zuK", bytes >> 10);
    else
        snprintf(buf, len, "%zuB", bytes);
}

static bool valid(const sim_cache *c)
{
    if (c->ways < 1 || c->line < 16 || !power_of_two((size_t)c->line) || c->bytes == 0)
        return false;
    const size_t lines = c->bytes / (size_t)c->line;
    return c->bytes % (size_t)c->line == 0 && lines % (size_t)c->ways == 0 &&
           power_of_two(lines / (size_t)c->ways);
}

/* The nearest cache valgrind accepts: the same size and line with the nearest
 * associativity that gives a power-of-two set count, else the same ways with the nearest
 * power-of-two set count. Returns false when c was valid as it was. */
static bool make_valid(sim_cache *c)
{
    if (valid(c))
        return false;
    if (c->line < 16 || !power_of_two((size_t)c->line))
        c->line = 64;
    if (c->ways < 1)
        c->ways = 1;
    const size_t lines = c->bytes / (size_t)c->line;
    for (int d = 1; d <= c->ways; d++) {
        const int cand[2] = {c->ways - d, c->ways + d};
        for (int i = 0; i < 2; i++) {
            sim_cache t = {.bytes = lines * (size_t)c->line, .ways = cand[i], .line = c->line};
            if (t.ways >= 1 && valid(&t)) {
                *c = t;
                return true;
            }
        }
    }
    size_t sets = lines / (size_t)c->ways, lo = 1;
    while (lo * 2 <= sets)
        lo *= 2;
    const size_t pick = sets - lo <= lo * 2 - sets ? lo : lo * 2;
    c->bytes = pick * (size_t)c->ways * (size_t)c->line;
    return true;
}

static sim_cache from_host(const host_cache *h, const sim_cache *fallback, bool *assumed)
{
    if (h->bytes == 0) {
        *assumed = true;
        return *fallback;
    }
    sim_cache c = {.bytes = h->bytes, .ways = h->ways, .line = h->line};
    if (c.line <= 0)
        c.line = 64;
    if (c.ways <= 0) /* sysfs knows the sets: the ways follow */
        c.ways = h->sets > 0 ? (int)(c.bytes / (size_t)c.line / (size_t)h->sets) : 8;
    return c;
}

static void note_change(sim_geometry *g, const char *name, const sim_cache *before,
                        const sim_cache *after)
{
    char was[24], now[24] = "";
    sim_size_text(before->bytes, was, sizeof was);
    if (after->bytes != before->bytes) {
        sim_size_text(after->bytes, now, sizeof now);
        strcat(now, " ");
    }
    const size_t used = strlen(g->note);
    const size_t ways = (size_t)(before->ways > 0 ? before->ways : 1);
    snprintf(g->note + used, sizeof g->note - used,
             "%s%s %s %d-way (%zu sets) taken as %s%d-way: valgrind needs 2^n sets",
             used ? "; " : "", name, was, before->ways,
             before->bytes / (size_t)(before->line > 0 ? before->line : 64) / ways, now,
             after->ways);
}

void sim_geometry_for(const hostinfo *h, sim_geometry *out)
{
    memset(out, 0, sizeof *out);
    bool assumed = false;
    out->d1 = from_host(&h->l1d, &assumed_l1, &assumed);
    out->i1 = from_host(&h->l1i, &assumed_l1, &assumed);
    const bool l3 = h->l3.bytes > 0;
    out->ll_level = l3 ? 3 : 2;
    out->ll = from_host(l3 ? &h->l3 : &h->l2, &assumed_ll, &assumed);
    if (assumed)
        snprintf(out->note, sizeof out->note, "sysfs lacks some caches: assumed %s",
                 h->l1d.bytes ? "LL 8M 16-way" : "32K 8-way L1, 8M 16-way LL");
    const struct {
        const char *name;
        sim_cache *c;
    } all[] = {{"D1", &out->d1}, {"I1", &out->i1}, {"LL", &out->ll}};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        const sim_cache before = *all[i].c;
        if (make_valid(all[i].c))
            note_change(out, all[i].name, &before, all[i].c);
    }
}

void sim_geometry_options(const sim_geometry *g, char (*opts)[48])
{
    snprintf(opts[0], 48, "--I1=%zu,%d,%d", g->i1.bytes, g->i1.ways, g->i1.line);
    snprintf(opts[1], 48, "--D1=%zu,%d,%d", g->d1.bytes, g->d1.ways, g->d1.line);
    snprintf(opts[2], 48, "--LL=%zu,%d,%d", g->ll.bytes, g->ll.ways, g->ll.line);
}

void sim_geometry_describe(const sim_geometry *g, char *buf, size_t len)
{
    char d1[24], ll[24];
    sim_size_text(g->d1.bytes, d1, sizeof d1);
    sim_size_text(g->ll.bytes, ll, sizeof ll);
    snprintf(buf, len, "D1 %s %d-way %dB, LL %s %d-way", d1, g->d1.ways, g->d1.line, ll,
             g->ll.ways);
}

/* ---- callgrind's output ---- */

#define EVENTS_MAX 32

static double *field_of(callgrind_totals *t, const char *name)
{
    static const struct {
        const char *name;
        size_t offset;
    } fields[] = {
        {"Ir", offsetof(callgrind_totals, ir)},     {"Dr", offsetof(callgrind_totals, dr)},
        {"Dw", offsetof(callgrind_totals, dw)},     {"I1mr", offsetof(callgrind_totals, i1mr)},
        {"D1mr", offsetof(callgrind_totals, d1mr)}, {"D1mw", offsetof(callgrind_totals, d1mw)},
        {"ILmr", offsetof(callgrind_totals, ilmr)}, {"DLmr", offsetof(callgrind_totals, dlmr)},
        {"DLmw", offsetof(callgrind_totals, dlmw)},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strcmp(fields[i].name, name) == 0)
            return (double *)(void *)((char *)t + fields[i].offset);
    return NULL;
}

/* The words after "key:" on the line starting at p (up to the newline), into words. */
static int split_words(const char *p, char (*words)[24], int cap)
{
    int n = 0;
    while (*p && *p != '\n') {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p || *p == '\n' || *p == '\r')
            break;
        size_t len = strcspn(p, " \t\r\n");
        if (n < cap) {
            snprintf(words[n], sizeof words[n], "%.*s", (int)(len < 23 ? len : 23), p);
            n++;
        }
        p += len;
    }
    return n;
}

/* The rest of the line after "key:" when a line starts with it, else NULL. */
static const char *line_value(const char *line, const char *key)
{
    const size_t n = strlen(key);
    return strncmp(line, key, n) == 0 ? line + n : NULL;
}

int callgrind_parse(const char *text, callgrind_totals *out, char *err, size_t errlen)
{
    *out = (callgrind_totals){.ir = NAN,
                              .dr = NAN,
                              .dw = NAN,
                              .i1mr = NAN,
                              .d1mr = NAN,
                              .d1mw = NAN,
                              .ilmr = NAN,
                              .dlmr = NAN,
                              .dlmw = NAN};
    char names[EVENTS_MAX][24], totals[EVENTS_MAX][24], summary[EVENTS_MAX][24];
    int nnames = -1, ntotals = -1, nsummary = -1;
    for (const char *line = text; line && *line;
         line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
        const char *v;
        if ((v = line_value(line, "events:")))
            nnames = split_words(v, names, EVENTS_MAX);
        else if ((v = line_value(line, "totals:")))
            ntotals = split_words(v, totals, EVENTS_MAX);
        else if ((v = line_value(line, "summary:")))
            nsummary = split_words(v, summary, EVENTS_MAX);
        else if ((v = line_value(line, "desc: Trigger:"))) {
            while (*v == ' ')
                v++;
            snprintf(out->trigger, sizeof out->trigger, "%.*s", (int)strcspn(v, "\r\n"), v);
        }
    }
    if (nnames <= 0) {
        snprintf(err, errlen, "callgrind output has no events: line");
        return -1;
    }
    /* totals: is written at the end, summary: at the start; either gives the sum */
    char(*values)[24] = ntotals >= 0 ? totals : summary;
    int nvalues = ntotals >= 0 ? ntotals : nsummary;
    if (nvalues < 0) {
        snprintf(err, errlen, "callgrind output has no totals: line (cut short?)");
        return -1;
    }
    for (int i = 0; i < nnames; i++) {
        double *f = field_of(out, names[i]);
        if (!f)
            continue;
        if (i >= nvalues) { /* trailing zeros may be left out */
            *f = 0.0;
            continue;
        }
        char *end;
        errno = 0;
        unsigned long long x = strtoull(values[i], &end, 10);
        if (*end || errno || values[i][0] == '-') {
            snprintf(err, errlen, "callgrind output: %s count '%s' is not a number", names[i],
                     values[i]);
            return -1;
        }
        *f = (double)x;
    }
    if (isnan(out->ir)) {
        snprintf(err, errlen, "callgrind output has no Ir event");
        return -1;
    }
    return 0;
}

int callgrind_parse_file(const char *path, callgrind_totals *out, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    /* the totals are at the end: read it all (a part of a kernel is a few KiB) */
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap);
    while (text) {
        size_t got = fread(text + len, 1, cap - len - 1, f);
        len += got;
        if (got == 0)
            break;
        if (len + 1 == cap) {
            char *grown = cap < (64u << 20) ? realloc(text, cap * 2) : NULL;
            if (!grown) {
                free(text);
                text = NULL;
                break;
            }
            text = grown;
            cap *= 2;
        }
    }
    const bool bad = ferror(f);
    fclose(f);
    if (!text || bad) {
        free(text);
        snprintf(err, errlen, "%s: cannot read it", path);
        return -1;
    }
    text[len] = '\0';
    int rc = callgrind_parse(text, out, err, errlen);
    free(text);
    return rc;
}

static double or_zero(double x)
{
    return isfinite(x) ? x : 0.0;
}

/* The counts of one band, in sim_counts' terms. */
static void band_counts(const callgrind_totals *t, double *v)
{
    const double dr = or_zero(t->dr), dw = or_zero(t->dw);
    const double d1mr = or_zero(t->d1mr), d1mw = or_zero(t->d1mw);
    v[0] = or_zero(t->ir);
    v[1] = dr;
    v[2] = dw;
    v[3] = dr + dw;
    v[4] = d1mr;
    v[5] = d1mw;
    v[6] = d1mr + d1mw;
    v[7] = or_zero(t->i1mr) + d1mr + d1mw;
    v[8] = or_zero(t->ilmr) + or_zero(t->dlmr) + or_zero(t->dlmw);
}

void sim_counts_combine(sim_counts *out, const callgrind_totals *small, int small_rows,
                        const callgrind_totals *large, int large_rows, int rows, double flops)
{
    double a[9], b[9], total[9];
    band_counts(small, a);
    const bool extrapolate = large && large_rows > small_rows && rows > small_rows;
    if (extrapolate)
        band_counts(large, b);
    for (int i = 0; i < 9; i++) {
        double per_row = extrapolate ? (b[i] - a[i]) / (large_rows - small_rows) : 0.0;
        total[i] = a[i] + (per_row > 0 ? per_row : 0.0) * (rows - small_rows);
    }
    double *const fields[9] = {&out->instructions, &out->l1d_reads,       &out->l1d_writes,
                               &out->l1d_accesses, &out->l1d_read_misses, &out->l1d_write_misses,
                               &out->l1d_misses,   &out->ll_accesses,     &out->ll_misses};
    for (int i = 0; i < 9; i++)
        *fields[i] = total[i];
    out->rows = rows;
    out->band_rows = extrapolate ? large_rows : small_rows;
    out->small_rows = extrapolate ? small_rows : 0;
    out->flops = flops;
    out->valid = true;
}

int sim_find_valgrind(char *buf, size_t len)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        return -1;
    while (*path) {
        size_t n = strcspn(path, ":");
        if (n > 0 && n < PATH_MAX) {
            snprintf(buf, len, "%.*s/valgrind", (int)n, path);
            if (access(buf, X_OK) == 0)
                return 0;
        }
        path += n;
        if (*path == ':')
            path++;
    }
    buf[0] = '\0';
    return -1;
}
