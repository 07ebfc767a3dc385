#include "store/output.h"

#include <errno.h>
#include <string.h>

int output_open(output *o, const char *path, bool no_replace, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    if (!path) {
        o->fp = stdout;
        return 0;
    }
    int rc = no_replace ? atomic_file_open_new(&o->file, path, err, errlen)
                        : atomic_file_open(&o->file, path, err, errlen);
    if (rc != 0)
        return -1;
    o->to_file = true;
    o->fp = o->file.fp;
    return 0;
}

int output_commit(output *o, char *err, size_t errlen)
{
    if (o->to_file) {
        o->fp = NULL;
        o->to_file = false;
        return atomic_file_commit(&o->file, err, errlen);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        snprintf(err, errlen, "cannot write to standard output: %s",
                 errno ? strerror(errno) : "write error");
        return -1;
    }
    return 0;
}

void output_abort(output *o)
{
    if (o->to_file)
        atomic_file_abort(&o->file);
    memset(o, 0, sizeof *o);
}

/* The first error a flush of standard output met: stdio keeps only a flag. */
static int stdout_errno;

int output_flush_stdout(void)
{
    errno = 0;
    if (fflush(stdout) == 0 && !ferror(stdout))
        return 0;
    if (!stdout_errno)
        stdout_errno = errno ? errno : EIO;
    return -1;
}

int output_close_stdout(char *err, size_t errlen)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout) || fclose(stdout) != 0) {
        const int saved = stdout_errno ? stdout_errno : errno;
        snprintf(err, errlen, "cannot write to standard output: %s",
                 saved ? strerror(saved) : "write error");
        return -1;
    }
    return 0;
}
