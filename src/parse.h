/* Strict parsing of command-line values: the whole text must be a number in range.
 * Errors are one line, naming the option and the offending text. */
#ifndef TTTOP_PARSE_H
#define TTTOP_PARSE_H

#include <stddef.h>

#define PARSE_MAX_LIST 32

/* A positive integer in [1, max]. */
int parse_int(const char *opt, const char *text, int max, int *out, char *err, size_t errlen);
/* A finite number in (0, max]. */
int parse_seconds(const char *opt, const char *text, double max, double *out, char *err,
                  size_t errlen);
/* Comma-separated positive integers; returns the count, or -1. */
int parse_int_list(const char *opt, const char *text, int max, int *out, int cap, char *err,
                   size_t errlen);
/* Comma-separated sizes, each "N" (square) or "MxNxK"; fills shapes[i][0..2]. */
int parse_size_list(const char *opt, const char *text, int max, int (*shapes)[3], int cap,
                    char *err, size_t errlen);
/* Comma-separated variant names, or "all"; fills registry indices. */
int parse_variant_list(const char *opt, const char *text, int *out, int cap, char *err,
                       size_t errlen);
/* Comma-separated words (event names); copies pointers into text, which is modified. */
int parse_word_list(const char *opt, char *text, const char **out, int cap, char *err,
                    size_t errlen);

/* The one-line message for getopt_long's ':' (an option without its value) or '?' (an
 * unknown option); command is "tttop bench", "tttop" ... for the hint. */
void parse_option_error(int c, char **argv, const char *command, char *err, size_t errlen);
/* 0, or -1 with a message when arguments are left after the options. */
int parse_no_operands(int argc, char **argv, const char *command, char *err, size_t errlen);

#endif
