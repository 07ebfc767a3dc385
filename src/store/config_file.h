/* Reading tttop's own files (settings, tuning, machine figures): only regular files of
 * bounded size, so that a FIFO or a link to /dev/zero cannot hang or exhaust the program;
 * and writing back the entries a rewrite keeps. */
#ifndef TTTOP_CONFIG_FILE_H
#define TTTOP_CONFIG_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CONFIG_FILE_MAX_BYTES (1u << 20)
/* The longest line inih reads whole (INI_MAX_LINE less its newline and NUL); a longer one
 * makes the file not valid. */
#define CONFIG_FILE_MAX_LINE 198
/* The longest name of an entry (inih's MAX_NAME less its NUL and one). */
#define CONFIG_FILE_MAX_NAME 48

/* 0 with *text (NUL-terminated, free it), 1 when the file does not exist, -1 with a
 * one-line message naming the path. */
int config_file_read(const char *path, char **text, char *err, size_t errlen);

/* inih over text, with the line number of each entry given to the handler (Debian's
 * libinih is built without it). The handler returns nonzero to accept the entry. Returns
 * 0, or the first line inih could not parse or the handler refused; a file with a line
 * longer than CONFIG_FILE_MAX_LINE is not parsed at all (that line is returned). */
typedef int (*config_entry_fn)(void *user, const char *section, const char *key, const char *value,
                               int line);
int config_file_parse(const char *text, config_entry_fn fn, void *user);

/* Every entry of a file, in order: what a rewrite keeps of it. */
typedef struct config_entry {
    char *section, *key, *value;
} config_entry;

typedef struct config_entries {
    config_entry *items;
    int count, cap;
    bool failed; /* out of memory */
} config_entries;

/* Every entry of text (NULL: no file) into l. 0; or -1 with err naming path ("line N is
 * not valid; not overwritten", or out of memory), l freed. */
int config_entries_collect(const char *path, const char *text, config_entries *l, char *err,
                           size_t errlen);
void config_entries_free(config_entries *l);

/* A kept entry, written so that it reads back the same: "key = value" unless that would
 * change it. An empty key must not start the line with a space (that continues the
 * previous value), a value starting with ';' must not follow a space (that makes it a
 * comment), and a line must stay within what the parser reads whole
 * (CONFIG_FILE_MAX_LINE): "key=value" is never longer than a line it came from, and an
 * entry that came from a continuation line (a value on a line of its own, after one of the
 * same key: it may be longer, or hold " ;") is written as one again. prev_key: the key of
 * the line before in the same section, or NULL. */
void config_entry_write(FILE *f, const char *key, const char *value, const char *prev_key);

#endif
