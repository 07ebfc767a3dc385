#include "core/simulate.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/variant_call.h"
#include "machine/hostinfo.h"

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define HAVE_VALGRIND_H 1
#endif
#endif
#ifndef HAVE_VALGRIND_H
#define RUNNING_ON_VALGRIND 0
#endif

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

extern char **environ;

/* FLOPs of a run's two bands together (3 x small rows). Under callgrind's cache simulation
 * the ladder runs at about 15 to 70 MFLOP/s (valgrind emulates FMA with helper calls:
 * the SIMD rungs are the slowest), so this is about half a second for most. */
#define BANDS_FLOPS 1.2e7
/* A band has at least this many rows; bands of variants without a row block are in
 * multiples of it (whole register tiles of 4, 6 and 8 rows). */
#define BAND_ROWS 8
#define TILE_ROWS 24
/* Whole row blocks where they cost at most this many times the budget (up to n = 1000 for
 * blocks of 64): a band of part of a block reuses the tiles of B over fewer rows than the
 * run does, and the estimate is then only rough (the band says so). */
#define BLOCK_BUDGETS 32.0

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

const char *simulate_unavailable(void)
{
#ifndef HAVE_VALGRIND_H
    return "simulated counters: tttop was built without valgrind's headers (apt-get install "
           "valgrind, then rebuild)";
#endif
    if (RUNNING_ON_VALGRIND)
        return "simulated counters: off, tttop is already running under valgrind";
    if (SANITIZED)
        return "simulated counters: off in a sanitizer build (valgrind cannot run it)";
    char path[PATH_MAX];
    if (sim_find_valgrind(path, sizeof path) != 0)
        return SIM_NEED_VALGRIND;
    return NULL;
}

const char *simulate_summary(char *buf, size_t len)
{
    const char *why = simulate_unavailable();
    if (why)
        return why;
    sim_geometry g;
    sim_geometry_for(hostinfo_get(), &g);
    char caches[96];
    sim_geometry_describe(&g, caches, sizeof caches);
    snprintf(buf, len, "caches simulated by callgrind: %s%s%s", caches, g.note[0] ? "; " : "",
             g.note);
    return buf;
}

bool simulate_supports(const experiment *e)
{
    return e->workload == WORKLOAD_MATMUL && variant_kernel(e->variant) != NULL;
}

void simulate_band(const experiment *e, int *small, int *large, bool *part_block)
{
    kernel_tunables tun;
    variant_tunables(e, &tun);
    const kernel_info *info = variant_kernel(e->variant);
    const double per_row = 2.0 * e->n * e->k;
    int rows = (int)(BANDS_FLOPS / (3.0 * per_row));
    rows = rows < BAND_ROWS ? BAND_ROWS : rows / BAND_ROWS * BAND_ROWS;
    if (rows >= TILE_ROWS)
        rows = rows / TILE_ROWS * TILE_ROWS;
    *part_block = false;
    /* blocked and packed reuse their tiles across a block of rows: a band of fewer rows
     * reuses them otherwise than the full run does */
    if (info && kernel_uses(info, KERNEL_KNOB_BLOCK) && tun.block > 0 && rows % tun.block) {
        const int whole = (rows + tun.block - 1) / tun.block * tun.block;
        if (3.0 * whole * per_row <= BLOCK_BUDGETS * BANDS_FLOPS || whole >= e->m)
            rows = whole;
        else
            *part_block = rows < tun.block && rows < e->m;
    }
    if (2 * rows >= e->m) { /* cheap enough to run it all */
        *small = e->m;
        *large = 0;
        *part_block = false;
        return;
    }
    *small = rows;
    *large = 2 * rows;
}

/* ---- a job ---- */

struct sim_job {
    pid_t pid;
    int fd; /* the child's standard output: "done I ISA" lines */
    char dir[PATH_MAX];
    int count, delivered, next_part;
    experiment *runs;
    int *small, *large;
    bool *part_block;
    sim_geometry geometry;
    char line[512];
    size_t linelen;
    bool eof;
    double started, last;
    char error[256];
};

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    char path[PATH_MAX + 300];
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        unlink(path);
    }
    closedir(d);
    rmdir(dir);
}

static void free_job(sim_job *j)
{
    if (j->fd >= 0)
        close(j->fd);
    if (j->dir[0])
        remove_dir(j->dir);
    free(j->runs);
    free(j->small);
    free(j->large);
    free(j->part_block);
    free(j);
}

