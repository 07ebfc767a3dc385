/* `tttop events`: which counters this host can count, and why not. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "counters/events_report.h"
#include "store/output.h"

int events_main(int argc, char **argv)
{
    cli o;
    char err[512] = "";
    int rc = cli_parse(FACE_EVENTS, argc, argv, &o, err, sizeof err);
    if (rc != 0) {
        int status = cli_exit_status(FACE_EVENTS, rc, err);
        cli_free(&o);
        return status;
    }
    int status = events_report_print(stdout, (const char *const *)o.events, o.nevents) == 0 ? 0 : 1;
    if (output_close_stdout(err, sizeof err) != 0) {
        fprintf(stderr, "tttop events: %s\n", err);
        status = 1;
    }
    cli_free(&o);
    return status;
}
