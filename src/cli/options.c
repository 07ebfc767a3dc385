#include "cli/options.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/parse.h"
#include "counters/counter_source.h"
#include "counters/counters.h"
#include "report/format.h"

const char *const cli_format_names[3] = {"table", "csv", "json"};

#define DELAY_MAX 600
#define MIN_TIME_MAX 3600.0
#define AUTO_MAX 3600.0

typedef struct option_spec {
    cli_opt id;
    const char *name; /* long name */
    int letter;       /* short name, 0 = none */
    const char *arg;  /* NULL: a flag */
    unsigned faces;
    const char *help; /* may hold "\n" for continuation lines */
} option_spec;

/* One line per (option, faces) pair: an option whose meaning differs between faces (a
 * list in bench, one value in the dashboard) has one line per meaning. */
static const option_spec specs[] = {
    {OPT_WORKLOAD, "workload", 'w', "W", FACE_DASHBOARD | FACE_BENCH,
     "matmul (default), net (forward pass) or train\n(one SGD step)"},
    {OPT_VARIANT, "variant", 'v', "NAME", FACE_DASHBOARD, "the variant to start on (see below)"},
    {OPT_VARIANT, "variant", 'v', "LIST", FACE_BENCH,
     "variants, comma-separated, or all (default: all)"},
    {OPT_VARIANT, "variant", 'v', "LIST", FACE_TUNE,
     "variants to tune, or all (default: all with tunables)"},
    {OPT_SIZE, "size", 's', "N|MxNxK", FACE_DASHBOARD, "matmul size (default 500)"},
    {OPT_SIZE, "size", 's', "LIST", FACE_BENCH,
     "matmul sizes, N or MxNxK, comma-separated\n(default: 100,500,1000,2000)"},
    {OPT_SIZE, "size", 's', "N", FACE_TUNE, "matrix size to tune at (default 1000)"},
    {OPT_SIZE, "size", 's', "N", FACE_DEMO,
     "matrix size of the ladder's steps (default: where\nthe baseline takes about a second here)"},
    {OPT_BATCH, "batch", 0, "N", FACE_DASHBOARD, "net/train batch size (default 64)"},
    {OPT_BATCH, "batch", 0, "LIST", FACE_BENCH, "net/train batch sizes (default: 64)"},
    {OPT_BATCH, "batch", 0, "N", FACE_DEMO, "the network's batch size (default 64)"},
    {OPT_BLOCK, "block", 'b', "N", FACE_DASHBOARD, "block size of the variants with one"},
    {OPT_BLOCK, "block", 'b', "LIST", FACE_BENCH,
     "block sizes to measure (default: the tuned ones\nsaved by `tttop tune`, else 64)"},
    {OPT_THREADS, "threads", 't', "N", FACE_DASHBOARD | FACE_BENCH | FACE_TUNE,
     "threads of the variants that use them (default 1)"},
    {OPT_REPS, "reps", 0, "N", FACE_BENCH, "repetitions per measurement, at least (default 1)"},
    {OPT_MIN_TIME, "min-time", 0, "S", FACE_BENCH,
     "seconds per measurement, at least (default 0.2)"},
    {OPT_MIN_TIME, "min-time", 0, "S", FACE_TUNE, "seconds per candidate, at least (default 0.1)"},
    {OPT_SEED, "seed", 0, "N", FACE_BENCH, "seed of the inputs and weights (default 42)"},
    {OPT_EVENTS, "events", 'e', "LIST", FACE_DASHBOARD | FACE_BENCH | FACE_DEMO,
     "PAPI events (presets or native names) instead of\nthe defaults"},
    {OPT_EVENTS, "events", 'e', "LIST", FACE_EVENTS, "also check these events"},
    {OPT_COUNTERS, "counters", 0, "MODE", FACE_DASHBOARD,
     "auto (default): hardware counters where the PMU\ncounts, else caches simulated by valgrind;\n"
     "hardware; simulated (also beside a PMU, to\ncompare); off (software events only)"},
    {OPT_COUNTERS, "counters", 0, "MODE", FACE_BENCH,
     "auto (default): hardware counters where the PMU\ncounts, else caches simulated by valgrind "
     "after\neach setting's timing (about 1 s of CPU a run\nat n=500, 7 s at n=2000); hardware; "
     "simulated\n(also beside a PMU, to compare); off (software\nevents only)"},
    {OPT_FORMAT, "format", 'f', "F", FACE_BENCH, "table (default), csv or json"},
    {OPT_FORMAT, "format", 'f', "F", FACE_MACHINE, "table (default) or json"},
    {OPT_OUT, "out", 'o', "FILE", FACE_BENCH, "write there instead of standard output"},
    {OPT_OUT, "out", 'o', "FILE", FACE_REPORT,
     "the Markdown file; charts and numbers go beside\nit (default: tttop-report-DATE-TIME.md)"},
    {OPT_FORCE, "force", 0, NULL, FACE_REPORT, "replace existing files"},
    {OPT_FROM, "from", 0, "FILE", FACE_REPORT,
     "format saved `tttop bench --format json` output\n"
     "instead of measuring; repeat it to compare runs"},
    {OPT_SIZES, "sizes", 0, "LIST", FACE_REPORT,
     "matmul sizes, N or MxNxK, comma-separated\n(default: 100,500,1000,2000; --quick: 64..512)"},
    {OPT_QUICK, "quick", 0, NULL, FACE_REPORT,
     "smaller sizes, shorter measurements (under a minute)"},
    {OPT_DATA, "data", 0, "DIR", FACE_DASHBOARD | FACE_BENCH | FACE_REPORT,
     "net/train: MNIST's IDX files from DIR\n"
     "(train-images-idx3-ubyte, train-labels-idx1-ubyte,\n"
     "plain or .gz) instead of the synthetic digits"},
    {OPT_WIDE, "wide", 0, NULL, FACE_BENCH, "table: one long row per result, counters included"},
    {OPT_NO_TUNING, "no-tuning", 0, NULL, FACE_BENCH, "ignore the values saved by `tttop tune`"},
    {OPT_ISA, "isa", 0, "ISA", FACE_BENCH,
     "SIMD tile: auto (default), avx512, avx2, generic\n(one the CPU lacks falls back to generic)"},
    {OPT_QUIET, "quiet", 'q', NULL, FACE_BENCH | FACE_REPORT,
     "no progress lines on standard error"},
    {OPT_NO_SAVE, "no-save", 0, NULL, FACE_TUNE, "print the results only"},
    {OPT_REMEASURE, "remeasure", 0, NULL, FACE_MACHINE,
     "measure again, even when figures are cached"},
    {OPT_DELAY, "delay", 'd', "N", FACE_DASHBOARD | FACE_DEMO,
     "refresh every N tenths of a second (default 10)"},
    {OPT_NO_COLOR, "no-color", 'C', NULL, FACE_DASHBOARD | FACE_DEMO,
     "monochrome (also when NO_COLOR is set)"},
    {OPT_ASCII, "ascii", 0, NULL, FACE_DASHBOARD | FACE_DEMO, "ASCII drawing only"},
    {OPT_MAX_ITERATIONS, "max-iterations", 'n', "N", FACE_DASHBOARD | FACE_DEMO,
     "exit after N refreshes"},
    {OPT_RECORD, "record", 0, "FILE", FACE_DASHBOARD, "append one JSON line per sample to FILE"},
    {OPT_NO_CONFIG, "no-config", 0, NULL, FACE_DASHBOARD,
     "ignore and do not write the saved settings"},
    {OPT_NO_CONFIG, "no-config", 0, NULL, FACE_DEMO,
     "accepted: the demo never reads or writes settings"},
    {OPT_AUTO, "auto", 0, "S", FACE_DEMO,
     "go on to the next step S seconds after a step's\nfirst number (a projector left running)"},
    {OPT_HELP, "help", 'h', NULL, ~0u, "this help"},
    {OPT_VERSION, "version", 'V', NULL, FACE_DASHBOARD, "version and libraries"},
};

