/* The one option parser, for every face: the input's first byte picks the face, the rest
 * is argv split at NUL bytes. Whatever the command line, cli_parse returns one of its five
 * answers; a refusal is one line; an acceptance holds only values in their ranges. */
#include <stdint.h>
#include <unistd.h>

#include "cli/options.h"
#include "core/experiment.h"
#include "fuzz.h"

#define MAX_ARGS 64

static const cli_face faces[] = {FACE_DASHBOARD, FACE_BENCH,  FACE_TUNE, FACE_EVENTS,
                                 FACE_MACHINE,   FACE_REPORT, FACE_DEMO};
static const char *const names[] = {"tttop",   "bench",  "tune", "events",
                                    "machine", "report", "demo"};
#define NFACES ((int)(sizeof faces / sizeof faces[0]))

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* --help and --version print: not onto the fuzzer's own output */
    if (!freopen("/dev/null", "w", stdout))
        abort();
    return 0;
}

static void check_accepted(const cli *c)
{
    for (int i = 0; i < c->nshapes; i++)
        for (int d = 0; d < 3; d++)
            FUZZ_REQUIRE(c->shapes[i][d] >= 1 && c->shapes[i][d] <= EXPERIMENT_MAX_SIZE, "%d",
                         c->shapes[i][d]);
    for (int i = 0; i < c->nbatches; i++)
        FUZZ_REQUIRE(c->batches[i] >= 1 && c->batches[i] <= EXPERIMENT_MAX_BATCH, "%d",
                     c->batches[i]);
    for (int i = 0; i < c->nvariants; i++)
        FUZZ_REQUIRE(c->variants[i] >= 0 && c->variants[i] < variants_count(), "%d",
                     c->variants[i]);
    for (int i = 0; i < c->nevents; i++)
        FUZZ_REQUIRE(c->events[i] && c->events[i][0], "empty event name");
    FUZZ_REQUIRE(c->threads >= 1 && c->reps >= 1, "%d %d", c->threads, c->reps);
    FUZZ_REQUIRE(c->min_time > 0 && c->min_time <= 3600, "%g", c->min_time);
    FUZZ_REQUIRE(c->delay_tenths >= 1 && c->delay_tenths <= 600, "%d", c->delay_tenths);
    FUZZ_REQUIRE(c->max_iterations >= 0, "%ld", c->max_iterations);
    FUZZ_REQUIRE(!c->out || c->out[0], "empty --out");
    FUZZ_REQUIRE(!c->record || c->record[0], "empty --record");
    FUZZ_REQUIRE(!c->data_dir || c->data_dir[0], "empty --data");
    FUZZ_REQUIRE(c->auto_s >= 0, "%g", c->auto_s);
    for (int i = 0; i < c->nfrom; i++)
        FUZZ_REQUIRE(c->from[i] && c->from[i][0], "empty --from");
    if (c->face != FACE_BENCH)
        FUZZ_REQUIRE(c->nbatches <= 1 && c->nblocks <= 1, "a list");
    if (c->face != FACE_BENCH && c->face != FACE_REPORT) /* report --sizes takes a list */
        FUZZ_REQUIRE(c->nshapes <= 1, "a list of sizes");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const int f = data[0] % NFACES;
    char *text = fuzz_text(data + 1, size - 1);
    char *argv[MAX_ARGS + 2];
    int argc = 0;
    argv[argc++] = (char *)names[f];
    for (char *p = text; argc < MAX_ARGS && p <= text + (size - 1);) {
        argv[argc++] = p;
        p += strlen(p) + 1;
    }
    argv[argc] = NULL;
    cli c;
    char err[512] = "";
    int rc = cli_parse(faces[f], argc, argv, &c, err, sizeof err);
    FUZZ_REQUIRE(rc >= -1 && rc <= 3, "rc %d", rc);
    if (rc == -1 || rc == 2)
        FUZZ_REQUIRE(fuzz_one_line(err), "message '%s'", err);
    if (rc == 0)
        check_accepted(&c);
    cli_free(&c);
    free(text);
    return 0;
}
