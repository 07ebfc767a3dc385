#include "report/tools.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <papi.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "machine/hostinfo.h"

extern char **environ;

static char ui_library[96];

void tools_note_ui_library(const char *name, const char *version)
{
    snprintf(ui_library, sizeof ui_library, "%s %s", name, version ? version : "?");
}

bool tools_find(const char *name, char *out, size_t len)
{
    const char *path = getenv("PATH");
    if (strchr(name, '/'))
        return access(name, X_OK) == 0 && snprintf(out, len, "%s", name) < (int)len;
    if (!path || !path[0])
        return false;
    for (const char *p = path; p;) {
        const char *colon = strchr(p, ':');
        const int dirlen = colon ? (int)(colon - p) : (int)strlen(p);
        struct stat st;
        if (dirlen > 0 && snprintf(out, len, "%.*s/%s", dirlen, p, name) < (int)len &&
            stat(out, &st) == 0 && S_ISREG(st.st_mode) && access(out, X_OK) == 0)
            return true;
        p = colon ? colon + 1 : NULL;
    }
    return false;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int tools_run(char *const argv[], const char *log_path, double timeout_s, char *err, size_t errlen)
{
    char exe[4096];
    if (!tools_find(argv[0], exe, sizeof exe)) {
        snprintf(err, errlen, "%s: not found on PATH", argv[0]);
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, log_path, O_WRONLY | O_CREAT | O_APPEND,
                                     0600);
    posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
    /* the child starts with no signal blocked and the usual dispositions */
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    sigdelset(&all, SIGKILL);
    sigdelset(&all, SIGSTOP);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setsigdefault(&attr, &all);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid;
    int rc = posix_spawn(&pid, exe, &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        snprintf(err, errlen, "%s: cannot start: %s", argv[0], strerror(rc));
        return -1;
    }
    const double deadline = now_s() + timeout_s;
    int status;
    for (;;) {
        pid_t got = waitpid(pid, &status, WNOHANG);
        if (got == pid)
            break;
        if (got < 0 && errno != EINTR) {
            snprintf(err, errlen, "%s: %s", argv[0], strerror(errno));
            return -1;
        }
        if (now_s() > deadline) {
            kill(pid, SIGKILL);
            while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
                ;
            snprintf(err, errlen, "%s: still running after %.0f s: stopped", argv[0], timeout_s);
            return -1;
        }
        nanosleep(&(struct timespec){0, 10L * 1000 * 1000}, NULL);
    }
    if (WIFSIGNALED(status)) {
        snprintf(err, errlen, "%s: died of signal %d", argv[0], WTERMSIG(status));
        return -1;
    }
    return WEXITSTATUS(status);
}

void tools_version(const char *tool, char *out, size_t len)
{
    out[0] = '\0';
    char probe[4096];
    if (!tools_find(tool, probe, sizeof probe))
        return;
    const char *tmpdir = getenv("TMPDIR");
    char log[4096];
    snprintf(log, sizeof log, "%s/tttop-version-XXXXXX", tmpdir && tmpdir[0] ? tmpdir : "/tmp");
    int fd = mkstemp(log);
    if (fd < 0)
        return;
    close(fd);
    char err[256];
    char *argv[] = {(char *)tool, "--version", NULL};
    if (tools_run(argv, log, 10.0, err, sizeof err) == 0) {
        FILE *f = fopen(log, "r");
        if (f) {
            if (fgets(out, (int)len, f))
                out[strcspn(out, "\r\n")] = '\0';
            else
                out[0] = '\0';
            fclose(f);
        }
    }
    unlink(log);
}

/* "OpenBLAS 0.3.21" from openblas_get_config()'s "OpenBLAS 0.3.21 DYNAMIC_ARCH ...". */
static void openblas_version(char *out, size_t len)
{
    const char *config = hostinfo_get()->blas_config;
    int n = 0;
    if (strncmp(config, "OpenBLAS ", 9) == 0)
        n = (int)strcspn(config + 9, " ");
    if (n > 0)
        snprintf(out, len, "OpenBLAS %.*s", n, config + 9);
    else
        snprintf(out, len, "OpenBLAS");
}

void tools_libraries(char *buf, size_t len)
{
    char blas[64], gnuplot[96], valgrind[96];
    openblas_version(blas, sizeof blas);
    tools_version("gnuplot", gnuplot, sizeof gnuplot);
    tools_version("valgrind", valgrind, sizeof valgrind);
#ifdef __clang__
#define COMPILER "clang "
#else
#define COMPILER "gcc "
#endif
    snprintf(buf, len,
             "%s%s%s, PAPI %d.%d.%d.%d, jansson %s, zlib %s%s%s%s%s; compiled by " COMPILER "%s",
             ui_library, ui_library[0] ? ", " : "", blas, PAPI_VERSION_MAJOR(PAPI_VERSION),
             PAPI_VERSION_MINOR(PAPI_VERSION), PAPI_VERSION_REVISION(PAPI_VERSION),
             PAPI_VERSION_INCREMENT(PAPI_VERSION), jansson_version_str(), zlibVersion(),
             gnuplot[0] ? ", " : "", gnuplot, valgrind[0] ? ", " : "", valgrind, __VERSION__);
}
