#include "atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int atomic_file_open(atomic_file *f, const char *path, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->path = strdup(path);
    size_t len = strlen(path) + 16;
    f->tmp_path = malloc(len);
    if (!f->path || !f->tmp_path) {
        snprintf(err, errlen, "%s: out of memory", path);
        atomic_file_abort(f);
        return -1;
    }
    snprintf(f->tmp_path, len, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(f->tmp_path);
    if (fd < 0 || !(f->fp = fdopen(fd, "w"))) {
        int saved = errno;
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(saved));
        if (fd >= 0) {
            close(fd);
            unlink(f->tmp_path);
        }
        free(f->tmp_path);
        f->tmp_path = NULL;
        atomic_file_abort(f);
        errno = saved;
        return -1;
    }
    return 0;
}

int atomic_file_commit(atomic_file *f, char *err, size_t errlen)
{
    int failed = fflush(f->fp) != 0 || ferror(f->fp) || fsync(fileno(f->fp)) != 0;
    int saved = errno;
    if (fclose(f->fp) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    f->fp = NULL;
    if (!failed && rename(f->tmp_path, f->path) != 0) {
        failed = 1;
        saved = errno;
    }
    if (failed) {
        snprintf(err, errlen, "%s: cannot write: %s", f->path, strerror(saved));
        atomic_file_abort(f);
        errno = saved;
        return -1;
    }
    free(f->tmp_path);
    f->tmp_path = NULL;
    atomic_file_abort(f);
    return 0;
}

void atomic_file_abort(atomic_file *f)
{
    if (f->fp)
        fclose(f->fp);
    if (f->tmp_path)
        unlink(f->tmp_path);
    free(f->tmp_path);
    free(f->path);
    memset(f, 0, sizeof *f);
}

int make_dirs(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return -1;
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
            free(copy);
            return -1;
        }
        *p = '/';
    }
    int rc = mkdir(copy, 0700) != 0 && errno != EEXIST ? -1 : 0;
    free(copy);
    return rc;
}
