/* `tttop machine`: this machine's peak FLOP/s and memory bandwidth, measured once (the
 * long measurement) and cached; the cached figures are shown without measuring again
 * unless --remeasure is given or only the dashboard's quick figures are cached. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "machine/figures.h"
#include "machine/hostinfo.h"
#include "machine/peak.h"
#include "report/format.h"
#include "report/report.h"
#include "store/atomic_file.h"
#include "store/figures_cache.h"
#include "store/output.h"
#include "store/paths.h"
#include "store/tuning.h"

static void print_table(const machine_figures *f, bool cached, const char *path)
{
    const hostinfo *h = hostinfo_get();
    const int cores = f->cores > 0 ? f->cores : h->cores;
    char a[32], b[32], machine[160];
    tuning_machine_key(machine, sizeof machine);
    printf("%s: measured %s (%s)%s%s\n\n", machine, f->measured_at, f->full ? "full" : "quick",
           cached ? ", cached in " : "", cached ? path : "");
    printf("peak double-precision GFLOP/s (independent FMAs over each thread's CPU time)\n");
    char all[32];
    snprintf(all, sizeof all, "%d %s", cores, cores == 1 ? "core" : "cores");
    printf("  %-10s %8s %14s\n", "isa", "1 core", all);
    for (int i = 0; i < f->nisa; i++) {
        format_gflops(a, sizeof a, f->by_isa[i].per_core);
        format_gflops(b, sizeof b, f->by_isa[i].all_cores);
        printf("  %-10s %8s %14s%s\n", f->by_isa[i].name, a, b,
               strcmp(f->by_isa[i].name, f->isa) == 0 ? "   <- best" : "");
    }
    char size[32];
    format_bytes(size, sizeof size, f->triad_bytes);
    printf("\nmemory bandwidth GB/s (triad a = b*c + d over %s, 32 bytes an element)\n", size);
    format_gflops(a, sizeof a, f->bw_one_thread);
    format_gflops(b, sizeof b, f->bw_all_threads);
    printf("  %-10s %8s\n  %d %-8s %8s\n", "1 thread", a, cores, cores == 1 ? "thread" : "threads",
           b);
    if (f->bw_one_thread > 0 && f->bw_all_threads > 0)
        printf("\nridge point: %.3g FLOP/byte on 1 core, %.3g on %d (peak / bandwidth)\n",
               f->peak_per_core / f->bw_one_thread, f->peak_all_cores / f->bw_all_threads, cores);
    char l1[16], l2[16], l3[16];
    format_size_short(l1, sizeof l1, h->l1d_bytes);
    format_size_short(l2, sizeof l2, h->l2_bytes);
    format_size_short(l3, sizeof l3, h->l3_bytes);
    printf("caches: L1d %s, L2 %s, L3 %s, line %zu B\n", l1, l2, l3, h->line_bytes);
}

static int print_json(const machine_figures *f, bool cached, const char *path)
{
    json_t *o = report_figures_json(f);
    json_object_set_new(o, "cached", json_boolean(cached));
    json_object_set_new(o, "cache_file", path[0] ? json_string(path) : json_null());
    int rc = json_dumpf(o, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
    json_decref(o);
    return rc == 0 && putchar('\n') != EOF ? 0 : -1;
}

int machine_main(int argc, char **argv)
{
    cli o;
    char err[512] = "", path[4096] = "";
    int rc = cli_parse(FACE_MACHINE, argc, argv, &o, err, sizeof err);
    if (rc != 0) {
        int status = cli_exit_status(FACE_MACHINE, rc, err);
        cli_free(&o);
        return status;
    }
    atomic_file_remove_on_signals();
    paths_config_file(FIGURES_CACHE_FILE, path, sizeof path);
    machine_figures f;
    const int loaded = figures_cache_load(NULL, &f, err, sizeof err);
    bool cached = loaded == 0 && f.full && !o.remeasure;
    if (loaded < 0)
        fprintf(stderr, "tttop machine: %s; measuring again\n", err);
    else if (loaded == 0 && !f.full && !o.remeasure)
        fprintf(stderr, "tttop machine: only a quick measurement (the dashboard's or bench's) "
                        "is cached; measuring fully\n");
    int status = 0;
    if (!cached) {
        if (isatty(STDERR_FILENO))
            fprintf(stderr, "measuring peak FLOP/s and memory bandwidth (a few seconds)...\n");
        if (figures_measure(&figures_full, &f, NULL, err, sizeof err) != 0) {
            fprintf(stderr, "tttop machine: %s\n", err);
            cli_free(&o);
            return 1;
        }
        if (figures_cache_save(NULL, &f, err, sizeof err) != 0) {
            fprintf(stderr, "tttop machine: not cached: %s\n", err);
            path[0] = '\0';
            status = 1;
        }
    }
    machine_figures_use(&f);
    if (o.format == 2) {
        if (print_json(&f, cached, path) != 0)
            status = 1;
    } else {
        print_table(&f, cached, path);
    }
    if (output_close_stdout(err, sizeof err) != 0) {
        fprintf(stderr, "tttop machine: %s\n", err);
        status = 1;
    }
    cli_free(&o);
    return status;
}
