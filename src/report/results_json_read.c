/* Reading bench's JSON back, strictly: every field the report uses is checked for its type
 * and range, and the first problem is one line naming the file and the JSON path. Fields
 * the report does not use are ignored, so that a newer tttop's files still read. */
#include "report/report_run.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/measure.h"
#include "report/format.h"

typedef struct reader {
    const char *file;
    char *err;
    size_t errlen;
    char path[160]; /* the JSON path of the value being read */
} reader;

static int fail(reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int fail(reader *rd, const char *fmt, ...)
{
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    /* the path and the values quoted come from the file: escaped onto one line */
    char raw[1024];
    if (rd->path[0])
        snprintf(raw, sizeof raw, "%s: %s: %s", rd->file, rd->path, what);
    else
        snprintf(raw, sizeof raw, "%s: %s", rd->file, what);
    format_one_line(rd->err, rd->errlen, raw);
    return -1;
}

static const char *kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number";
    case JSON_TRUE:
    case JSON_FALSE:
        return "true or false";
    default:
        return "null";
    }
}

/* The path of a member: "results[3].time_s" + "median". Returns the previous length, for
 * leave(). */
static size_t enter(reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static size_t enter(reader *rd, const char *fmt, ...)
{
    const size_t was = strlen(rd->path);
    char part[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(part, sizeof part, fmt, ap);
    va_end(ap);
    snprintf(rd->path + was, sizeof rd->path - was, "%s%s", was && part[0] != '[' ? "." : "", part);
    return was;
}

static void leave(reader *rd, size_t was)
{
    rd->path[was] = '\0';
}

typedef enum need { REQUIRED, OPTIONAL, NULLABLE } need;

/* A member: NULL (absent, or null where allowed) with rc 0, or the value; -1 when a
 * required one is missing. */
static int member(reader *rd, const json_t *obj, const char *key, need n, const json_t **out)
{
    *out = json_object_get(obj, key);
    if (!*out) {
        if (n == REQUIRED) {
            size_t was = enter(rd, "%s", key);
            int rc = fail(rd, "missing");
            leave(rd, was);
            return rc;
        }
        return 0;
    }
    if (json_is_null(*out)) {
        if (n == REQUIRED) {
            size_t was = enter(rd, "%s", key);
            int rc = fail(rd, "null where a value is needed");
            leave(rd, was);
            return rc;
        }
        *out = NULL;
    }
    return 0;
}

/* A number in [min, max]; NAN when absent or null (if allowed). */
static int get_number(reader *rd, const json_t *obj, const char *key, need n, double min,
                      double max, double *out)
{
    const json_t *v;
    *out = NAN;
    if (member(rd, obj, key, n, &v) != 0)
        return -1;
    if (!v)
        return 0;
    size_t was = enter(rd, "%s", key);
    int rc = 0;
    if (!json_is_number(v)) {
        rc = fail(rd, "a number is needed, not %s", kind(v));
    } else {
        const double x = json_number_value(v);
        if (!isfinite(x) || x < min || x > max)
            rc = fail(rd, "%g is out of range (%g..%g)", x, min, max);
        else
            *out = x;
    }
    leave(rd, was);
    return rc;
}

/* An integer in [min, max]; `absent` when absent or null (if allowed). */
static int get_int(reader *rd, const json_t *obj, const char *key, need n, long long min,
                   long long max, long long absent, long long *out)
{
    const json_t *v;
    *out = absent;
    if (member(rd, obj, key, n, &v) != 0)
        return -1;
    if (!v)
        return 0;
    size_t was = enter(rd, "%s", key);
    int rc = 0;
    if (!json_is_integer(v)) {
        rc = fail(rd, "an integer is needed, not %s", kind(v));
    } else {
        const json_int_t x = json_integer_value(v);
        if (x < min || x > max)
            rc = fail(rd, "%lld is out of range (%lld..%lld)", (long long)x, min, max);
        else
            *out = x;
    }
    leave(rd, was);
    return rc;
}

static int get_bool(reader *rd, const json_t *obj, const char *key, need n, bool *out)
{
    const json_t *v;
    *out = false;
    if (member(rd, obj, key, n, &v) != 0)
        return -1;
    if (!v)
        return 0;
    if (!json_is_boolean(v)) {
        size_t was = enter(rd, "%s", key);
        int rc = fail(rd, "true or false is needed, not %s", kind(v));
        leave(rd, was);
        return rc;
    }
    *out = json_is_true(v);
    return 0;
}

/* A string that fits out (cap bytes); "" when absent or null (if allowed). */
static int get_string(reader *rd, const json_t *obj, const char *key, need n, char *out, size_t cap)
{
    const json_t *v;
    out[0] = '\0';
    if (member(rd, obj, key, n, &v) != 0)
        return -1;
    if (!v)
        return 0;
    size_t was = enter(rd, "%s", key);
    int rc = 0;
    if (!json_is_string(v))
        rc = fail(rd, "a string is needed, not %s", kind(v));
    else if (json_string_length(v) >= cap)
        rc = fail(rd, "longer than %zu characters", cap - 1);
    else if (strlen(json_string_value(v)) != json_string_length(v))
        rc = fail(rd, "holds a NUL character");
    else
        snprintf(out, cap, "%s", json_string_value(v));
    leave(rd, was);
    return rc;
}

static int get_object(reader *rd, const json_t *obj, const char *key, need n, const json_t **out)
{
    if (member(rd, obj, key, n, out) != 0)
        return -1;
    if (*out && !json_is_object(*out)) {
        size_t was = enter(rd, "%s", key);
        int rc = fail(rd, "an object is needed, not %s", kind(*out));
        leave(rd, was);
        return rc;
    }
    return 0;
}

static int get_array(reader *rd, const json_t *obj, const char *key, need n, size_t max,
                     const json_t **out)
{
    if (member(rd, obj, key, n, out) != 0)
        return -1;
    if (!*out)
        return 0;
    size_t was = enter(rd, "%s", key);
    int rc = 0;
    if (!json_is_array(*out))
        rc = fail(rd, "an array is needed, not %s", kind(*out));
    else if (json_array_size(*out) > max)
        rc =
            fail(rd, "%zu entries, more than the %zu a tttop file has", json_array_size(*out), max);
    leave(rd, was);
    return rc;
}

/* Names: variants, events, tunables, layers. Printable, no spaces. */
static bool plain_name(const char *s)
{
    if (!s[0])
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              strchr("_.+-:", *p)))
            return false;
    return true;
}