#define NSPECS ((int)(sizeof specs / sizeof specs[0]))

static const struct {
    cli_face face;
    const char *command, *synopsis, *summary;
} faces[] = {
    {FACE_DASHBOARD, "tttop", "tttop [options]",
     "Live dashboard: matmul variants and the MLP measured while you watch.\n"
     "Keys: ? for help, q to quit."},
    {FACE_BENCH, "tttop bench", "tttop bench [options]",
     "Measure matmul variants (or the MLP) headless and print the speed-up ladder."},
    {FACE_TUNE, "tttop tune", "tttop tune [options]",
     "Find the tunables (block sizes) that run fastest on this machine and save\n"
     "them; bench and the dashboard use them where none is given."},
    {FACE_EVENTS, "tttop events", "tttop events [options]",
     "List every counter tttop uses, whether this host can count it, why not, and\n"
     "what would fix it."},
    {FACE_MACHINE, "tttop machine", "tttop machine [options]",
     "Measure this machine's peak FLOP/s (an FMA loop per instruction set, one core\n"
     "and all cores) and memory bandwidth (a triad), once: the figures are cached and\n"
     "\"% of peak\" and the roofline use them."},
    {FACE_REPORT, "tttop report", "tttop report [options]",
     "Write the capstone report in Markdown from measured numbers only: the machine,\n"
     "where the network's time goes, naive against OpenBLAS, each variant's speed-up,\n"
     "memory and counters, the network's speed-up, and charts as PNG files beside\n"
     "it (drawn by gnuplot: `apt-get install gnuplot-nox` where it is missing)."},
    {FACE_DEMO, "tttop demo", "tttop demo [options]   (also: tttop --demo)",
     "A guided tour for a class, in the dashboard: where the network's time goes, the\n"
     "baseline matmul, every rung of the ladder up to the reference, the whole\n"
     "network, a summary. Keys: Space or n next step, Backspace or p back, P pause,\n"
     "q quit; the dashboard's other keys work in every step."},
};

