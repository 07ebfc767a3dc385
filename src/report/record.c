#include "report/record.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct record {
    int fd;
    char *path;
    bool regular;
    bool failed;
};

record *record_open(const char *path, char *err, size_t errlen)
{
    record *rec = calloc(1, sizeof *rec);
    if (!rec || !(rec->path = strdup(path))) {
        free(rec);
        snprintf(err, errlen, "--record: out of memory");
        return NULL;
    }
    rec->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0666);
    struct stat st;
    if (rec->fd < 0 || fstat(rec->fd, &st) != 0) {
        snprintf(err, errlen, "--record %s: %s", path,
                 errno == ENXIO ? "a FIFO with no reader" : strerror(errno));
        record_close(rec);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "--record %s: is a directory", path);
        record_close(rec);
        return NULL;
    }
    rec->regular = S_ISREG(st.st_mode);
    int flags = fcntl(rec->fd, F_GETFL);
    if (flags >= 0)
        fcntl(rec->fd, F_SETFL, flags & ~O_NONBLOCK);
    return rec;
}

/* The whole buffer, retrying short writes; -1 with errno on failure. */
static int write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ENOSPC;
            return -1;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

int record_write(record *rec, const result_row *row, const report_counters *c, char *err,
                 size_t errlen)
{
    if (!rec || rec->failed)
        return -1;
    json_t *obj = report_result_json(row, c);
    char *line = obj ? json_dumps(obj, JSON_COMPACT) : NULL;
    json_decref(obj);
    if (!line) {
        snprintf(err, errlen, "--record: out of memory; recording stopped");
        rec->failed = true;
        return -1;
    }
    size_t len = strlen(line);
    char *full = realloc(line, len + 2);
    if (!full) {
        free(line);
        snprintf(err, errlen, "--record: out of memory; recording stopped");
        rec->failed = true;
        return -1;
    }
    full[len] = '\n';
    full[len + 1] = '\0';
    off_t before = rec->regular ? lseek(rec->fd, 0, SEEK_END) : -1;
    int rc = write_all(rec->fd, full, len + 1);
    int saved = errno;
    free(full);
    if (rc == 0)
        return 0;
    if (before >= 0 && ftruncate(rec->fd, before) != 0)
        saved = errno;
    snprintf(err, errlen, "--record %s: %s; recording stopped", rec->path, strerror(saved));
    rec->failed = true;
    return -1;
}

void record_close(record *rec)
{
    if (!rec)
        return;
    if (rec->fd >= 0)
        close(rec->fd);
    free(rec->path);
    free(rec);
}