static int read_machine(reader *rd, const json_t *root, report_machine *m)
{
    const json_t *obj, *caches, *fig;
    memset(m, 0, sizeof *m);
    m->mhz = m->nominal_peak = m->nominal_peak_per_core = NAN;
    m->peak_per_core = m->peak_all_cores = m->bw_one_thread = m->bw_all_threads = NAN;
    if (get_object(rd, root, "machine", REQUIRED, &obj) != 0)
        return -1;
    size_t was = enter(rd, "machine");
    long long cores, l1, l2, l3;
    int rc =
        get_string(rd, obj, "cpu_model", OPTIONAL, m->cpu_model, sizeof m->cpu_model) ||
        get_int(rd, obj, "cores", NULLABLE, 0, 1 << 20, 0, &cores) ||
        get_number(rd, obj, "mhz", NULLABLE, 0, 1e6, &m->mhz) ||
        get_string(rd, obj, "simd", NULLABLE, m->simd, sizeof m->simd) ||
        get_bool(rd, obj, "virtualized", NULLABLE, &m->virtualized) ||
        get_number(rd, obj, "peak_gflops_per_core", NULLABLE, 0, 1e9, &m->nominal_peak_per_core) ||
        get_number(rd, obj, "peak_gflops", NULLABLE, 0, 1e12, &m->nominal_peak) ||
        get_string(rd, obj, "openblas_core", NULLABLE, m->openblas_core, sizeof m->openblas_core) ||
        get_string(rd, obj, "openblas_config", NULLABLE, m->openblas_config,
                   sizeof m->openblas_config) ||
        get_string(rd, obj, "microkernel_isa", NULLABLE, m->microkernel_isa,
                   sizeof m->microkernel_isa) ||
        get_object(rd, obj, "cache_bytes", NULLABLE, &caches);
    if (rc == 0 && caches) {
        size_t was2 = enter(rd, "cache_bytes");
        rc = get_int(rd, caches, "l1d", NULLABLE, 0, 1ll << 40, 0, &l1) ||
             get_int(rd, caches, "l2", NULLABLE, 0, 1ll << 40, 0, &l2) ||
             get_int(rd, caches, "l3", NULLABLE, 0, 1ll << 40, 0, &l3);
        if (rc == 0) {
            m->l1d_bytes = (size_t)l1;
            m->l2_bytes = (size_t)l2;
            m->l3_bytes = (size_t)l3;
        }
        leave(rd, was2);
    }
    if (rc == 0)
        m->cores = (int)cores;
    /* the figures of `tttop machine` (report_figures_json), where the writer had them; a
     * file without them carries the nominal peak (clock x SIMD width) instead */
    if (rc == 0)
        rc = get_object(rd, obj, "figures", NULLABLE, &fig);
    if (rc == 0 && fig) {
        const json_t *peak = NULL, *bw = NULL;
        size_t was2 = enter(rd, "figures");
        rc = get_string(rd, fig, "measured_at", NULLABLE, m->figures_at, sizeof m->figures_at) ||
             get_object(rd, fig, "peak_gflops", NULLABLE, &peak) ||
             get_object(rd, fig, "bandwidth_gbs", NULLABLE, &bw);
        if (rc == 0 && peak) {
            size_t was3 = enter(rd, "peak_gflops");
            rc = get_string(rd, peak, "isa", NULLABLE, m->figures_isa, sizeof m->figures_isa) ||
                 get_number(rd, peak, "per_core", NULLABLE, 0, 1e9, &m->peak_per_core) ||
                 get_number(rd, peak, "all_cores", NULLABLE, 0, 1e12, &m->peak_all_cores);
            leave(rd, was3);
        }
        if (rc == 0 && bw) {
            size_t was3 = enter(rd, "bandwidth_gbs");
            rc = get_number(rd, bw, "one_thread", NULLABLE, 0, 1e9, &m->bw_one_thread) ||
                 get_number(rd, bw, "all_threads", NULLABLE, 0, 1e9, &m->bw_all_threads);
            leave(rd, was3);
        }
        m->measured = isfinite(m->peak_per_core) && isfinite(m->peak_all_cores);
        leave(rd, was2);
    }
    if (m->measured)
        m->nominal_peak = m->nominal_peak_per_core = NAN;
    leave(rd, was);
    return rc ? -1 : 0;
}