static int face_index(cli_face face)
{
    for (int i = 0; i < (int)(sizeof faces / sizeof faces[0]); i++)
        if (faces[i].face == face)
            return i;
    return 0;
}

const char *cli_face_command(cli_face face)
{
    return faces[face_index(face)].command;
}

static const option_spec *spec_for(cli_face face, cli_opt id)
{
    for (int i = 0; i < NSPECS; i++)
        if (specs[i].id == id && (specs[i].faces & face))
            return &specs[i];
    return NULL;
}

static void defaults(cli_face face, cli *c)
{
    memset(c, 0, sizeof *c);
    c->face = face;
    c->threads = 1;
    c->reps = 1;
    c->min_time = face == FACE_TUNE ? 0.1 : 0.2;
    c->seed = 42;
    c->delay_tenths = 10;
    c->isa = 0;
    const char *no_color = getenv("NO_COLOR");
    c->no_color = no_color && no_color[0] != '\0';
}

/* A value option that takes one item where the face allows one. */
static int single(const char *opt, int count, char *err, size_t errlen)
{
    if (count == 1)
        return 0;
    snprintf(err, errlen, "%s: one value here, not a list", opt);
    return -1;
}

static int parse_value(cli *c, cli_opt id, const char *opt, const char *arg, char *err,
                       size_t errlen)
{
    const bool one = c->face != FACE_BENCH && c->face != FACE_REPORT;
    int rc = 0, n;
    switch (id) {
    case OPT_WORKLOAD: {
        static const char *const names[WORKLOAD_COUNT] = {"matmul", "net", "train"};
        n = parse_choice(opt, arg, names, WORKLOAD_COUNT, err, errlen);
        c->workload = (workload_kind)n;
        return n < 0 ? -1 : 0;
    }
    case OPT_VARIANT:
        free(c->variants);
        if (c->face == FACE_DASHBOARD) {
            c->variants = malloc(sizeof *c->variants);
            c->nvariants = 1;
            return c->variants ? parse_variant(opt, arg, c->variants, err, errlen) : -1;
        }
        c->nvariants = parse_variant_list(opt, arg, &c->variants, err, errlen);
        return c->nvariants < 0 ? -1 : 0;
    case OPT_SIZE:
    case OPT_SIZES:
        free(c->shapes);
        c->nshapes = parse_size_list(opt, arg, EXPERIMENT_MAX_SIZE, &c->shapes, err, errlen);
        if (c->nshapes == 1 && (c->face == FACE_TUNE || c->face == FACE_DEMO) &&
            (c->shapes[0][0] != c->shapes[0][1] || c->shapes[0][1] != c->shapes[0][2])) {
            snprintf(err, errlen, "%s: %s measures square matrices: N, not MxNxK", opt,
                     c->face == FACE_TUNE ? "tune" : "the demo");
            return -1;
        }
        return c->nshapes < 0 ? -1 : one ? single(opt, c->nshapes, err, errlen) : 0;
    case OPT_BATCH:
        free(c->batches);
        c->nbatches = parse_int_list(opt, arg, 1, EXPERIMENT_MAX_BATCH, &c->batches, err, errlen);
        return c->nbatches < 0 ? -1 : one ? single(opt, c->nbatches, err, errlen) : 0;
    case OPT_BLOCK: {
        const variant_tunable *t = variants_knob(variants_knob_find("block"));
        free(c->blocks);
        c->nblocks =
            parse_int_list(opt, arg, t ? t->min : 1, t ? t->max : 4096, &c->blocks, err, errlen);
        return c->nblocks < 0 ? -1 : one ? single(opt, c->nblocks, err, errlen) : 0;
    }
    case OPT_THREADS: {
        const variant_tunable *t = variants_knob(variants_threads_knob());
        return parse_int(opt, arg, 1, t ? t->max : 256, &c->threads, err, errlen);
    }
    case OPT_REPS:
        return parse_int(opt, arg, 1, 100000, &c->reps, err, errlen);
    case OPT_MIN_TIME:
        return parse_seconds(opt, arg, c->face == FACE_TUNE ? 60.0 : MIN_TIME_MAX, &c->min_time,
                             err, errlen);
    case OPT_SEED:
        rc = parse_int(opt, arg, 0, 0x7fffffff, &n, err, errlen);
        c->seed = (unsigned)n;
        return rc;
    case OPT_EVENTS:
        parse_free_words(c->events, c->nevents);
        c->nevents = parse_word_list(opt, arg, &c->events, err, errlen);
        if (c->nevents > COUNTERS_MAX) {
            snprintf(err, errlen, "%s: more than %d events", opt, COUNTERS_MAX);
            return -1;
        }
        return c->nevents < 0 ? -1 : 0;
    case OPT_COUNTERS:
        c->counters = parse_choice(opt, arg, counter_mode_names, COUNTER_MODE_COUNT, err, errlen);
        return c->counters < 0 ? -1 : 0;
    case OPT_FORMAT:
        if (c->face == FACE_MACHINE) { /* table or json: no rows for a CSV */
            static const char *const names[] = {"table", "json"};
            n = parse_choice(opt, arg, names, 2, err, errlen);
            c->format = n == 1 ? 2 : n;
            return n < 0 ? -1 : 0;
        }
        c->format = parse_choice(opt, arg, cli_format_names, 3, err, errlen);
        return c->format < 0 ? -1 : 0;
    case OPT_OUT:
        if (!arg[0]) {
            snprintf(err, errlen, "%s: empty file name", opt);
            return -1;
        }
        c->out = arg;
        return 0;
    case OPT_ISA: {
        static const char *const names[] = {"auto", "avx512", "avx2", "generic"};
        n = parse_choice(opt, arg, names, 4, err, errlen);
        c->isa = n < 0 ? 0 : variants_isa_parse(names[n]);
        return n < 0 ? -1 : 0;
    }
    case OPT_DELAY:
        return parse_int(opt, arg, 1, DELAY_MAX, &c->delay_tenths, err, errlen);
    case OPT_AUTO:
        return parse_seconds(opt, arg, AUTO_MAX, &c->auto_s, err, errlen);
    case OPT_MAX_ITERATIONS:
        rc = parse_int(opt, arg, 1, 1000000000, &n, err, errlen);
        c->max_iterations = n;
        return rc;
    case OPT_RECORD:
        if (!arg[0]) {
            snprintf(err, errlen, "%s: empty file name", opt);
            return -1;
        }
        c->record = arg;
        return 0;
    case OPT_DATA:
        if (!arg[0]) {
            snprintf(err, errlen, "%s: empty directory name", opt);
            return -1;
        }
        c->data_dir = arg;
        return 0;
    case OPT_FROM: {
        if (!arg[0]) {
            snprintf(err, errlen, "%s: empty file name", opt);
            return -1;
        }
        if (c->nfrom >= CLI_MAX_FROM) {
            snprintf(err, errlen, "%s: more than %d files", opt, CLI_MAX_FROM);
            return -1;
        }
        const char **grown = realloc(c->from, (size_t)(c->nfrom + 1) * sizeof *grown);
        if (!grown) {
            snprintf(err, errlen, "%s: out of memory", opt);
            return -1;
        }
        c->from = grown;
        c->from[c->nfrom++] = arg;
        return 0;
    }
    default:
        return 0;
    }
}

