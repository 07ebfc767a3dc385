/* Strict parsing of command-line values, one parser for every number and list of every
 * subcommand: the whole text must be a decimal number in range, every list item must be
 * present and valid. Errors are one line, naming the option and the offending item. */
#ifndef TTTOP_PARSE_H
#define TTTOP_PARSE_H

#include <stddef.h>

/* Items a list may hold: beyond this, a list is a typo or an attack, not a measurement. */
#define PARSE_MAX_ITEMS 1000

/* An integer in [min, max]. */
int parse_int(const char *opt, const char *text, int min, int max, int *out, char *err,
              size_t errlen);
/* A decimal number of seconds in (0, max]: "0.5", "2", "1e-3"; no hex, no inf/nan. */
int parse_seconds(const char *opt, const char *text, double max, double *out, char *err,
                  size_t errlen);

/* Comma-separated lists into a new array (free it); return the count, or -1. */
int parse_int_list(const char *opt, const char *text, int min, int max, int **out, char *err,
                   size_t errlen);
/* Sizes "N" (square) or "MxNxK". */
int parse_size_list(const char *opt, const char *text, int max, int (**shapes)[3], char *err,
                    size_t errlen);
/* Variant names, or "all" (alone). */
int parse_variant_list(const char *opt, const char *text, int **out, char *err, size_t errlen);
/* Words (event names): each a copy. */
int parse_word_list(const char *opt, const char *text, char ***out, char *err, size_t errlen);
void parse_free_words(char **words, int count);

/* One variant name (not a list, not "all"). */
int parse_variant(const char *opt, const char *text, int *out, char *err, size_t errlen);
/* One of names[0..count-1]: the index, or -1 with "OPT: 'x' is not a, b or c". */
int parse_choice(const char *opt, const char *text, const char *const *names, int count, char *err,
                 size_t errlen);

#endif
