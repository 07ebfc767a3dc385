/* The reader of `tttop report --from FILE.json`: whatever the bytes, the file is refused
 * with one line naming it (and the JSON path of the problem), or every result it accepts
 * has a known workload, a shape or batch in range, and finite non-negative times. */
#include <math.h>
#include <stdint.h>

#include "fuzz.h"
#include "report/report_run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    char err[1024] = "";
    report_run run;
    if (report_run_parse(text, size, "r.json", &run, err, sizeof err) != 0) {
        FUZZ_REQUIRE(fuzz_one_line(err) && strncmp(err, "r.json: ", 8) == 0, "'%s'", err);
        free(text);
        return 0;
    }
    for (int i = 0; i < results_count(run.model); i++) {
        const sample *s = &results_row(run.model, i)->s;
        const experiment *e = &s->exp;
        FUZZ_REQUIRE(e->workload >= 0 && e->workload < WORKLOAD_COUNT, "workload %d", e->workload);
        if (e->workload == WORKLOAD_MATMUL)
            FUZZ_REQUIRE(e->m >= 1 && e->n >= 1 && e->k >= 1 && e->m <= EXPERIMENT_MAX_SIZE &&
                             e->n <= EXPERIMENT_MAX_SIZE && e->k <= EXPERIMENT_MAX_SIZE,
                         "%dx%dx%d", e->m, e->n, e->k);
        else
            FUZZ_REQUIRE(e->batch >= 1 && e->batch <= EXPERIMENT_MAX_BATCH, "batch %d", e->batch);
        const double t[] = {s->t_min, s->t_median, s->t_max};
        for (int j = 0; j < 3; j++)
            FUZZ_REQUIRE(isnan(t[j]) || (isfinite(t[j]) && t[j] >= 0), "time %g", t[j]);
        FUZZ_REQUIRE(report_run_variant(&run, i) != NULL, "row %d has no variant", i);
    }
    report_run_free(&run);
    free(text);
    return 0;
}