/* The run's event list: index of name, added when new. */
static int event_index(reader *rd, report_run *run, const char *name)
{
    for (int i = 0; i < run->nevents; i++)
        if (strcmp(run->events[i].name, name) == 0)
            return i;
    if (run->nevents == COUNTERS_MAX)
        return fail(rd, "more than %d events", COUNTERS_MAX);
    if (strlen(name) >= sizeof run->events[0].name || !plain_name(name))
        return fail(rd, "'%.40s' is not an event name", name);
    report_event *ev = &run->events[run->nevents];
    memset(ev, 0, sizeof *ev);
    snprintf(ev->name, sizeof ev->name, "%s", name);
    ev->software = strncmp(name, "perf::", 6) == 0;
    return run->nevents++;
}

static int read_counter_status(reader *rd, const json_t *root, report_run *run)
{
    const json_t *obj, *st;
    const char *name;
    if (get_string(rd, root, "counter_summary", NULLABLE, run->counter_summary,
                   sizeof run->counter_summary) != 0 ||
        get_object(rd, root, "counter_status", NULLABLE, &obj) != 0)
        return -1;
    if (!obj)
        return 0;
    json_object_foreach((json_t *)obj, name, st)
    {
        size_t was = enter(rd, "counter_status");
        int i = event_index(rd, run, name);
        size_t was2 = enter(rd, "%.60s", name);
        int rc = i < 0 ? -1 : 0;
        if (rc == 0 && !json_is_object(st))
            rc = fail(rd, "an object is needed, not %s", kind(st));
        if (rc == 0) {
            report_event *ev = &run->events[i];
            const bool named_software = ev->software; /* perf::..., when the file says nothing */
            rc = get_bool(rd, st, "available", REQUIRED, &ev->available) ||
                 get_bool(rd, st, "software", NULLABLE, &ev->software) ||
                 get_string(rd, st, "reason", NULLABLE, ev->reason, sizeof ev->reason) ||
                 get_string(rd, st, "fix", NULLABLE, ev->fix, sizeof ev->fix);
            if (!json_object_get(st, "software") || json_is_null(json_object_get(st, "software")))
                ev->software = named_software;
        }
        leave(rd, was2);
        leave(rd, was);
        if (rc)
            return -1;
    }
    return 0;
}