static void set_flag(cli *c, cli_opt id)
{
    switch (id) {
    case OPT_QUIET:
        c->quiet = true;
        break;
    case OPT_NO_TUNING:
        c->no_tuning = true;
        break;
    case OPT_WIDE:
        c->wide = true;
        break;
    case OPT_NO_COLOR:
        c->no_color = true;
        break;
    case OPT_ASCII:
        c->ascii = true;
        break;
    case OPT_NO_CONFIG:
        c->no_config = true;
        break;
    case OPT_NO_SAVE:
        c->no_save = true;
        break;
    case OPT_QUICK:
        c->quick = true;
        break;
    case OPT_FORCE:
        c->force = true;
        break;
    case OPT_REMEASURE:
        c->remeasure = true;
        break;
    default:
        break;
    }
}

/* getopt_long's tables for a face: long options with val = 256 + id, short letters. */
static int build_tables(cli_face face, struct option *longopts, char *shortopts)
{
    int n = 0;
    char *s = shortopts;
    *s++ = ':';
    for (int id = 0; id < OPT_COUNT; id++) {
        const option_spec *sp = spec_for(face, (cli_opt)id);
        if (!sp)
            continue;
        longopts[n++] =
            (struct option){sp->name, sp->arg ? required_argument : no_argument, NULL, 256 + id};
        if (sp->letter) {
            *s++ = (char)sp->letter;
            if (sp->arg)
                *s++ = ':';
        }
    }
    if (face == FACE_DASHBOARD) /* the British spelling, undocumented */
        longopts[n++] = (struct option){"no-colour", no_argument, NULL, 256 + OPT_NO_COLOR};
    longopts[n] = (struct option){NULL, 0, NULL, 0};
    *s = '\0';
    return n;
}

