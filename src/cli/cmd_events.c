/* `tttop events`: which counters this host can count, and why not. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/simulate.h"
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
    /* what stands in for the PMU where it is missing (--counters auto or simulated) */
    char line[400];
    printf("\nsimulated counters (instructions, L1D and last-level accesses and misses, for\n"
           "--counters auto without a PMU, or --counters simulated):\n  %s\n",
           simulate_summary(line, sizeof line));
    if (output_close_stdout(err, sizeof err) != 0) {
        fprintf(stderr, "tttop events: %s\n", err);
        status = 1;
    }
    cli_free(&o);
    return status;
}