/* The variant index of a name: the registry's, or one past it per unknown name. */
static int variant_index(report_run *run, const char *name)
{
    int v = variant_find(name);
    if (v >= 0)
        return v;
    for (int i = 0; i < results_count(run->model); i++)
        if (strcmp(run->info[i].variant, name) == 0)
            return results_row(run->model, i)->s.exp.variant;
    return variants_count() + run->nunknown++;
}

static int read_tunables(reader *rd, const json_t *o, sample *s)
{
    const json_t *obj, *t;
    const char *name;
    if (get_object(rd, o, "tunables", NULLABLE, &obj) != 0)
        return -1;
    if (!obj)
        return 0;
    static const char *const sources[] = {
        [KNOB_UNUSED] = "unused", [KNOB_DEFAULT] = "default", [KNOB_MODEL] = "model",
        [KNOB_TUNED] = "tuned",   [KNOB_GIVEN] = "given",
    };
    size_t was = enter(rd, "tunables");
    int rc = 0;
    json_object_foreach((json_t *)obj, name, t)
    {
        size_t was2 = enter(rd, "%.40s", name);
        long long value;
        char source[16] = "";
        if (!json_is_object(t))
            rc = fail(rd, "an object is needed, not %s", kind(t));
        else
            rc = get_int(rd, t, "value", REQUIRED, 0, 1 << 30, 0, &value) ||
                 get_string(rd, t, "source", REQUIRED, source, sizeof source);
        int src = -1;
        for (int i = 0; rc == 0 && i < (int)(sizeof sources / sizeof sources[0]); i++)
            if (strcmp(source, sources[i]) == 0)
                src = i;
        if (rc == 0 && src < 0)
            rc = fail(rd, "source '%s' is not one of unused, default, model, tuned, given", source);
        /* a tunable this build does not know (a newer variant's) is left out */
        const int knob = rc == 0 ? variants_knob_find(name) : -1;
        if (knob >= 0) {
            s->knobs.value[knob] = (int)value;
            s->knobs.source[knob] = (knob_source)src;
        }
        leave(rd, was2);
        if (rc)
            break;
    }
    leave(rd, was);
    return rc ? -1 : 0;
}

static int read_counts(reader *rd, const json_t *obj, report_run *run, double *counts)
{
    const json_t *v;
    const char *name;
    for (int i = 0; i < COUNTERS_MAX; i++)
        counts[i] = NAN;
    if (!obj)
        return 0;
    json_object_foreach((json_t *)obj, name, v)
    {
        int i = event_index(rd, run, name);
        if (i < 0)
            return -1;
        size_t was = enter(rd, "%.60s", name);
        int rc = 0;
        if (json_is_number(v)) {
            double x = json_number_value(v);
            if (!(x >= 0 && x < 1e30))
                rc = fail(rd, "%g is out of range (a count)", x);
            counts[i] = x;
        } else if (!json_is_null(v)) {
            rc = fail(rd, "a count is needed, not %s", kind(v));
        }
        leave(rd, was);
        if (rc)
            return -1;
    }
    return 0;
}