static cli_opt id_of_letter(cli_face face, int letter)
{
    for (int i = 0; i < NSPECS; i++)
        if (specs[i].letter == letter && (specs[i].faces & face))
            return specs[i].id;
    return OPT_COUNT;
}

static void finish_defaults(cli *c)
{
    if (c->face == FACE_TUNE && !(c->given & CLI_GIVEN(OPT_SIZE))) {
        free(c->shapes);
        c->shapes = malloc(sizeof *c->shapes);
        if (c->shapes) {
            c->shapes[0][0] = c->shapes[0][1] = c->shapes[0][2] = 1000;
            c->nshapes = 1;
        }
    }
}

/* Options that make sense alone but not together. */
static int cross_check(const cli *c, char *err, size_t errlen)
{
    if (c->face == FACE_BENCH && c->data_dir && c->workload == WORKLOAD_MATMUL) {
        snprintf(err, errlen,
                 "--data: the matmul workload reads no data (use it with --workload "
                 "net or train)");
        return -1;
    }
    if (c->face == FACE_REPORT && c->nfrom > 0) {
        static const cli_opt measuring[] = {OPT_SIZES, OPT_QUICK, OPT_DATA};
        static const char *const names[] = {"--sizes", "--quick", "--data"};
        for (int i = 0; i < 3; i++) {
            if (c->given & CLI_GIVEN(measuring[i])) {
                snprintf(err, errlen,
                         "%s: --from formats saved numbers and measures nothing; give one or the "
                         "other",
                         names[i]);
                return -1;
            }
        }
    }
    return 0;
}

int cli_parse(cli_face face, int argc, char **argv, cli *out, char *err, size_t errlen)
{
    struct option longopts[OPT_COUNT + 2];
    char shortopts[2 * OPT_COUNT + 2];
    defaults(face, out);
    build_tables(face, longopts, shortopts);
    optind = 0; /* reset getopt (GNU): argv may be parsed more than once */
    opterr = 0;
    const char *command = cli_face_command(face);
    int ch;
    while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
        if (ch == ':' || ch == '?') {
            char q[96], letter[3] = {'-', (char)optopt, '\0'};
            const char *arg = argv[optind - 1];
            if (ch == ':')
                snprintf(err, errlen, "%s needs a value (see %s --help)", arg, command);
            else if (optopt && optopt < 256)
                snprintf(err, errlen, "unknown option %s (see %s --help)",
                         format_quoted(q, sizeof q, letter), command);
            else
                snprintf(err, errlen, "unknown option %s (see %s --help)",
                         format_quoted(q, sizeof q, arg), command);
            return -1;
        }
        const cli_opt id = ch >= 256 ? (cli_opt)(ch - 256) : id_of_letter(face, ch);
        const option_spec *sp = spec_for(face, id);
        if (!sp)
            continue;
        out->given |= CLI_GIVEN(id);
        if (id == OPT_VERSION)
            return 3;
        if (id == OPT_HELP) {
            if (cli_usage(face, stdout) == 0)
                return 1;
            snprintf(err, errlen, "cannot write to standard output");
            return 2;
        }
        char name[40];
        snprintf(name, sizeof name, "--%s", sp->name);
        if (sp->arg ? parse_value(out, id, name, optarg, err, errlen) != 0 : (set_flag(out, id), 0))
            return -1;
    }
    if (optind < argc) {
        char q[96];
        format_quoted(q, sizeof q, argv[optind]);
        if (face == FACE_DASHBOARD)
            snprintf(err, errlen, "unknown command %s (see tttop --help)", q);
        else
            snprintf(err, errlen, "unexpected argument %s (see %s --help)", q, command);
        return -1;
    }
    finish_defaults(out);
    return cross_check(out, err, errlen);
}

