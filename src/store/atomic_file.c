#include "store/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary file a signal handler must remove: one at a time per process. */
static char pending_tmp[PATH_MAX];
static volatile sig_atomic_t pending_set;

static void set_pending(const char *tmp)
{
    pending_set = 0;
    if (tmp && strlen(tmp) < sizeof pending_tmp) {
        memcpy(pending_tmp, tmp, strlen(tmp) + 1);
        pending_set = 1;
    }
}

static void on_signal(int sig)
{
    if (pending_set)
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

static bool written_through(const char *path)
{
    return strncmp(path, "/dev/", 5) == 0 || strncmp(path, "/proc/", 6) == 0;
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
    if (!(f->fp = fdopen(fd, "w"))) {
        close(fd);
        snprintf(err, errlen, "%s: %s", f->path, strerror(errno));
        return -1;
    }
    return 0;
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
    if (fchmod(fd, mode) != 0 || !(f->fp = fdopen(fd, "w"))) {
        int saved = errno;
        snprintf(err, errlen, "%s: cannot write: %s", f->path, strerror(saved));
        close(fd);
        return -1;
    }
    return 0;
}

static int open_target(atomic_file *f, const char *path, bool no_replace, char *err, size_t errlen)
{
    memset(f, 0, sizeof *f);
    f->no_replace = no_replace;
    if (!(f->path = written_through(path) ? strdup(path) : resolve(path, err, errlen))) {
        if (!err[0])
            snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    struct stat st;
    const bool exists = stat(f->path, &st) == 0;
    int rc;
    if (exists && S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: is a directory", path);
        errno = EISDIR;
        rc = -1;
    } else if (exists && no_replace && S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "%s: exists (--force replaces it)", path);
        errno = EEXIST;
        rc = -1;
    } else if (written_through(f->path) || (exists && !S_ISREG(st.st_mode))) {
        rc = open_direct(f, err, errlen);
    } else {
        rc = open_temporary(f, exists ? &st : NULL, err, errlen);
    }
    if (rc != 0) {
        int saved = errno;
        atomic_file_abort(f);
        errno = saved;
    }
    return rc;
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

int atomic_file_commit(atomic_file *f, char *err, size_t errlen)
{
    int failed = fflush(f->fp) != 0 || ferror(f->fp);
    int saved = errno;
    if (!failed && f->tmp_path && fsync(fileno(f->fp)) != 0) {
        failed = 1;
        saved = errno;
    }
    if (fclose(f->fp) != 0 && !failed) {
        failed = 1;
        saved = errno;
    }
    f->fp = NULL;
    if (!failed && f->tmp_path) {
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
    atomic_file_abort(f); /* removes the temporary name of a linked file */
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
