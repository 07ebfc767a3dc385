/* JSON through jansson, so that escaping and numbers are right. Unknown values are null. */
#include "report/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/version.h"
#include "counters/counter_source.h"
#include "counters/metrics.h"
#include "machine/hostinfo.h"
#include "machine/peak.h"
#include "net/dataset.h"

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

static json_t *counters_json(const double *counts, const report_counters *c)
{
    json_t *obj = json_object();
    for (int i = 0; c && i < c->nevents; i++)
        json_object_set_new(obj, c->events[i].name, count_or_null(counts[i]));
    return obj;
}

/* Where each count of a result came from: the set's events, then the simulated ones. */
static json_t *counter_source_json(const result_row *row, const report_counters *c)
{
    json_t *obj = json_object();
    for (int i = 0; c && i < c->nevents; i++) {
        const char *src = counter_source_of(&c->events[i], row->s.counts[i], &row->sim);
        json_object_set_new(obj, c->events[i].name, src ? json_string(src) : json_null());
    }
    const char *names[8];
    const int n = row->sim.valid ? counter_source_simulated_names(&row->sim, names, 8) : 0;
    for (int i = 0; i < n; i++)
        if (!json_object_get(obj, names[i]))
            json_object_set_new(obj, names[i], json_string("simulated"));
    return obj;
}

static json_t *cache_json(const sim_cache *sc)
{
    json_t *o = json_object();
    json_object_set_new(o, "bytes", json_integer((json_int_t)sc->bytes));
    json_object_set_new(o, "ways", json_integer(sc->ways));
    json_object_set_new(o, "line", json_integer(sc->line));
    return o;
}

void report_sim_band(const sim_counts *sim, char *buf, size_t len)
{
    if (sim->small_rows > 0)
        snprintf(buf, len, "rows 0-%d and 0-%d of %d, extrapolated%s", sim->small_rows - 1,
                 sim->band_rows - 1, sim->rows, sim->part_block ? " (part of a row block)" : "");
    else
        snprintf(buf, len, "all %d rows", sim->rows);
}

json_t *report_simulated_json(const result_row *row)
{
    const sim_counts *sim = &row->sim;
    if (!sim->valid)
        return json_null();
    const sim_geometry *g = &sim->geometry;
    json_t *o = json_object();
    json_object_set_new(o, "tool", json_string(sim->tool));
    json_t *caches = json_object();
    json_object_set_new(caches, "I1", cache_json(&g->i1));
    json_object_set_new(caches, "D1", cache_json(&g->d1));
    json_t *ll = cache_json(&g->ll);
    json_object_set_new(ll, "level", json_integer(g->ll_level));
    json_object_set_new(caches, "LL", ll);
    json_object_set_new(caches, "note", g->note[0] ? json_string(g->note) : json_null());
    json_object_set_new(o, "caches", caches);
    char band[96];
    report_sim_band(sim, band, sizeof band);
    json_object_set_new(o, "band_rows", json_integer(sim->band_rows));
    json_object_set_new(o, "band_small_rows",
                        sim->small_rows > 0 ? json_integer(sim->small_rows) : json_null());
    json_object_set_new(o, "rows", json_integer(sim->rows));
    json_object_set_new(o, "band", json_string(band));
    json_object_set_new(o, "threads", json_integer(sim->threads));
    json_object_set_new(o, "isa", sim->isa[0] ? json_string(sim->isa) : json_null());
    json_object_set_new(o, "caches_start", json_string("cold"));
    json_object_set_new(o, "instructions", count_or_null(round(sim->instructions)));
    json_object_set_new(o, "l1d_accesses", count_or_null(round(sim->l1d_accesses)));
    json_object_set_new(o, "l1d_reads", count_or_null(round(sim->l1d_reads)));
    json_object_set_new(o, "l1d_writes", count_or_null(round(sim->l1d_writes)));
    json_object_set_new(o, "l1d_misses", count_or_null(round(sim->l1d_misses)));
    json_object_set_new(o, "l1d_read_misses", count_or_null(round(sim->l1d_read_misses)));
    json_object_set_new(o, "l1d_write_misses", count_or_null(round(sim->l1d_write_misses)));
    json_object_set_new(o, "ll_accesses", count_or_null(round(sim->ll_accesses)));
    json_object_set_new(o, "ll_misses", count_or_null(round(sim->ll_misses)));
    metrics m;
    metrics_compute_sim(NULL, 0, NULL, sim, sim->flops, experiment_min_bytes(&row->s.exp), NAN, &m);
    json_t *per = json_object();
    json_object_set_new(per, "instructions",
                        number_or_null(sim->flops > 0 ? sim->instructions / sim->flops : NAN));
    json_object_set_new(per, "l1d_accesses",
                        number_or_null(sim->flops > 0 ? sim->l1d_accesses / sim->flops : NAN));
    json_object_set_new(per, "l1d_misses",
                        number_or_null(m.l1_per_flop.has ? m.l1_per_flop.value : NAN));
    json_object_set_new(per, "ll_misses",
                        number_or_null(m.llc_per_flop.has ? m.llc_per_flop.value : NAN));
    json_object_set_new(o, "per_flop", per);
    json_object_set_new(o, "l1d_miss_ratio",
                        number_or_null(m.l1_miss_ratio.has ? m.l1_miss_ratio.value : NAN));
    json_object_set_new(o, "bytes_from_memory",
                        number_or_null(m.mem_bytes.has ? m.mem_bytes.value : NAN));
    json_object_set_new(o, "arithmetic_intensity",
                        number_or_null(m.ai_counted.has ? m.ai_counted.value : NAN));
    json_object_set_new(o, "seconds", number_or_null(sim->seconds));
    return o;
}

