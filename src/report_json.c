/* JSON through jansson, so that escaping and numbers are right. Unknown values are null. */
#include "report.h"

#include <math.h>
#include <string.h>

#include "hostinfo.h"

static json_t *number_or_null(double v)
{
    return isfinite(v) ? json_real(v) : json_null();
}

static json_t *count_or_null(double v)
{
    if (!isfinite(v))
        return json_null();
    /* Counts are integers per call; an average over repetitions may not be. */
    return v == floor(v) && fabs(v) < 9e15 ? json_integer((json_int_t)v) : json_real(v);
}

static json_t *counters_json(const double *counts, const counter_event *events, int nevents)
{
    json_t *obj = json_object();
    for (int i = 0; i < nevents; i++)
        json_object_set_new(obj, events[i].name, count_or_null(counts[i]));
    return obj;
}

static json_t *layers_json(const sample *s, const counter_event *events, int nevents)
{
    json_t *arr = json_array();
    const profile *p = &s->prof;
    for (int i = 0; i < p->count; i++) {
        const profile_entry *e = &p->entries[i];
        json_t *layer = json_object();
        json_object_set_new(layer, "name", json_string(e->name));
        json_object_set_new(layer, "calls", json_integer(e->calls));
        json_object_set_new(layer, "time_s", number_or_null(e->total_s));
        json_object_set_new(layer, "time_per_call_s",
                            number_or_null(e->calls ? e->total_s / e->calls : NAN));
        json_object_set_new(layer, "share", number_or_null(profile_share(p, i)));
        json_object_set_new(layer, "counters", counters_json(e->counts, events, nevents));
        json_array_append_new(arr, layer);
    }
    return arr;
}

static const char *verdict_name(check_verdict v)
{
    return v == CHECK_PASS ? "pass" : v == CHECK_FAIL ? "fail" : NULL;
}

json_t *report_result_json(const report_row *row, const counter_event *events, int nevents)
{
    const sample *s = &row->s;
    const experiment *e = &s->exp;
    const kernel_info *kinfo = kernel_at(e->variant);
    const bool matmul = e->workload == WORKLOAD_MATMUL;
    json_t *o = json_object();
    json_object_set_new(o, "workload", json_string(workload_name(e->workload)));
    json_object_set_new(o, "variant", json_string(kinfo ? kinfo->name : "?"));
    json_object_set_new(o, "m", matmul ? json_integer(e->m) : json_null());
    json_object_set_new(o, "n", matmul ? json_integer(e->n) : json_null());
    json_object_set_new(o, "k", matmul ? json_integer(e->k) : json_null());
    if (!matmul)
        json_object_set_new(o, "batch", json_integer(e->batch));
    int block = e->tun.block > 0 ? e->tun.block : KERNEL_DEFAULT_BLOCK;
    json_object_set_new(o, "block",
                        kinfo && (kinfo->tunables & KERNEL_USES_BLOCK) ? json_integer(block)
                                                                       : json_null());
    json_object_set_new(o, "threads", json_integer(s->threads_used));
    if (kinfo && strcmp(kinfo->name, "microkernel") == 0)
        json_object_set_new(o, "isa", json_string(kernel_microkernel_isa(&e->tun)));
    json_object_set_new(o, "reps", json_integer(s->reps));
    json_t *t = json_object();
    json_object_set_new(t, "min", number_or_null(s->t_min));
    json_object_set_new(t, "median", number_or_null(s->t_median));
    json_object_set_new(t, "max", number_or_null(s->t_max));
    json_object_set_new(o, "time_s", t);
    json_object_set_new(o, "flops", number_or_null(s->flops));
    json_object_set_new(o, "gflops", number_or_null(s->gflops));
    json_object_set_new(o, "max_rel_err", number_or_null(s->max_rel_err));
    const char *verdict = verdict_name(s->verdict);
    json_object_set_new(o, "check", verdict ? json_string(verdict) : json_null());
    json_object_set_new(o, "slowdown_vs_openblas", number_or_null(row->slowdown_vs_openblas));
    json_object_set_new(o, "speedup_vs_naive", number_or_null(row->speedup_vs_naive));
    json_object_set_new(o, "workspace_bytes", json_integer((json_int_t)s->workspace_bytes));
    json_object_set_new(o, "counters", counters_json(s->counts, events, nevents));
    json_object_set_new(o, "counts_cover",
                        json_string(s->threads_used > 1 ? "calling thread only" : "all work"));
    if (!matmul)
        json_object_set_new(o, "layers", layers_json(s, events, nevents));
    if (e->workload == WORKLOAD_TRAIN) {
        json_object_set_new(o, "loss_start", number_or_null(s->loss_start));
        json_object_set_new(o, "accuracy_start", number_or_null(s->accuracy_start));
        json_object_set_new(o, "loss", number_or_null(s->loss));
        json_object_set_new(o, "accuracy", number_or_null(s->accuracy));
        json_object_set_new(o, "steps", json_integer(s->step));
    }
    return o;
}