int cli_exit_status(cli_face face, int parse_rc, const char *err)
{
    if (parse_rc == 1)
        return 0;
    fprintf(stderr, "%s: %s\n", cli_face_command(face), err);
    return parse_rc == 2 ? 1 : 2;
}

void cli_free(cli *c)
{
    free(c->variants);
    free(c->shapes);
    free(c->batches);
    free(c->blocks);
    free(c->from);
    parse_free_words(c->events, c->nevents);
    memset(c, 0, sizeof *c);
}

/* "  -s, --size LIST      help" with continuation lines aligned under the help. */
static void print_option(FILE *out, const option_spec *sp)
{
    char left[64];
    if (sp->letter)
        snprintf(left, sizeof left, "  -%c, --%s%s%s", sp->letter, sp->name, sp->arg ? " " : "",
                 sp->arg ? sp->arg : "");
    else
        snprintf(left, sizeof left, "      --%s%s%s", sp->name, sp->arg ? " " : "",
                 sp->arg ? sp->arg : "");
    const char *help = sp->help;
    int width = 26;
    if ((int)strlen(left) >= width) {
        fprintf(out, "%s\n", left);
        left[0] = '\0';
    }
    while (help) {
        const char *nl = strchr(help, '\n');
        int len = nl ? (int)(nl - help) : (int)strlen(help);
        fprintf(out, "%-*s%.*s\n", width, left, len, help);
        left[0] = '\0';
        help = nl ? nl + 1 : NULL;
    }
}

int cli_usage(cli_face face, FILE *out)
{
    const int f = face_index(face);
    fprintf(out, "usage: %s\n%s\n\n", faces[f].synopsis, faces[f].summary);
    for (int id = 0; id < OPT_COUNT; id++) {
        const option_spec *sp = spec_for(face, (cli_opt)id);
        if (sp)
            print_option(out, sp);
    }
    if (face & (FACE_DASHBOARD | FACE_BENCH | FACE_TUNE)) {
        fputs("\nvariants:", out);
        int col = 9;
        for (int v = 0; v < variants_count(); v++) {
            const char *name = variant_name(v);
            int len = (int)strlen(name) + (v + 1 < variants_count());
            if (col + 1 + len > 78) {
                fputs("\n         ", out);
                col = 9;
            }
            fprintf(out, " %s%s", name, v + 1 < variants_count() ? "," : "");
            col += 1 + len;
        }
        fputc('\n', out);
    }
    if (face == FACE_DASHBOARD)
        fputs("\ncommands:\n"
              "  tttop bench     headless measurements: table, CSV or JSON\n"
              "  tttop events    which counters work here, and why not\n"
              "  tttop machine   measured peak FLOP/s and memory bandwidth\n"
              "  tttop tune      find the best block sizes for this machine\n"
              "  tttop report    the capstone report: Markdown and charts\n"
              "  tttop demo      a guided tour for a class (also tttop --demo)\n"
              "Run `tttop <command> --help` for a command's options.\n",
              out);
    return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

int cli_option_names(cli_face face, const char **names, int cap)
{
    int n = 0;
    for (int id = 0; id < OPT_COUNT && n < cap; id++) {
        const option_spec *sp = spec_for(face, (cli_opt)id);
        if (sp)
            names[n++] = sp->name;
    }
    return n;
}