static json_t *layers_json(const sample *s, const report_counters *c)
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
        json_object_set_new(layer, "counters", counters_json(e->counts, c));
        json_array_append_new(arr, layer);
    }
    return arr;
}

static const char *verdict_name(check_verdict v)
{
    return v == CHECK_PASS ? "pass" : v == CHECK_FAIL ? "fail" : NULL;
}

static json_t *tunables_json(const sample *s)
{
    static const char *const sources[] = {
        [KNOB_UNUSED] = "unused", [KNOB_DEFAULT] = "default", [KNOB_MODEL] = "model",
        [KNOB_TUNED] = "tuned",   [KNOB_GIVEN] = "given",
    };
    json_t *obj = json_object();
    for (int i = 0; i < variant_tunable_count(s->exp.variant); i++) {
        const variant_tunable *t = variant_tunable_at(s->exp.variant, i);
        json_t *one = json_object();
        json_object_set_new(one, "value", json_integer(s->knobs.value[t->knob]));
        json_object_set_new(one, "source", json_string(sources[s->knobs.source[t->knob]]));
        json_object_set_new(obj, t->name, one);
    }
    return obj;
}

/* ISO 8601 in UTC with milliseconds, or null. */
static json_t *timestamp_json(double epoch)
{
    if (!(epoch > 0))
        return json_null();
    time_t secs = (time_t)epoch;
    struct tm tm;
    char text[64];
    if (!gmtime_r(&secs, &tm) || !strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm))
        return json_null();
    char full[80];
    snprintf(full, sizeof full, "%s.%03dZ", text, (int)((epoch - (double)secs) * 1000.0));
    return json_string(full);
}