json_t *report_machine_json(void)
{
    const hostinfo *h = hostinfo_get();
    json_t *m = json_object();
    json_object_set_new(m, "cpu_model", json_string(h->cpu_model));
    json_object_set_new(m, "cores", json_integer(h->cores));
    json_t *caches = json_object();
    json_object_set_new(caches, "l1d", h->l1d_bytes ? json_integer((json_int_t)h->l1d_bytes)
                                                    : json_null());
    json_object_set_new(caches, "l2", h->l2_bytes ? json_integer((json_int_t)h->l2_bytes)
                                                  : json_null());
    json_object_set_new(caches, "l3", h->l3_bytes ? json_integer((json_int_t)h->l3_bytes)
                                                  : json_null());
    json_object_set_new(m, "cache_bytes", caches);
    json_object_set_new(m, "mhz", h->mhz > 0 ? json_real(h->mhz) : json_null());
    json_object_set_new(m, "simd", json_string(h->simd ? h->simd : "?"));
    json_object_set_new(m, "flops_per_cycle", json_integer(h->flops_per_cycle));
    json_object_set_new(m, "peak_gflops_per_core",
                        h->peak_gflops > 0 ? json_real(h->peak_gflops) : json_null());
    json_object_set_new(m, "peak_gflops",
                        h->peak_gflops > 0 ? json_real(h->peak_gflops * h->cores) : json_null());
    json_object_set_new(m, "virtualized", json_boolean(h->virtualized));
    json_object_set_new(m, "openblas_core", json_string(h->blas_core));
    json_object_set_new(m, "openblas_config", json_string(h->blas_config));
    json_object_set_new(m, "microkernel_isa",
                        json_string(h->microkernel_isa ? h->microkernel_isa : "?"));
    return m;
}

json_t *report_counter_status_json(const counter_event *events, int nevents)
{
    json_t *obj = json_object();
    for (int i = 0; i < nevents; i++) {
        const counter_event *ev = &events[i];
        json_t *st = json_object();
        json_object_set_new(st, "available", json_boolean(ev->available));
        json_object_set_new(st, "software", json_boolean(ev->software));
        json_object_set_new(st, "reason", ev->reason ? json_string(ev->reason) : json_null());
        json_object_set_new(st, "fix", ev->fix ? json_string(ev->fix) : json_null());
        json_object_set_new(st, "group", ev->group >= 0 ? json_integer(ev->group) : json_null());
        json_object_set_new(obj, ev->name, st);
    }
    return obj;
}

int report_write_json(const report *r, FILE *out)
{
    json_t *root = json_object();
    json_object_set_new(root, "tttop_version", json_string(TTTOP_VERSION));
    json_object_set_new(root, "machine", report_machine_json());
    json_object_set_new(root, "counter_summary",
                        json_string(r->counter_summary ? r->counter_summary : ""));
    json_object_set_new(root, "counter_status",
                        report_counter_status_json(r->events, r->nevents));
    json_t *results = json_array();
    for (int i = 0; i < r->count; i++)
        json_array_append_new(results, report_result_json(&r->rows[i], r->events, r->nevents));
    json_object_set_new(root, "results", results);
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    json_decref(root);
    if (rc == 0 && fputc('\n', out) == EOF)
        rc = -1;
    return rc;
}
