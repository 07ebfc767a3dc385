/* tttop.ini as the dashboard reads it: whatever the text, config_parse either refuses it
 * with one line naming the file, or accepts values that are all in their ranges. */
#include <stdint.h>

#include "core/experiment.h"
#include "fuzz.h"
#include "store/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    settings s;
    char err[512] = "";
    if (config_parse("tttop.ini", text, &s, err, sizeof err) == 0) {
        if (s.set & SET_WORKLOAD)
            FUZZ_REQUIRE(s.workload >= 0 && s.workload < WORKLOAD_COUNT, "%d", s.workload);
        if (s.set & SET_VARIANT)
            FUZZ_REQUIRE(s.variant >= 0 && s.variant < variants_count(), "%d", s.variant);
        if (s.set & SET_SIZE) {
            /* a size given in part is completed from the defaults when applied */
            experiment e = experiment_default();
            int delay = 10;
            settings_apply(&s, &e, &delay);
            FUZZ_REQUIRE(e.m >= 1 && e.m <= EXPERIMENT_MAX_SIZE && e.n >= 1 &&
                             e.n <= EXPERIMENT_MAX_SIZE && e.k >= 1 && e.k <= EXPERIMENT_MAX_SIZE,
                         "%dx%dx%d", e.m, e.n, e.k);
        }
        if (s.set & SET_BATCH)
            FUZZ_REQUIRE(s.batch >= 1 && s.batch <= EXPERIMENT_MAX_BATCH, "%d", s.batch);
        if (s.set & SET_DELAY)
            FUZZ_REQUIRE(s.delay_tenths >= 1 && s.delay_tenths <= 600, "%d", s.delay_tenths);
        for (int k = 0; k < variants_knob_count(); k++) {
            const variant_tunable *t = variants_knob(k);
            if (s.set & SET_KNOB(k))
                FUZZ_REQUIRE(s.knob[k] >= t->min && s.knob[k] <= t->max, "%s %d", t->name,
                             s.knob[k]);
        }
    } else {
        FUZZ_REQUIRE(fuzz_one_line(err), "message '%s'", err);
        FUZZ_REQUIRE(strncmp(err, "tttop.ini: ", 11) == 0, "message '%s'", err);
    }
    free(text);
    return 0;
}
