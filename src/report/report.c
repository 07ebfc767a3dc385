#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "report/format.h"

int report_write(report_format format, const results *r, const report_counters *c,
                 const report_style *style, FILE *out)
{
    switch (format) {
    case REPORT_CSV:
        return report_write_csv(r, c, out);
    case REPORT_JSON:
        return report_write_json(r, c, out);
    default:
        return report_write_table(r, c, style, out);
    }
}

const char *report_event_short_name(const char *name)
{
    if (strncmp(name, "PAPI_", 5) == 0)
        return name + 5;
    const char *sep = strstr(name, "::");
    return sep ? sep + 2 : name;
}

const char *report_event_title(const char *name)
{
    static const struct {
        const char *event, *title;
    } titles[] = {
        {"PAPI_TOT_CYC", "cycles"},
        {"PAPI_TOT_INS", "instructions"},
        {"PAPI_L1_DCM", "L1D misses"},
        {"PAPI_L1_DCA", "L1D accesses"},
        {"PAPI_L2_DCM", "L2D misses"},
        {"PAPI_L2_TCM", "L2 misses"},
        {"PAPI_L3_TCM", "L3 misses"},
        {"PAPI_DP_OPS", "DP FLOPs"},
        {"PAPI_FP_OPS", "FP ops"},
        {"perf::TASK-CLOCK", "task-clock"},
        {"perf::PAGE-FAULTS", "page-faults"},
        {"perf::CONTEXT-SWITCHES", "ctx-switches"},
        {"perf::CPU-MIGRATIONS", "migrations"},
    };
    for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
        if (strcmp(titles[i].event, name) == 0)
            return titles[i].title;
    return report_event_short_name(name);
}

char *report_event_value(char *buf, size_t len, const char *name, double value)
{
    if (!isfinite(value))
        return snprintf(buf, len, "n/a"), buf;
    if (strcmp(name, "perf::TASK-CLOCK") == 0)
        return format_seconds(buf, len, value * 1e-9);
    return format_count(buf, len, value);
}

void report_tunables(const sample *s, char *buf, size_t len, const char **mark)
{
    int shown = 0, tuned = 0, model = 0;
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < variant_tunable_count(s->exp.variant); i++) {
        const variant_tunable *t = variant_tunable_at(s->exp.variant, i);
        if (t->per_setting)
            continue;
        shown++;
        tuned += s->knobs.source[t->knob] == KNOB_TUNED;
        model += s->knobs.source[t->knob] == KNOB_MODEL;
    }
    for (int i = 0; i < variant_tunable_count(s->exp.variant) && used < len; i++) {
        const variant_tunable *t = variant_tunable_at(s->exp.variant, i);
        if (t->per_setting)
            continue;
        int n = shown == 1
                    ? snprintf(buf + used, len - used, "%s %d", t->label, s->knobs.value[t->knob])
                    : snprintf(buf + used, len - used, "%s%d", used ? "/" : "",
                               s->knobs.value[t->knob]);
        if (n < 0)
            break;
        used += (size_t)n;
    }
    if (shown == 0)
        snprintf(buf, len, "-");
    *mark = tuned ? "*" : model ? "~" : "";
}