static int read_layers(reader *rd, const json_t *o, report_run *run, profile *prof)
{
    const json_t *arr;
    memset(prof, 0, sizeof *prof);
    if (get_array(rd, o, "layers", NULLABLE, PROFILE_MAX_ENTRIES, &arr) != 0)
        return -1;
    for (size_t i = 0; arr && i < json_array_size(arr); i++) {
        const json_t *l = json_array_get(arr, i), *counts_obj;
        size_t was = enter(rd, "layers[%zu]", i);
        profile_entry *e = &prof->entries[prof->count];
        long long calls;
        int rc = json_is_object(l) ? 0 : fail(rd, "an object is needed, not %s", kind(l));
        rc = rc || get_string(rd, l, "name", REQUIRED, e->name, sizeof e->name) ||
             get_int(rd, l, "calls", REQUIRED, 0, 1ll << 40, 0, &calls) ||
             get_number(rd, l, "time_s", REQUIRED, 0, 1e9, &e->total_s) ||
             get_object(rd, l, "counters", NULLABLE, &counts_obj);
        if (rc == 0) {
            size_t was2 = enter(rd, "counters");
            rc = read_counts(rd, counts_obj, run, e->counts);
            leave(rd, was2);
        }
        if (rc == 0 && !plain_name(e->name))
            rc = fail(rd, "'%s' is not a section name", e->name);
        leave(rd, was);
        if (rc)
            return -1;
        e->calls = (long)calls;
        prof->count++;
    }
    return 0;
}

/* The simulated block's counts, as `tttop bench` writes them; its other members (the tool,
 * the cache geometry, the band, figures per FLOP) describe or derive from these. */
static bool sim_count_name(const char *name)
{
    static const char *const counts[] = {
        "instructions",    "l1d_accesses",     "l1d_reads",   "l1d_writes", "l1d_misses",
        "l1d_read_misses", "l1d_write_misses", "ll_accesses", "ll_misses",
    };
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++)
        if (strcmp(counts[i], name) == 0)
            return true;
    return false;
}

static int read_simulated(reader *rd, const json_t *o, report_row_info *info)
{
    const json_t *obj, *v;
    const char *name;
    if (get_object(rd, o, "simulated", NULLABLE, &obj) != 0)
        return -1;
    if (!obj)
        return 0;
    size_t was = enter(rd, "simulated");
    int rc = 0;
    json_object_foreach((json_t *)obj, name, v)
    {
        size_t was2 = enter(rd, "%.40s", name);
        /* the counts; the other members describe the run or derive from the counts */
        if (sim_count_name(name) && !json_is_number(v) && !json_is_null(v)) {
            rc = fail(rd, "a count or null is needed, not %s", kind(v));
        } else if (sim_count_name(name)) {
            const double x = json_is_null(v) ? NAN : json_number_value(v);
            if (!(isnan(x) || (x >= 0 && x < 1e30)))
                rc = fail(rd, "%g is out of range (a count)", x);
            else if (info->nsim == REPORT_SIM_MAX)
                rc = fail(rd, "more than %d simulated counts", REPORT_SIM_MAX);
            if (rc == 0) {
                snprintf(info->sim_name[info->nsim], REPORT_NAME_MAX, "%s", name);
                info->sim[info->nsim++] = x;
            }
        }
        leave(rd, was2);
        if (rc)
            break;
    }
    leave(rd, was);
    return rc ? -1 : 0;
}

/* counter_source: event -> "hardware", "software", "simulated" or null. Kept as the
 * strongest source named ("hardware" > "simulated" > "software"), for labels. */
static int read_counter_source(reader *rd, const json_t *o, report_row_info *info)
{
    static const char *const sources[] = {"software", "simulated", "hardware"};
    const json_t *obj = json_object_get(o, "counter_source"), *v;
    const char *name;
    info->counter_source[0] = '\0';
    if (!obj || json_is_null(obj))
        return 0;
    size_t was = enter(rd, "counter_source");
    if (!json_is_object(obj)) {
        fail(rd, "an object is needed, not %s", kind(obj));
        leave(rd, was);
        return -1;
    }
    int best = -1, rc = 0;
    json_object_foreach((json_t *)obj, name, v)
    {
        size_t was2 = enter(rd, "%.40s", name);
        int which = -1;
        for (int i = 0; json_is_string(v) && i < 3; i++)
            if (strcmp(json_string_value(v), sources[i]) == 0)
                which = i;
        if (!json_is_null(v) && which < 0)
            rc = fail(rd, "hardware, software, simulated or null is needed");
        leave(rd, was2);
        if (rc)
            break;
        if (which > best)
            best = which;
    }
    leave(rd, was);
    if (rc == 0 && best >= 0)
        snprintf(info->counter_source, sizeof info->counter_source, "%s", sources[best]);
    return rc ? -1 : 0;
}