void simulate_cancel(sim_job *j)
{
    if (!j)
        return;
    if (j->pid > 0) {
        kill(j->pid, SIGKILL);
        while (waitpid(j->pid, NULL, 0) < 0 && errno == EINTR)
            ;
        j->pid = 0;
    }
    free_job(j);
}

/* "naive,small=8,large=16,isa=0,block=64": the run as the child parses it. */
static void run_spec(const experiment *e, int small, int large, char *buf, size_t len)
{
    kernel_tunables tun;
    variant_tunables(e, &tun);
    const kernel_info *info = variant_kernel(e->variant);
    int used = snprintf(buf, len, "%s,small=%d,large=%d,isa=%d", info->name, small, large, tun.isa);
    for (int k = 0; k < KERNEL_KNOB_COUNT && used > 0 && (size_t)used < len; k++) {
        if (k == KERNEL_KNOB_THREADS || !kernel_uses(info, (kernel_knob)k))
            continue;
        const int v = kernel_tunables_get(&tun, (kernel_knob)k);
        if (v > 0)
            used += snprintf(buf + used, len - (size_t)used, ",%s=%d",
                             kernel_tunable_of(info, (kernel_knob)k)->name, v);
    }
}

/* The child's environment: fixed, so that the counts do not move with the caller's (the
 * environment sits on the stack the kernel's spills share the caches with, and
 * VALGRIND_OPTS or OPENBLAS_NUM_THREADS would change what runs). OpenBLAS is held to one
 * thread: no idle threads spinning inside the simulation. What is needed to run at all is
 * kept. Built before the spawn. */
static char **child_environment(void)
{
    static const char *const keep[] = {"LD_LIBRARY_PATH=", "VALGRIND_LIB="};
    char **env = calloc(2 + sizeof keep / sizeof keep[0], sizeof *env);
    if (!env)
        return NULL;
    size_t out = 0;
    env[out++] = "OPENBLAS_NUM_THREADS=1";
    for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
        for (size_t i = 0; environ && environ[i]; i++)
            if (strncmp(environ[i], keep[k], strlen(keep[k])) == 0) {
                env[out++] = environ[i];
                break;
            }
    env[out] = NULL;
    return env;
}

static int spawn_child(sim_job *j, char *const *argv, char *err, size_t errlen)
{
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        snprintf(err, errlen, "simulation: pipe: %s", strerror(errno));
        return -1;
    }
    char log[PATH_MAX + 16];
    snprintf(log, sizeof log, "%s/valgrind.log", j->dir);
    char **env = child_environment();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int rc = env ? posix_spawn(&j->pid, argv[0], &fa, NULL, argv, env) : ENOMEM;
    posix_spawn_file_actions_destroy(&fa);
    free(env);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        j->pid = 0;
        snprintf(err, errlen, "simulation: cannot start %s: %s", argv[0], strerror(rc));
        return -1;
    }
    j->fd = fds[0];
    fcntl(j->fd, F_SETFL, fcntl(j->fd, F_GETFL) | O_NONBLOCK);
    return 0;
}