json_t *report_result_json(const result_row *row, const report_counters *c)
{
    const sample *s = &row->s;
    const experiment *e = &s->exp;
    const bool matmul = e->workload == WORKLOAD_MATMUL;
    const int block_knob = variants_knob_find("block");
    json_t *o = json_object();
    json_object_set_new(o, "workload", json_string(workload_name(e->workload)));
    json_object_set_new(o, "variant", json_string(variant_name(e->variant)));
    json_object_set_new(o, "m", matmul ? json_integer(e->m) : json_null());
    json_object_set_new(o, "n", matmul ? json_integer(e->n) : json_null());
    json_object_set_new(o, "k", matmul ? json_integer(e->k) : json_null());
    if (!matmul)
        json_object_set_new(o, "batch", json_integer(e->batch));
    json_object_set_new(o, "block",
                        block_knob >= 0 && s->knobs.source[block_knob] != KNOB_UNUSED
                            ? json_integer(s->knobs.value[block_knob])
                            : json_null());
    json_object_set_new(o, "threads", json_integer(s->threads_used));
    json_object_set_new(o, "tunables", tunables_json(s));
    if (s->isa)
        json_object_set_new(o, "isa", json_string(s->isa));
    json_object_set_new(o, "reps", json_integer(s->reps));
    json_t *t = json_object();
    json_object_set_new(t, "min", number_or_null(s->t_min));
    json_object_set_new(t, "median", number_or_null(s->t_median));
    json_object_set_new(t, "max", number_or_null(s->t_max));
    json_object_set_new(o, "time_s", t);
    json_object_set_new(o, "flops", number_or_null(s->flops));
    json_object_set_new(o, "gflops", number_or_null(s->gflops));
    json_object_set_new(o, "percent_of_peak", number_or_null(row->percent_of_peak));
    json_object_set_new(o, "peak_gflops", number_or_null(row->peak_gflops));
    /* analytic: 2mnk over the minimum traffic 8(mk+kn+mn); counted: over the last-level
     * misses' lines, where the PMU counts them */
    double bytes = experiment_min_bytes(e);
    json_object_set_new(o, "arithmetic_intensity",
                        number_or_null(bytes > 0 ? s->flops / bytes : NAN));
    metrics m;
    metrics_compute_events(c ? c->events : NULL, c ? c->nevents : 0, s->counts, s->flops, bytes,
                           s->t_median, &m);
    json_object_set_new(o, "arithmetic_intensity_counted",
                        m.ai_counted.has ? number_or_null(m.ai_counted.value) : json_null());
    json_object_set_new(o, "max_rel_err", number_or_null(s->max_rel_err));
    const char *verdict = verdict_name(s->verdict);
    json_object_set_new(o, "check", verdict ? json_string(verdict) : json_null());
    json_object_set_new(o, "check_tolerance", number_or_null(s->tolerance));
    json_object_set_new(o, "reference", json_boolean(s->reference));
    json_object_set_new(o, "slowdown_vs_openblas", number_or_null(row->slowdown_vs_reference));
    json_object_set_new(o, "speedup_vs_naive", number_or_null(row->speedup_vs_baseline));
    json_object_set_new(o, "workspace_bytes", json_integer((json_int_t)s->workspace_bytes));
    json_object_set_new(o, "counters", counters_json(s->counts, c));
    json_object_set_new(o, "counter_source", counter_source_json(row, c));
    json_object_set_new(o, "simulated", report_simulated_json(row));
    json_object_set_new(o, "counts_cover",
                        json_string(s->threads_used > 1 ? "calling thread only" : "all work"));
    if (!matmul) {
        json_object_set_new(o, "data", json_string(dataset_in_use_name()));
        json_object_set_new(o, "layers", layers_json(s, c));
    }
    if (e->workload == WORKLOAD_TRAIN) {
        json_object_set_new(o, "loss_start", number_or_null(s->loss_start));
        json_object_set_new(o, "accuracy_start", number_or_null(s->accuracy_start));
        json_object_set_new(o, "loss", number_or_null(s->loss));
        json_object_set_new(o, "accuracy", number_or_null(s->accuracy));
        json_object_set_new(o, "steps", json_integer(s->step));
    }
    json_object_set_new(o, "timestamp", timestamp_json(s->finished_at));
    return o;
}

/* The host's cache sizes in bytes, null where unknown; with the line size when asked. */
static json_t *host_caches_json(const hostinfo *h, bool with_line)
{
    static const char *const names[] = {"l1d", "l2", "l3", "line"};
    const size_t bytes[] = {h->l1d_bytes, h->l2_bytes, h->l3_bytes, h->line_bytes};
    json_t *caches = json_object();
    for (int i = 0; i < (with_line ? 4 : 3); i++)
        json_object_set_new(caches, names[i],
                            bytes[i] ? json_integer((json_int_t)bytes[i]) : json_null());
    return caches;
}

