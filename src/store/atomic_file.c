#include "store/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary file a signal handler must remove: one at a time per process. The flag is
 * atomic, not sig_atomic_t: the handler may run on any thread. */
static char pending_tmp[PATH_MAX];
static atomic_int pending_set;

static void set_pending(const char *tmp)
{
    atomic_store(&pending_set, 0);
    if (tmp && strlen(tmp) < sizeof pending_tmp) {
        memcpy(pending_tmp, tmp, strlen(tmp) + 1);
        atomic_store(&pending_set, 1);
    }
}

static void on_signal(int sig)
{
    if (atomic_load(&pending_set))
        unlink(pending_tmp);
    signal(sig, SIG_DFL);
    raise(sig);
}

void atomic_file_remove_on_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa = {.sa_handler = on_signal};
        sigemptyset(&sa.sa_mask);
        sigaction(sigs[i], &sa, NULL);
    }
}

/* procfs files cannot be renamed over: they are written where they are. */
static bool in_procfs(const char *path)
{
    return strncmp(path, "/proc/", 6) == 0;
}

/* /dev/stdout, /dev/stderr, /dev/fd/N and /proc/self/fd/N name a descriptor tttop already
 * has: it is used as it is, so that the shell's append mode and offset hold (opening
 * /proc/self/fd/1 anew would write from the start of a file opened with >>). -1 if not. */
static int inherited_fd(const char *path)
{
    if (strcmp(path, "/dev/stdout") == 0)
        return STDOUT_FILENO;
    if (strcmp(path, "/dev/stderr") == 0)
        return STDERR_FILENO;
    const char *num = strncmp(path, "/dev/fd/", 8) == 0          ? path + 8
                      : strncmp(path, "/proc/self/fd/", 14) == 0 ? path + 14
                                                                 : NULL;
    if (!num || !*num || strlen(num) > 6 || strspn(num, "0123456789") != strlen(num))
        return -1;
    return atoi(num);
}

/* The path a write to `path` should replace: a symbolic link's final target. */
static char *resolve(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
        return strdup(path);
    char *real = realpath(path, NULL);
    if (real)
        return real;
    /* a dangling link: write where it points, as a shell's > would */
    char target[PATH_MAX];
    ssize_t n = readlink(path, target, sizeof target - 1);
    if (n < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    target[n] = '\0';
    if (target[0] == '/')
        return strdup(target);
    char *copy = strdup(path), *joined = NULL;
    if (copy) {
        size_t len = strlen(copy) + strlen(target) + 2;
        if ((joined = malloc(len)))
            snprintf(joined, len, "%s/%s", dirname(copy), target);
    }
    free(copy);
    return joined;
}

/* The stream callers write to: it keeps the first write error's errno, which a stdio
 * stream forgets, so that the message says "No space left on device". */
struct atomic_sink {
    int fd;
    int error;
};

static ssize_t sink_write(void *cookie, const char *buf, size_t len)
{
    struct atomic_sink *s = cookie;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(s->fd, buf + done, len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (!s->error)
                s->error = n < 0 ? errno : ENOSPC;
            errno = s->error;
            return -1;
        }
        done += (size_t)n;
    }
    return (ssize_t)len;
}

static int sink_close(void *cookie)
{
    struct atomic_sink *s = cookie;
    int rc = close(s->fd);
    free(s);
    return rc;
}

static int fdopen_or_close(atomic_file *f, int fd, char *err, size_t errlen)
{
    struct atomic_sink *s = malloc(sizeof *s);
    if (s) {
        *s = (struct atomic_sink){.fd = fd};
        f->fp =
            fopencookie(s, "w", (cookie_io_functions_t){.write = sink_write, .close = sink_close});
    }
    if (!s || !f->fp) {
        free(s);
        close(fd);
        snprintf(err, errlen, "%s: out of memory", f->path);
        errno = ENOMEM;
        return -1;
    }
    f->sink = s;
    return 0;
}

static int open_inherited(atomic_file *f, int fd, char *err, size_t errlen)
{
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    if (copy < 0) {
        int saved = errno;
        snprintf(err, errlen, "%s: %s", f->path, strerror(saved));
        errno = saved;
        return -1;
    }
    return fdopen_or_close(f, copy, err, errlen);
}

