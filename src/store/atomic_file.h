/* Every file tttop writes goes through here, with one set of rules:
 *  - a regular file is replaced whole or not at all: a temporary file beside it, flushed,
 *    fsync'd, then renamed over it; it keeps the existing file's mode (a new file follows
 *    the umask, as every Unix tool does);
 *  - a symbolic link is followed and its target replaced, the link kept;
 *  - a file with several hard links is written beside itself first, then copied over
 *    itself in place, so that every name sees the new content;
 *  - a device, a FIFO or a file in /proc is written through, never renamed over;
 *    /dev/stdout, /dev/stderr and /dev/fd/N use the descriptor tttop has (the shell's
 *    offset and append mode hold);
 *  - an existing file the user may not write is refused, as the shell's > refuses it;
 *  - a directory is refused before anything is measured;
 *  - every write and the final close are checked: a full disk is an error, never a
 *    silently truncated file.
 * With no_replace, an existing file is an error (exports without --force), and the check
 * is made atomically at commit (link(2), not rename). */
#ifndef TTTOP_ATOMIC_FILE_H
#define TTTOP_ATOMIC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct atomic_file {
    FILE *fp;
    struct atomic_sink *sink; /* the descriptor under fp and its first write error */
    char *path;               /* the file that ends up written (a link's target) */
    char *tmp_path;           /* NULL when written through */
    bool no_replace;
    bool in_place; /* several hard links: copied over the file at commit */
} atomic_file;

/* Returns 0, or -1 with errno set and a one-line message naming the path in err. */
int atomic_file_open(atomic_file *f, const char *path, char *err, size_t errlen);
int atomic_file_open_new(atomic_file *f, const char *path, char *err, size_t errlen);
/* Flush, fsync and put into place; on any failure the target is untouched. */
int atomic_file_commit(atomic_file *f, char *err, size_t errlen);
/* Give up: remove the temporary file. Safe after commit and on a zeroed struct. */
void atomic_file_abort(atomic_file *f);

/* Whether an open's errno is the system failing (no space, quota, I/O, memory, file
 * table) rather than the place the user named: exit status 1, not 2. */
bool atomic_file_fault(int err);

/* On SIGINT, SIGTERM, SIGHUP and SIGQUIT remove the temporary file in progress, then die
 * of the signal as before. For the headless faces (the dashboard handles its signals). */
void atomic_file_remove_on_signals(void);

/* Create a directory and its parents (mode 0700 for new ones). 0 or -1. */
int make_dirs(const char *path);

#endif