json_t *report_machine_json(void)
{
    const hostinfo *h = hostinfo_get();
    json_t *m = json_object();
    json_object_set_new(m, "cpu_model", json_string(h->cpu_model));
    json_object_set_new(m, "cores", json_integer(h->cores));
    json_object_set_new(m, "cache_bytes", host_caches_json(h, false));
    json_object_set_new(m, "mhz", h->mhz > 0 ? json_real(h->mhz) : json_null());
    json_object_set_new(m, "simd", json_string(h->simd ? h->simd : "?"));
    machine_figures f;
    const bool measured = machine_figures_now(&f) == FIGURES_READY;
    json_object_set_new(m, "peak_gflops_per_core",
                        measured ? number_or_null(f.peak_per_core) : json_null());
    json_object_set_new(m, "peak_gflops",
                        measured ? number_or_null(f.peak_all_cores) : json_null());
    json_object_set_new(m, "figures", measured ? report_figures_json(&f) : json_null());
    json_object_set_new(m, "virtualized", json_boolean(h->virtualized));
    json_object_set_new(m, "openblas_core", json_string(h->blas_core));
    json_object_set_new(m, "openblas_config", json_string(h->blas_config));
    json_object_set_new(m, "microkernel_isa", json_string(variants_best_isa()));
    return m;
}

json_t *report_figures_json(const machine_figures *f)
{
    const hostinfo *h = hostinfo_get();
    json_t *o = json_object();
    json_object_set_new(o, "cpu_model", json_string(h->cpu_model));
    json_object_set_new(o, "cores", json_integer(f->cores > 0 ? f->cores : h->cores));
    json_t *peak = json_object();
    json_object_set_new(peak, "per_core", number_or_null(f->peak_per_core));
    json_object_set_new(peak, "all_cores", number_or_null(f->peak_all_cores));
    json_object_set_new(peak, "isa", json_string(f->isa));
    json_object_set_new(o, "peak_gflops", peak);
    json_t *by_isa = json_object(), *all_by_isa = json_object();
    for (int i = 0; i < f->nisa && i < FIGURES_MAX_ISA; i++) {
        json_object_set_new(by_isa, f->by_isa[i].name, number_or_null(f->by_isa[i].per_core));
        json_object_set_new(all_by_isa, f->by_isa[i].name, number_or_null(f->by_isa[i].all_cores));
    }
    json_object_set_new(o, "peak_by_isa", by_isa);
    json_object_set_new(o, "peak_all_cores_by_isa", all_by_isa);
    json_t *bw = json_object();
    json_object_set_new(bw, "one_thread", number_or_null(f->bw_one_thread));
    json_object_set_new(bw, "all_threads", number_or_null(f->bw_all_threads));
    json_object_set_new(o, "bandwidth_gbs", bw);
    json_object_set_new(o, "caches", host_caches_json(h, true));
    json_object_set_new(o, "measured_at", json_string(f->measured_at));
    json_object_set_new(o, "method", json_string(f->full ? "full" : "quick"));
    json_t *how = json_object();
    json_object_set_new(how, "peak",
                        json_string("independent FMAs (12 accumulators), 2 FLOPs per "
                                    "lane, over the thread's CPU time; best repeat"));
    json_object_set_new(how, "triad",
                        json_string("a[i] = b[i] * c[i] + d[i], 32 bytes per element "
                                    "counted (write-allocate not), median of "
                                    "unpreempted chunks"));
    json_object_set_new(how, "triad_bytes", number_or_null(f->triad_bytes));
    json_object_set_new(o, "method_details", how);
    return o;
}

json_t *report_counter_status_json(const report_counters *c)
{
    json_t *obj = json_object();
    for (int i = 0; c && i < c->nevents; i++) {
        const counter_event *ev = &c->events[i];
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

json_t *report_json_document(const results *r, const report_counters *c)
{
    json_t *root = json_object();
    json_object_set_new(root, "tttop_version", json_string(tttop_version()));
    json_object_set_new(root, "machine", report_machine_json());
    json_object_set_new(root, "counter_summary", json_string(c && c->summary ? c->summary : ""));
    json_object_set_new(root, "counter_status", report_counter_status_json(c));
    json_object_set_new(root, "simulation",
                        c && c->simulation ? json_string(c->simulation) : json_null());
    json_t *list = json_array();
    for (int i = 0; i < results_count(r); i++)
        json_array_append_new(list, report_result_json(results_row(r, i), c));
    json_object_set_new(root, "results", list);
    return root;
}

int report_write_json(const results *r, const report_counters *c, FILE *out)
{
    json_t *root = report_json_document(r, c);
    int rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
    json_decref(root);
    if (rc == 0 && fputc('\n', out) == EOF)
        rc = -1;
    return rc == 0 && !ferror(out) ? 0 : -1;
}
