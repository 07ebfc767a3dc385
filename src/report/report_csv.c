#include "report/report.h"

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

int report_write_csv(const results *r, const report_counters *c, FILE *out)
{
    static const char *const columns[] = {
        "workload",
        "variant",
        "m",
        "n",
        "k",
        "batch",
        "block",
        "threads",
        "reps",
        "time_min_s",
        "time_median_s",
        "time_max_s",
        "gflops",
        "max_rel_err",
        "check",
        "slowdown_vs_openblas",
        "speedup_vs_naive",
        "workspace_bytes",
        "loss",
        "accuracy",
    };
    for (size_t col = 0; col < sizeof columns / sizeof columns[0]; col++)
        csv_text(out, columns[col], col == 0);
    for (int i = 0; c && i < c->nevents; i++)
        csv_text(out, c->events[i].name, false);
    fputc('\n', out);

    const int block_knob = variants_knob_find("block");
    for (int i = 0; i < results_count(r); i++) {
        const result_row *row = results_row(r, i);
        const sample *s = &row->s;
        const experiment *e = &s->exp;
        const bool matmul = e->workload == WORKLOAD_MATMUL;
        csv_text(out, workload_name(e->workload), true);
        csv_text(out, variant_name(e->variant), false);
        csv_number(out, matmul ? e->m : NAN);
        csv_number(out, matmul ? e->n : NAN);
        csv_number(out, matmul ? e->k : NAN);
        csv_number(out, matmul ? NAN : e->batch);
        csv_number(out, block_knob >= 0 && s->knobs.source[block_knob] != KNOB_UNUSED
                            ? s->knobs.value[block_knob]
                            : NAN);
        csv_number(out, s->threads_used);
        csv_number(out, s->reps);
        csv_number(out, s->t_min);
        csv_number(out, s->t_median);
        csv_number(out, s->t_max);
        csv_number(out, s->gflops);
        csv_number(out, s->max_rel_err);
        csv_text(out,
                 s->verdict == CHECK_PASS   ? "pass"
                 : s->verdict == CHECK_FAIL ? "fail"
                                            : "",
                 false);
        csv_number(out, row->slowdown_vs_reference);
        csv_number(out, row->speedup_vs_baseline);
        csv_number(out, (double)s->workspace_bytes);
        csv_number(out, s->loss);
        csv_number(out, s->accuracy);
        for (int ev = 0; c && ev < c->nevents; ev++)
            csv_number(out, s->counts[ev]);
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}