static int read_check(reader *rd, const json_t *o, sample *s)
{
    char check[8];
    if (get_string(rd, o, "check", NULLABLE, check, sizeof check) != 0)
        return -1;
    if (!check[0])
        s->verdict = CHECK_NOT_RUN;
    else if (strcmp(check, "pass") == 0)
        s->verdict = CHECK_PASS;
    else if (strcmp(check, "fail") == 0)
        s->verdict = CHECK_FAIL;
    else {
        size_t was = enter(rd, "check");
        fail(rd, "'%s' is not pass, fail or null", check);
        leave(rd, was);
        return -1;
    }
    return get_number(rd, o, "max_rel_err", NULLABLE, 0, 1e300, &s->max_rel_err) ||
                   get_number(rd, o, "check_tolerance", NULLABLE, 0, 1, &s->tolerance) ||
                   get_bool(rd, o, "reference", OPTIONAL, &s->reference)
               ? -1
               : 0;
}

static int read_times(reader *rd, const json_t *o, sample *s)
{
    const json_t *t;
    if (get_object(rd, o, "time_s", REQUIRED, &t) != 0)
        return -1;
    size_t was = enter(rd, "time_s");
    int rc = get_number(rd, t, "min", REQUIRED, 1e-12, 1e7, &s->t_min) ||
             get_number(rd, t, "median", REQUIRED, 1e-12, 1e7, &s->t_median) ||
             get_number(rd, t, "max", REQUIRED, 1e-12, 1e7, &s->t_max);
    if (rc == 0 && !(s->t_min <= s->t_median && s->t_median <= s->t_max))
        rc =
            fail(rd, "min %g, median %g, max %g are not in order", s->t_min, s->t_median, s->t_max);
    leave(rd, was);
    s->t_last = s->t_median;
    return rc ? -1 : 0;
}