sim_job *simulate_start(const experiment *runs, int count, char *err, size_t errlen)
{
    const char *why = simulate_unavailable();
    if (why) {
        snprintf(err, errlen, "%s", why);
        return NULL;
    }
    if (count < 1 || !simulate_supports(&runs[0])) {
        snprintf(err, errlen, "simulated counters: matmul only");
        return NULL;
    }
    sim_job *j = calloc(1, sizeof *j);
    if (!j) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    j->fd = -1;
    j->count = count;
    j->next_part = 1;
    j->runs = malloc((size_t)count * sizeof *j->runs);
    j->small = malloc((size_t)count * sizeof *j->small);
    j->large = malloc((size_t)count * sizeof *j->large);
    j->part_block = malloc((size_t)count * sizeof *j->part_block);
    const char *tmp = getenv("TMPDIR");
    snprintf(j->dir, sizeof j->dir, "%s/tttop-sim-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!j->runs || !j->small || !j->large || !j->part_block || !mkdtemp(j->dir)) {
        snprintf(err, errlen, "simulation: cannot make a directory in %s",
                 tmp && *tmp ? tmp : "/tmp");
        j->dir[0] = '\0';
        free_job(j);
        return NULL;
    }
    sim_geometry_for(hostinfo_get(), &j->geometry);

    char valgrind[PATH_MAX], self[PATH_MAX], outfile[PATH_MAX + 32];
    char opts[3][48], nbuf[16], kbuf[16], seedbuf[16];
    sim_find_valgrind(valgrind, sizeof valgrind);
    /* the child is this very executable (a test binary is its own child too) */
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    self[len > 0 ? len : 0] = '\0';
    static const char deleted[] = " (deleted)";
    const size_t n = strlen(self);
    if (n == 0 || (n > sizeof deleted - 1 && strcmp(self + n - (sizeof deleted - 1), deleted) == 0))
        snprintf(self, sizeof self, "/proc/%d/exe", (int)getpid()); /* replaced by a rebuild */
    sim_geometry_options(&j->geometry, opts);
    snprintf(outfile, sizeof outfile, "--callgrind-out-file=%s/cg.out", j->dir);
    snprintf(nbuf, sizeof nbuf, "%d", runs[0].n);
    snprintf(kbuf, sizeof kbuf, "%d", runs[0].k);
    snprintf(seedbuf, sizeof seedbuf, "%u", runs[0].seed);
    enum { FIXED = 17 };
    char **argv = calloc((size_t)FIXED + (size_t)count + 1, sizeof *argv);
    char(*specs)[256] = calloc((size_t)count, sizeof *specs);
    if (!argv || !specs) {
        free(argv);
        free(specs);
        free_job(j);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    int a = 0;
    argv[a++] = valgrind;
    argv[a++] = "--tool=callgrind";
    argv[a++] = "-q";
    argv[a++] = "--instr-atstart=no";
    argv[a++] = "--cache-sim=yes";
    argv[a++] = opts[0];
    argv[a++] = opts[1];
    argv[a++] = opts[2];
    argv[a++] = "--dump-instr=no";
    argv[a++] = "--compress-strings=no";
    argv[a++] = "--compress-pos=no";
    argv[a++] = outfile;
    argv[a++] = self;
    argv[a++] = "__simulate";
    argv[a++] = nbuf;
    argv[a++] = kbuf;
    argv[a++] = seedbuf;
    for (int i = 0; i < count; i++) {
        j->runs[i] = runs[i];
        j->runs[i].n = runs[0].n;
        j->runs[i].k = runs[0].k;
        j->runs[i].seed = runs[0].seed;
        simulate_band(&j->runs[i], &j->small[i], &j->large[i], &j->part_block[i]);
        run_spec(&j->runs[i], j->small[i], j->large[i], specs[i], sizeof specs[i]);
        argv[a++] = specs[i];
    }
    argv[a] = NULL;
    j->started = j->last = now_s();
    int rc = spawn_child(j, argv, err, errlen);
    free(argv);
    free(specs);
    if (rc != 0) {
        free_job(j);
        return NULL;
    }
    return j;
}

/* The last non-empty line of the child's log, for an error message. */
static void log_tail(const sim_job *j, char *buf, size_t len)
{
    char path[PATH_MAX + 16], line[512];
    snprintf(path, sizeof path, "%s/valgrind.log", j->dir);
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0])
            snprintf(buf, len, "%.150s", line);
    }
    fclose(f);
}

/* Read one callgrind part and check that it is the band it should be. */
static int read_part(sim_job *j, int run, const char *band, callgrind_totals *t)
{
    char path[PATH_MAX + 32], want[64], err[200];
    snprintf(path, sizeof path, "%s/cg.out.%d", j->dir, j->next_part++);
    if (callgrind_parse_file(path, t, err, sizeof err) != 0) {
        snprintf(j->error, sizeof j->error, "simulation: %s", err);
        return -1;
    }
    snprintf(want, sizeof want, "tttop-sim %d %s", run, band);
    if (!strstr(t->trigger, want)) {
        snprintf(j->error, sizeof j->error, "simulation: part %d is '%s', not '%s'",
                 j->next_part - 1, t->trigger, want);
        return -1;
    }
    return 0;
}

