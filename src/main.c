/* tttop: top for matrix multiply. Dispatches to the dashboard or a headless subcommand. */
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/bench.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "cli/version.h"
#include "dashboard.h"
#include "report/tools.h"
#include "screen.h"
#include "machine/memory.h"

/* The dashboard, or the demo in it (face FACE_DEMO). */
static int run_interactive(cli_face face, int argc, char **argv)
{
    cli o;
    char err[512] = "";
    int rc = cli_parse(face, argc, argv, &o, err, sizeof err);
    int status;
    if (rc == 3) {
        status = version_print(stdout, screen_curses_version()) == 0 ? 0 : 1;
        if (status)
            fprintf(stderr, "tttop: cannot write to standard output\n");
    } else if (rc != 0) {
        status = cli_exit_status(face, rc, err);
    } else if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
        fprintf(stderr,
                "%s: the dashboard needs a terminal; for measurements in a script "
                "or a pipe use `tttop bench` (see tttop bench --help)\n",
                cli_face_command(face));
        status = 2;
    } else {
        status = face == FACE_DEMO ? dashboard_run_demo(&o) : dashboard_run(&o);
    }
    cli_free(&o);
    return status;
}

static int run_dashboard(int argc, char **argv)
{
    return run_interactive(FACE_DASHBOARD, argc, argv);
}

static int demo_main(int argc, char **argv)
{
    return run_interactive(FACE_DEMO, argc, argv);
}

/* `tttop --demo ...` is `tttop demo ...`: the alias is taken out wherever it stands before
 * a "--", and the rest parsed as the demo's options. */
static int demo_alias(int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--demo") != 0)
            continue;
        memmove(argv + i, argv + i + 1, (size_t)(argc - i) * sizeof *argv); /* with the NULL */
        return demo_main(argc - 1, argv);
    }
    return -1;
}

static const struct {
    const char *name;
    int (*main)(int argc, char **argv);
} commands[] = {
    {"bench", bench_main},
    {"demo", demo_main},
    {"events", events_main},
    {"report", report_main},
    {"machine", machine_main},
    {"tune", tune_main},
    {"__simulate", simulate_child_main}, /* internal: the child of a simulation */
};

/* Under too small an address-space limit OpenBLAS's threads, started before main, are
 * already retrying their allocation forever: say so, and leave without the exit handlers
 * that would wait for them. */
static void refuse_small_address_space(void)
{
    memory_state mem;
    char err[512];
    memory_read(&mem);
    if (memory_check_limit(&mem, memory_blas_threads(), err, sizeof err) == 0)
        return;
    fprintf(stderr, "tttop: %s\n", err);
    fflush(stderr);
    _exit(1);
}

int main(int argc, char **argv)
{
    tools_note_ui_library("ncurses", screen_library_version()); /* for the report's facts */
    refuse_small_address_space();
    /* Matrices of a setting left behind go back to the system at once: blocks of 4 MiB
     * and more are mapped on their own. glibc's default threshold grows with the largest
     * block freed, after which a large matrix freed stays in the worker's arena. */
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    for (size_t i = 0; argc > 1 && i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].main(argc - 1, argv + 1);
    const int demo = demo_alias(argc, argv);
    if (demo >= 0)
        return demo;
    if (argc > 1 && strcmp(argv[1], "help") == 0) {
        if (cli_usage(FACE_DASHBOARD, stdout) != 0) {
            fprintf(stderr, "tttop: cannot write to standard output\n");
            return 1;
        }
        return 0;
    }
    return run_dashboard(argc, argv);
}