static int read_row(reader *rd, const json_t *o, report_run *run, result_row *row,
                    report_row_info *info)
{
    sample *s = &row->s;
    memset(row, 0, sizeof *row);
    memset(info, 0, sizeof *info);
    if (!json_is_object(o))
        return fail(rd, "an object is needed, not %s", kind(o));
    char workload[16];
    long long m, n, k, batch, threads, reps, workspace, steps;
    const json_t *counts_obj = NULL;
    if (get_string(rd, o, "workload", REQUIRED, workload, sizeof workload) ||
        get_string(rd, o, "variant", REQUIRED, info->variant, sizeof info->variant))
        return -1;
    workload_kind w;
    if (workload_parse(workload, &w) != 0) {
        size_t was = enter(rd, "workload");
        fail(rd, "'%s' is not matmul, net or train", workload);
        leave(rd, was);
        return -1;
    }
    if (!plain_name(info->variant)) {
        size_t was = enter(rd, "variant");
        fail(rd, "'%s' is not a variant name", info->variant);
        leave(rd, was);
        return -1;
    }
    const bool matmul = w == WORKLOAD_MATMUL;
    const need shape = matmul ? REQUIRED : NULLABLE;
    if (get_int(rd, o, "m", shape, 1, EXPERIMENT_MAX_SIZE, 0, &m) ||
        get_int(rd, o, "n", shape, 1, EXPERIMENT_MAX_SIZE, 0, &n) ||
        get_int(rd, o, "k", shape, 1, EXPERIMENT_MAX_SIZE, 0, &k) ||
        get_int(rd, o, "batch", matmul ? NULLABLE : REQUIRED, 1, EXPERIMENT_MAX_BATCH, 0, &batch) ||
        get_int(rd, o, "threads", REQUIRED, 1, 1 << 16, 1, &threads) ||
        get_int(rd, o, "reps", REQUIRED, 1, MEASURE_MAX_REPS, 1, &reps) ||
        get_int(rd, o, "workspace_bytes", NULLABLE, 0, 1ll << 50, 0, &workspace) ||
        get_int(rd, o, "steps", NULLABLE, 0, 1ll << 50, 0, &steps))
        return -1;
    s->exp = experiment_default();
    s->exp.workload = w;
    s->exp.variant = variant_index(run, info->variant);
    s->exp.m = (int)m;
    s->exp.n = (int)n;
    s->exp.k = (int)k;
    s->exp.batch = matmul ? 0 : (int)batch;
    /* threads are not part of the key: one file is one --threads, each row says its own */
    experiment_set_threads(&s->exp, 0);
    s->threads_used = (int)threads;
    s->reps = (int)reps;
    s->workspace_bytes = (size_t)workspace;
    s->step = (long)steps;
    s->nevents = run->nevents;
    if (read_tunables(rd, o, s) || read_times(rd, o, s) ||
        get_number(rd, o, "flops", NULLABLE, 0, 1e21, &s->flops) ||
        get_number(rd, o, "gflops", NULLABLE, 0, 1e12, &s->gflops) ||
        get_number(rd, o, "percent_of_peak", NULLABLE, 0, 1e6, &row->percent_of_peak) ||
        get_number(rd, o, "peak_gflops", NULLABLE, 0, 1e12, &row->peak_gflops) ||
        read_check(rd, o, s) ||
        get_number(rd, o, "slowdown_vs_openblas", NULLABLE, 0, 1e12, &row->slowdown_vs_reference) ||
        get_number(rd, o, "speedup_vs_naive", NULLABLE, 0, 1e12, &row->speedup_vs_baseline) ||
        get_string(rd, o, "isa", NULLABLE, info->isa, sizeof info->isa) ||
        get_string(rd, o, "data", NULLABLE, info->data, sizeof info->data) ||
        read_counter_source(rd, o, info) ||
        get_string(rd, o, "timestamp", NULLABLE, info->timestamp, sizeof info->timestamp) ||
        get_number(rd, o, "loss_start", NULLABLE, 0, 1e6, &s->loss_start) ||
        get_number(rd, o, "accuracy_start", NULLABLE, 0, 1, &s->accuracy_start) ||
        get_number(rd, o, "loss", NULLABLE, 0, 1e6, &s->loss) ||
        get_number(rd, o, "accuracy", NULLABLE, 0, 1, &s->accuracy) ||
        get_object(rd, o, "counters", NULLABLE, &counts_obj) || read_simulated(rd, o, info) ||
        read_layers(rd, o, run, &s->prof))
        return -1;
    size_t was = enter(rd, "counters");
    int rc = read_counts(rd, counts_obj, run, s->counts);
    leave(rd, was);
    if (rc)
        return -1;
    s->nevents = run->nevents;
    s->isa = info->isa[0] ? info->isa : NULL;
    row->nsamples = 1;
    row->best_s = s->t_min;
    row->median_s = s->t_median;
    return 0;
}

static void label_of(const char *name, char *out, size_t len)
{
    const char *slash = strrchr(name, '/');
    snprintf(out, len, "%s", slash && slash[1] ? slash + 1 : name);
}

void report_run_free(report_run *run)
{
    if (!run)
        return;
    results_free(run->model);
    free(run->info);
    memset(run, 0, sizeof *run);
}

