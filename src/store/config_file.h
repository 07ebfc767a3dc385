/* Reading tttop's own files (settings, tuning): only regular files of bounded size, so
 * that a FIFO or a link to /dev/zero cannot hang or exhaust the program. */
#ifndef TTTOP_CONFIG_FILE_H
#define TTTOP_CONFIG_FILE_H

#include <stddef.h>

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

#endif
