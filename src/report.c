#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int report_add(report *r, const sample *s)
{
    if (r->count == r->cap) {
        int cap = r->cap ? 2 * r->cap : 16;
        report_row *rows = realloc(r->rows, (size_t)cap * sizeof *rows);
        if (!rows)
            return -1;
        r->rows = rows;
        r->cap = cap;
    }
    report_row *row = &r->rows[r->count++];
    row->s = *s;
    row->slowdown_vs_openblas = NAN;
    row->speedup_vs_naive = NAN;
    return 0;
}

static const report_row *find_variant(const report *r, const experiment *at, int variant)
{
    for (int i = 0; i < r->count; i++) {
        const sample *s = &r->rows[i].s;
        if (s->exp.variant == variant && experiment_same_setting(&s->exp, at))
            return &r->rows[i];
    }
    return NULL;
}

void report_compare(report *r)
{
    const int naive = kernel_index("naive"), blas = kernel_index("openblas");
    for (int i = 0; i < r->count; i++) {
        report_row *row = &r->rows[i];
        const report_row *n = find_variant(r, &row->s.exp, naive);
        const report_row *b = find_variant(r, &row->s.exp, blas);
        row->speedup_vs_naive = n ? n->s.t_median / row->s.t_median : NAN;
        row->slowdown_vs_openblas = b ? row->s.t_median / b->s.t_median : NAN;
    }
}

void report_free(report *r)
{
    free(r->rows);
    r->rows = NULL;
    r->count = r->cap = 0;
}

const char *report_event_short_name(const char *name)
{
    if (strncmp(name, "PAPI_", 5) == 0)
        return name + 5;
    const char *sep = strstr(name, "::");
    return sep ? sep + 2 : name;
}