int report_run_from_json(const json_t *root, const char *name, report_run *run, char *err,
                         size_t errlen)
{
    reader rd = {.file = name, .err = err, .errlen = errlen};
    memset(run, 0, sizeof *run);
    label_of(name, run->label, sizeof run->label);
    if (!json_is_object(root))
        return fail(&rd, "not a tttop results file (an object is needed, not %s)", kind(root));
    const json_t *list;
    if (get_array(&rd, root, "results", REQUIRED, REPORT_MAX_ROWS, &list) != 0)
        return -1;
    if (json_array_size(list) == 0)
        return fail(&rd, "results: empty: nothing was measured");
    run->model = results_create();
    run->info = calloc(json_array_size(list), sizeof *run->info);
    if (!run->model || !run->info) {
        report_run_free(run);
        return fail(&rd, "out of memory");
    }
    int rc = get_string(&rd, root, "tttop_version", NULLABLE, run->tttop_version,
                        sizeof run->tttop_version) ||
             get_string(&rd, root, "command", NULLABLE, run->command, sizeof run->command) ||
             read_machine(&rd, root, &run->machine) || read_counter_status(&rd, root, run);
    for (size_t i = 0; rc == 0 && i < json_array_size(list); i++) {
        result_row row;
        report_row_info *info = &run->info[i];
        size_t was = enter(&rd, "results[%zu]", i);
        rc = read_row(&rd, json_array_get(list, i), run, &row, info);
        leave(&rd, was);
        if (rc == 0 && !results_insert(run->model, &row))
            rc = fail(&rd, "out of memory");
    }
    /* rows read before a later row named a new event: their count of it is unknown */
    for (int i = 0; rc == 0 && i < results_count(run->model); i++)
        ((result_row *)results_row(run->model, i))->s.nevents = run->nevents;
    if (rc) {
        report_run_free(run);
        return -1;
    }
    return 0;
}

int report_run_parse(const char *text, size_t len, const char *name, report_run *run, char *err,
                     size_t errlen)
{
    json_error_t jerr;
    memset(run, 0, sizeof *run);
    json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        const bool cut = strstr(jerr.text, "end of file") || strstr(jerr.text, "premature");
        char raw[1024]; /* jansson quotes the text near the error: escaped onto one line */
        snprintf(raw, sizeof raw, "%s: not JSON%s: line %d column %d: %s", name,
                 cut ? " (truncated?)" : "", jerr.line, jerr.column, jerr.text);
        format_one_line(err, errlen, raw);
        return -1;
    }
    int rc = report_run_from_json(root, name, run, err, errlen);
    json_decref(root);
    return rc;
}

int report_run_read(const char *path, report_run *run, char *err, size_t errlen)
{
    memset(run, 0, sizeof *run);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: not a regular file", path);
        close(fd);
        return -1;
    }
    if (st.st_size > (off_t)REPORT_MAX_FILE_BYTES) {
        snprintf(err, errlen, "%s: %lld bytes, larger than a tttop results file (%u MiB at most)",
                 path, (long long)st.st_size, REPORT_MAX_FILE_BYTES >> 20);
        close(fd);
        return -1;
    }
    char *text = malloc((size_t)st.st_size + 1);
    size_t used = 0;
    ssize_t got = 1;
    while (text && used < (size_t)st.st_size && got > 0) {
        got = read(fd, text + used, (size_t)st.st_size - used);
        if (got > 0)
            used += (size_t)got;
    }
    int saved = errno;
    close(fd);
    if (!text || got < 0) {
        snprintf(err, errlen, "%s: %s", path, text ? strerror(saved) : "out of memory");
        free(text);
        return -1;
    }
    int rc = report_run_parse(text, used, path, run, err, errlen);
    if (rc == 0)
        snprintf(run->source, sizeof run->source, "%s", path);
    free(text);
    return rc;
}

const char *report_run_variant(const report_run *run, int row)
{
    return row >= 0 && row < results_count(run->model) ? run->info[row].variant : "?";
}

bool report_same_setting(const experiment *a, const experiment *b)
{
    if (a->workload != b->workload)
        return false;
    if (a->workload == WORKLOAD_MATMUL)
        return a->m == b->m && a->n == b->n && a->k == b->k;
    return a->batch == b->batch;
}

const result_row *report_run_find(const report_run *run, const experiment *like,
                                  const char *variant, int *index)
{
    for (int i = 0; i < results_count(run->model); i++) {
        const result_row *row = results_row(run->model, i);
        if (report_same_setting(&row->s.exp, like) && strcmp(run->info[i].variant, variant) == 0) {
            if (index)
                *index = i;
            return row;
        }
    }
    return NULL;
}
