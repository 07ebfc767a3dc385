/* `tttop events`: which counters this host can count, and why not. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "counters.h"
#include "events_report.h"
#include "parse.h"

int events_main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"events", required_argument, NULL, 'e'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *extra[COUNTERS_MAX];
    int nextra = 0, c, status = 0;
    char *text = NULL, err[256];
    optind = 0;
    opterr = 0;
    while (status == 0 && (c = getopt_long(argc, argv, ":e:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'e':
            free(text);
            text = strdup(optarg);
            nextra = text ? parse_word_list("--events", text, extra, COUNTERS_MAX, err, sizeof err)
                          : -1;
            if (nextra < 0) {
                fprintf(stderr, "tttop events: %s\n", text ? err : "out of memory");
                status = 2;
            }
            break;
        case 'h':
            puts("usage: tttop events [--events LIST]\n"
                 "List every counter tttop uses (and those in LIST), whether this host can "
                 "count it,\nwhy not, and what would fix it.");
            free(text);
            return 0;
        default:
            parse_option_error(c, argv, "tttop events", err, sizeof err);
            fprintf(stderr, "tttop events: %s\n", err);
            status = 2;
        }
    }
    if (status == 0 && parse_no_operands(argc, argv, "tttop events", err, sizeof err) != 0) {
        fprintf(stderr, "tttop events: %s\n", err);
        status = 2;
    }
    if (status == 0)
        status = events_report_print(stdout, extra, nextra) == 0 ? 0 : 1;
    free(text);
    return status;
}
