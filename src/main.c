/* tttop: top for matrix multiply. Dispatches to the dashboard or a headless subcommand. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/bench.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "dashboard.h"

static int run_dashboard(int argc, char **argv)
{
    cli o;
    char err[512] = "";
    int rc = cli_parse(FACE_DASHBOARD, argc, argv, &o, err, sizeof err);
    int status;
    if (rc != 0) {
        status = cli_exit_status(FACE_DASHBOARD, rc, err);
    } else if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
        fprintf(stderr, "tttop: the dashboard needs a terminal; for measurements in a script "
                        "or a pipe use `tttop bench` (see tttop bench --help)\n");
        status = 2;
    } else {
        status = dashboard_run(&o);
    }
    cli_free(&o);
    return status;
}

static const struct {
    const char *name;
    int (*main)(int argc, char **argv);
} commands[] = {
    {"bench", bench_main},
    {"events", events_main},
    {"machine", machine_main},
    {"tune", tune_main},
};

int main(int argc, char **argv)
{
    for (size_t i = 0; argc > 1 && i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].main(argc - 1, argv + 1);
    if (argc > 1 && strcmp(argv[1], "help") == 0) {
        if (cli_usage(FACE_DASHBOARD, stdout) != 0) {
            fprintf(stderr, "tttop: cannot write to standard output\n");
            return 1;
        }
        return 0;
    }
    return run_dashboard(argc, argv);
}