/* A "done I ISA" line into a result. */
static int deliver(sim_job *j, const char *line, int *index, sim_counts *out)
{
    int run = -1;
    char isa[32] = "";
    if (sscanf(line, "done %d %31s", &run, isa) != 2 || run != j->delivered || run >= j->count) {
        snprintf(j->error, sizeof j->error, "simulation: unexpected line from the child: %.80s",
                 line);
        return -1;
    }
    callgrind_totals small, large;
    if (read_part(j, run, "small", &small) != 0 ||
        (j->large[run] > 0 && read_part(j, run, "large", &large) != 0))
        return -1;
    memset(out, 0, sizeof *out);
    const experiment *e = &j->runs[run];
    sim_counts_combine(out, &small, j->small[run], j->large[run] > 0 ? &large : NULL, j->large[run],
                       e->m, experiment_flops(e));
    out->part_block = j->part_block[run];
    out->threads = 1;
    snprintf(out->isa, sizeof out->isa, "%.15s", strcmp(isa, "-") == 0 ? "" : isa);
    snprintf(out->tool, sizeof out->tool, "callgrind");
    out->geometry = j->geometry;
    const double now = now_s();
    out->seconds = now - j->last;
    j->last = now;
    *index = run;
    j->delivered++;
    return 1;
}

/* A complete line waiting in the buffer, taken out into buf; false when none. */
static bool take_line(sim_job *j, char *buf, size_t len)
{
    char *nl = memchr(j->line, '\n', j->linelen);
    if (!nl)
        return false;
    size_t n = (size_t)(nl - j->line);
    snprintf(buf, len, "%.*s", (int)n, j->line);
    memmove(j->line, nl + 1, j->linelen - n - 1);
    j->linelen -= n + 1;
    return true;
}

static void reap(sim_job *j, bool wait)
{
    if (j->pid <= 0)
        return;
    int status = 0;
    pid_t got = waitpid(j->pid, &status, wait ? 0 : WNOHANG);
    if (got != j->pid)
        return;
    j->pid = 0;
    if (j->delivered < j->count && !j->error[0]) {
        char tail[200];
        log_tail(j, tail, sizeof tail);
        if (WIFSIGNALED(status))
            snprintf(j->error, sizeof j->error, "simulation: the child died of signal %d%s%s",
                     WTERMSIG(status), tail[0] ? ": " : "", tail);
        else
            snprintf(j->error, sizeof j->error, "simulation failed (exit %d)%s%s",
                     WEXITSTATUS(status), tail[0] ? ": " : "", tail);
    }
}

int simulate_poll(sim_job *j, int *index, sim_counts *out)
{
    char line[512];
    if (j->error[0])
        return -1;
    while (!j->eof && j->linelen < sizeof j->line - 1) {
        ssize_t got = read(j->fd, j->line + j->linelen, sizeof j->line - 1 - j->linelen);
        if (got > 0) {
            j->linelen += (size_t)got;
        } else if (got == 0) {
            j->eof = true;
        } else {
            if (errno != EAGAIN && errno != EINTR)
                j->eof = true;
            break;
        }
    }
    if (take_line(j, line, sizeof line)) {
        int rc = deliver(j, line, index, out);
        return rc;
    }
    if (j->linelen == sizeof j->line - 1) {
        snprintf(j->error, sizeof j->error, "simulation: the child wrote a line too long");
        return -1;
    }
    if (j->eof) {
        reap(j, false);
        if (j->pid == 0 || j->error[0])
            return -1;
    }
    return 0;
}

int simulate_wait(sim_job *j, int *index, sim_counts *out, double timeout_s)
{
    const double deadline = now_s() + timeout_s;
    for (;;) {
        int rc = simulate_poll(j, index, out);
        if (rc != 0)
            return rc;
        const double left = deadline - now_s();
        if (left <= 0)
            return 0;
        struct pollfd p = {.fd = j->fd, .events = POLLIN};
        if (j->eof) { /* the child closed its output: it is exiting */
            reap(j, true);
            continue;
        }
        poll(&p, 1, (int)(left * 1000) + 1);
    }
}

const char *simulate_error(const sim_job *j)
{
    return j ? j->error : "";
}

pid_t simulate_pid(const sim_job *j)
{
    return j ? j->pid : 0;
}

int simulate_current(const sim_job *j)
{
    return j && j->delivered < j->count && !j->error[0] ? j->delivered : -1;
}

int simulate_runs(const experiment *runs, int count, sim_counts *out, char *err, size_t errlen)
{
    for (int i = 0; i < count; i++)
        out[i].valid = false;
    sim_job *j = simulate_start(runs, count, err, errlen);
    if (!j)
        return -1;
    int index, rc;
    sim_counts one;
    while ((rc = simulate_wait(j, &index, &one, 3600.0)) >= 0)
        if (rc == 1)
            out[index] = one;
    int status = 0;
    if (j->error[0]) {
        snprintf(err, errlen, "%s", j->error);
        status = -1;
    }
    simulate_cancel(j);
    return status;
}