static int open_direct(atomic_file *f, char *err, size_t errlen)
{
    int fd = open(f->path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        int saved = errno;
        snprintf(err, errlen, "%s: %s", f->path,
                 saved == ENXIO ? "a FIFO with no reader" : strerror(saved));
        errno = saved;
        return -1;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fdopen_or_close(f, fd, err, errlen);
}

static mode_t new_file_mode(void)
{
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

static int open_temporary(atomic_file *f, const struct stat *existing, char *err, size_t errlen)
{
    size_t len = strlen(f->path) + 16;
    if (!(f->tmp_path = malloc(len))) {
        snprintf(err, errlen, "%s: out of memory", f->path);
        return -1;
    }
    snprintf(f->tmp_path, len, "%s.tmp.XXXXXX", f->path);
    int fd = mkstemp(f->tmp_path);
    if (fd < 0) {
        int saved = errno;
        snprintf(err, errlen, "%s: cannot write: %s", f->path, strerror(saved));
        free(f->tmp_path);
        f->tmp_path = NULL;
        errno = saved;
        return -1;
    }
    set_pending(f->tmp_path);
    mode_t mode = existing ? existing->st_mode & 07777 : new_file_mode();
    if (existing && geteuid() == 0 && fchown(fd, existing->st_uid, existing->st_gid) != 0)
        mode &= 0777; /* no set-id bits on a file of another owner */
    if (fchmod(fd, mode) != 0) {
        int saved = errno;
        snprintf(err, errlen, "%s: cannot write: %s", f->path, strerror(saved));
        close(fd);
        errno = saved;
        return -1;
    }
    return fdopen_or_close(f, fd, err, errlen);
}

static int open_target(atomic_file *f, const char *path, bool no_replace, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->no_replace = no_replace;
    const int fd = inherited_fd(path);
    if (!(f->path = fd >= 0 || in_procfs(path) ? strdup(path) : resolve(path, err, errlen))) {
        if (!err[0])
            snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    struct stat st;
    const bool exists = fd < 0 && stat(f->path, &st) == 0;
    int rc;
    if (fd >= 0) {
        rc = open_inherited(f, fd, err, errlen);
    } else if (exists && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: is a directory", path);
        errno = EISDIR;
        rc = -1;
    } else if (exists && no_replace) {
        snprintf(err, errlen, "%s: exists (--force replaces it)", path);
        errno = EEXIST;
        rc = -1;
    } else if (in_procfs(f->path) || (exists && !S_ISREG(st.st_mode))) {
        rc = open_direct(f, err, errlen);
    } else if (exists && access(f->path, W_OK) != 0) {
        /* as the shell's > would: a file the user may not write is not replaced */
        int saved = errno;
        snprintf(err, errlen, "%s: %s", path, strerror(saved));
        errno = saved;
        rc = -1;
    } else {
        /* several names for one file: all of them must see the new content */
        f->in_place = exists && st.st_nlink > 1;
        rc = open_temporary(f, exists ? &st : NULL, err, errlen);
    }
    if (rc != 0) {
        int saved = errno;
        atomic_file_abort(f);
        errno = saved;
    }
    return rc;
}

bool atomic_file_fault(int err)
{
    return err == ENOSPC || err == EDQUOT || err == EIO || err == ENOMEM || err == EMFILE ||
           err == ENFILE;
}

int atomic_file_open(atomic_file *f, const char *path, char *err, size_t errlen)
{
    err[0] = '\0';
    return open_target(f, path, false, err, errlen);
}

int atomic_file_open_new(atomic_file *f, const char *path, char *err, size_t errlen)
{
    err[0] = '\0';
    return open_target(f, path, true, err, errlen);
}

/* The temporary file's content copied over a file that has several names; errno on
 * failure. The file is only touched once the whole content is safely written beside it. */
static int copy_into(int from, const char *path)
{
    int to = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (to < 0)
        return -1;
    char buf[65536];
    off_t total = 0;
    int rc = lseek(from, 0, SEEK_SET) == 0 ? 0 : -1;
    while (rc == 0) {
        ssize_t n = read(from, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = n < 0 ? -1 : 0;
            break;
        }
        for (ssize_t done = 0; rc == 0 && done < n;) {
            ssize_t w = write(to, buf + done, (size_t)(n - done));
            if (w < 0 && errno == EINTR)
                continue;
            if (w <= 0) {
                if (w == 0)
                    errno = ENOSPC;
                rc = -1;
            } else {
                done += w;
            }
        }
        total += n;
    }
    if (rc == 0 && (ftruncate(to, total) != 0 || fsync(to) != 0))
        rc = -1;
    int saved = errno;
    if (close(to) != 0 && rc == 0)
        return -1;
    errno = saved;
    return rc;
}

int atomic_file_commit(atomic_file *f, char *err, size_t errlen)
{
    errno = 0;
    int failed = fflush(f->fp) != 0 || ferror(f->fp);
    int saved = f->sink->error ? f->sink->error : errno;
    const int fd = f->sink->fd;
    if (!failed && f->tmp_path && fsync(fd) != 0) {
        failed = 1;
        saved = errno;
    }
    if (!failed && f->in_place && copy_into(fd, f->path) != 0) {
        failed = 1;
        saved = errno;
    }
    if (fclose(f->fp) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    f->fp = NULL;
    f->sink = NULL; /* freed with the stream */
    if (!failed && f->tmp_path && !f->in_place) {
        if (f->no_replace) {
            if (link(f->tmp_path, f->path) != 0) {
                failed = 1;
                saved = errno;
            }
        } else if (rename(f->tmp_path, f->path) != 0) {
            failed = 1;
            saved = errno;
        } else {
            free(f->tmp_path); /* renamed: nothing left to remove */
            f->tmp_path = NULL;
            pending_set = 0;
        }
    }
    if (failed) {
        if (saved == EEXIST && f->no_replace)
            snprintf(err, errlen, "%s: exists (--force replaces it)", f->path);
        else
            snprintf(err, errlen, "%s: cannot write: %s", f->path,
                     saved ? strerror(saved) : "write error");
        atomic_file_abort(f);
        errno = saved;
        return -1;
    }
    atomic_file_abort(f); /* removes the temporary name of a linked or copied file */
    return 0;
}

void atomic_file_abort(atomic_file *f)
{
    if (f->fp)
        fclose(f->fp);
    if (f->tmp_path) {
        unlink(f->tmp_path);
        pending_set = 0;
    }
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
