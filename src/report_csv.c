#include "report.h"

#include <math.h>
#include <string.h>

static void csv_number(FILE *out, double v)
{
    if (isfinite(v))
        fprintf(out, ",%.9g", v);
    else
        fputs(",", out);
}

/* RFC 4180: quote a field holding a comma, quote or newline. */
static void csv_text(FILE *out, const char *text, bool first)
{
    if (!first)
        fputc(',', out);
    if (!strpbrk(text, ",\"\n")) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

int report_write_csv(const report *r, FILE *out)
{
    static const char *const columns[] = {
        "workload",       "variant",   "m",           "n",
        "k",              "batch",     "block",       "threads",
        "reps",           "time_min_s", "time_median_s", "time_max_s",
        "gflops",         "max_rel_err", "check",      "slowdown_vs_openblas",
        "speedup_vs_naive", "workspace_bytes", "loss", "accuracy",
    };
    for (size_t c = 0; c < sizeof columns / sizeof columns[0]; c++)
        csv_text(out, columns[c], c == 0);
    for (int i = 0; i < r->nevents; i++)
        csv_text(out, r->events[i].name, false);
    fputc('\n', out);

    for (int i = 0; i < r->count; i++) {
        const report_row *row = &r->rows[i];
        const sample *s = &row->s;
        const experiment *e = &s->exp;
        const kernel_info *kinfo = kernel_at(e->variant);
        const bool matmul = e->workload == WORKLOAD_MATMUL;
        csv_text(out, workload_name(e->workload), true);
        csv_text(out, kinfo ? kinfo->name : "?", false);
        csv_number(out, matmul ? e->m : NAN);
        csv_number(out, matmul ? e->n : NAN);
        csv_number(out, matmul ? e->k : NAN);
        csv_number(out, matmul ? NAN : e->batch);
        int block = e->tun.block > 0 ? e->tun.block : KERNEL_DEFAULT_BLOCK;
        csv_number(out, kinfo && (kinfo->tunables & KERNEL_USES_BLOCK) ? block : NAN);
        csv_number(out, s->threads_used);
        csv_number(out, s->reps);
        csv_number(out, s->t_min);
        csv_number(out, s->t_median);
        csv_number(out, s->t_max);
        csv_number(out, s->gflops);
        csv_number(out, s->max_rel_err);
        csv_text(out, s->verdict == CHECK_PASS ? "pass" : s->verdict == CHECK_FAIL ? "fail" : "",
                 false);
        csv_number(out, row->slowdown_vs_openblas);
        csv_number(out, row->speedup_vs_naive);
        csv_number(out, (double)s->workspace_bytes);
        csv_number(out, s->loss);
        csv_number(out, s->accuracy);
        for (int ev = 0; ev < r->nevents; ev++)
            csv_number(out, s->counts[ev]);
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
