/* The rules for every file tttop writes (store/atomic_file.h), each against the real
 * thing: a FIFO with a reader, a symbolic link, a hard link, an existing file's mode, the
 * umask, /dev/null, /dev/full, a directory, a full tmpfs, two exports racing for one name,
 * and a signal in the middle of a write. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/atomic_file.h"

static char dir[] = "/tmp/tttop-atomic-XXXXXX";
static char err[512];

static const char *at(const char *name)
{
    static char buf[4][512];
    static int next;
    char *p = buf[next++ % 4];
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *path)
{
    static char buf[4096];
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int write_whole(const char *path, const char *text)
{
    atomic_file f;
    if (atomic_file_open(&f, path, err, sizeof err) != 0)
        return -1;
    fputs(text, f.fp);
    return atomic_file_commit(&f, err, sizeof err);
}

/* No temporary file is left in the directory. */
static void assert_no_temporary(void)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".tmp."))
            fail_msg("temporary file left behind: %s", e->d_name);
    closedir(d);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_new_file_follows_umask(void **state)
{
    (void)state;
    mode_t old = umask(027);
    assert_int_equal(write_whole(at("new"), "hello\n"), 0);
    umask(old);
    struct stat st;
    assert_int_equal(stat(at("new"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    assert_string_equal(slurp(at("new")), "hello\n");
    assert_no_temporary();
}

static void test_existing_mode_kept(void **state)
{
    (void)state;
    static const mode_t modes[] = {0644, 0600, 0755, 0664};
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        put(at("moded"), "old\n");
        assert_int_equal(chmod(at("moded"), modes[i]), 0);
        assert_int_equal(write_whole(at("moded"), "new\n"), 0);
        struct stat st;
        assert_int_equal(stat(at("moded"), &st), 0);
        assert_int_equal(st.st_mode & 07777, modes[i]);
        assert_string_equal(slurp(at("moded")), "new\n");
    }
    assert_no_temporary();
}

static void test_symlink_target_replaced(void **state)
{
    (void)state;
    put(at("target"), "old\n");
    assert_int_equal(chmod(at("target"), 0644), 0);
    assert_int_equal(symlink("target", at("link")), 0); /* relative, as people make them */
    assert_int_equal(write_whole(at("link"), "new\n"), 0);
    struct stat st;
    assert_int_equal(lstat(at("link"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_string_equal(slurp(at("target")), "new\n");
    assert_int_equal(stat(at("target"), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0644);
    /* a dangling link: the file is created where it points, the link kept */
    assert_int_equal(symlink("made-by-link", at("dangling")), 0);
    assert_int_equal(write_whole(at("dangling"), "fresh\n"), 0);
    assert_int_equal(lstat(at("dangling"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_string_equal(slurp(at("made-by-link")), "fresh\n");
    assert_no_temporary();
}

static void test_hard_link_both_names_updated(void **state)
{
    (void)state;
    put(at("h1"), "old content, longer than the new one\n");
    assert_int_equal(link(at("h1"), at("h2")), 0);
    struct stat before, a, b;
    assert_int_equal(stat(at("h1"), &before), 0);
    assert_int_equal(write_whole(at("h2"), "new\n"), 0);
    assert_int_equal(stat(at("h1"), &a), 0);
    assert_int_equal(stat(at("h2"), &b), 0);
    assert_true(a.st_ino == b.st_ino && a.st_ino == before.st_ino);
    assert_int_equal((int)a.st_nlink, 2);
    assert_string_equal(slurp(at("h1")), "new\n");
    assert_string_equal(slurp(at("h2")), "new\n");
    assert_no_temporary();
}

static void *read_fifo(void *arg)
{
    static char got[256];
    int fd = open(arg, O_RDONLY);
    size_t n = 0;
    ssize_t r;
    while (fd >= 0 && n < sizeof got - 1 && (r = read(fd, got + n, sizeof got - 1 - n)) > 0)
        n += (size_t)r;
    got[n] = '\0';
    if (fd >= 0)
        close(fd);
    return got;
}

static void test_fifo_written_through(void **state)
{
    (void)state;
    assert_int_equal(mkfifo(at("fifo"), 0600), 0);
    /* no reader: refused at once rather than blocking */
    atomic_file f;
    assert_int_equal(atomic_file_open(&f, at("fifo"), err, sizeof err), -1);
    assert_non_null(strstr(err, "no reader"));
    pthread_t reader;
    assert_int_equal(pthread_create(&reader, NULL, read_fifo, (void *)at("fifo")), 0);
    int rc = -1;
    for (int tries = 0; tries < 2000 && rc != 0; tries++) { /* until the reader has it open */
        rc = atomic_file_open(&f, at("fifo"), err, sizeof err);
        if (rc != 0)
            usleep(1000);
    }
    assert_int_equal(rc, 0);
    assert_null(f.tmp_path);
    fputs("through the pipe\n", f.fp);
    assert_int_equal(atomic_file_commit(&f, err, sizeof err), 0);
    void *got;
    pthread_join(reader, &got);
    assert_string_equal(got, "through the pipe\n");
    struct stat st;
    assert_int_equal(lstat(at("fifo"), &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
    assert_no_temporary();
}

static void test_dev_null_stays_a_device(void **state)
{
    (void)state;
    struct stat before, after;
    assert_int_equal(stat("/dev/null", &before), 0);
    assert_true(S_ISCHR(before.st_mode));
    assert_int_equal(write_whole("/dev/null", "discarded\n"), 0);
    assert_int_equal(stat("/dev/null", &after), 0);
    assert_true(S_ISCHR(after.st_mode));
    assert_true(after.st_rdev == before.st_rdev && after.st_ino == before.st_ino);
    assert_int_equal(after.st_mode & 0777, before.st_mode & 0777);
    /* through a symbolic link too */
    assert_int_equal(symlink("/dev/null", at("null-link")), 0);
    assert_int_equal(write_whole(at("null-link"), "discarded\n"), 0);
    assert_int_equal(stat("/dev/null", &after), 0);
    assert_true(S_ISCHR(after.st_mode) && after.st_rdev == before.st_rdev);
    if (geteuid() != 0)
        print_message("not root: /dev/null could not have been replaced anyway; as root it is "
                      "the real test\n");
}

static void test_dev_full_is_an_error(void **state)
{
    (void)state;
    if (access("/dev/full", W_OK) != 0) {
        print_message("SKIPPED: /dev/full cannot be written here: %s\n", strerror(errno));
        skip();
    }
    assert_int_equal(write_whole("/dev/full", "no room\n"), -1);
    assert_non_null(strstr(err, "/dev/full"));
    assert_non_null(strstr(err, strerror(ENOSPC)));
}

/* /dev/fd/N is the descriptor tttop has: a file opened for appending gets appended to. */
static void test_inherited_descriptor_appends(void **state)
{
    (void)state;
    put(at("appended"), "first\n");
    int fd = open(at("appended"), O_WRONLY | O_APPEND);
    assert_true(fd >= 0);
    char name[64];
    snprintf(name, sizeof name, "/dev/fd/%d", fd);
    assert_int_equal(write_whole(name, "second\n"), 0);
    close(fd);
    assert_string_equal(slurp(at("appended")), "first\nsecond\n");
    struct stat st;
    assert_int_equal(lstat(at("appended"), &st), 0);
    assert_true(S_ISREG(st.st_mode));
    snprintf(name, sizeof name, "/dev/fd/%d", 987);
    assert_int_equal(write_whole(name, "x"), -1); /* not open: an error, not a new file */
}

static void test_directory_refused_at_open(void **state)
{
    (void)state;
    assert_int_equal(mkdir(at("adir"), 0700), 0);
    atomic_file f;
    assert_int_equal(atomic_file_open(&f, at("adir"), err, sizeof err), -1);
    assert_int_equal(errno, EISDIR);
    assert_non_null(strstr(err, "is a directory"));
    assert_int_equal(symlink("adir", at("dir-link")), 0);
    assert_int_equal(atomic_file_open(&f, at("dir-link"), err, sizeof err), -1);
    assert_non_null(strstr(err, "is a directory"));
    assert_int_equal(atomic_file_open(&f, at("no-such-dir/file"), err, sizeof err), -1);
    assert_non_null(strstr(err, "no-such-dir/file"));
    assert_no_temporary();
}

static void test_unwritable_file_refused(void **state)
{
    (void)state;
    if (geteuid() == 0) {
        print_message("SKIPPED: root may write a file of mode 0444\n");
        skip();
    }
    put(at("readonly"), "keep\n");
    assert_int_equal(chmod(at("readonly"), 0444), 0);
    assert_int_equal(write_whole(at("readonly"), "new\n"), -1);
    assert_string_equal(slurp(at("readonly")), "keep\n");
}

/* No room even for the temporary file (a tmpfs out of inodes): the open fails with the
 * system's reason, which is a fault (exit 1), not a bad place (exit 2); the file is kept. */
static void test_no_room_for_the_temporary(void **state)
{
    (void)state;
    const char *mnt = at("noinodes");
    assert_int_equal(mkdir(mnt, 0700), 0);
    if (mount("tttop-test", mnt, "tmpfs", 0, "size=64k,nr_inodes=2") != 0) {
        print_message("SKIPPED: cannot mount a small tmpfs here (%s): needs root and "
                      "CAP_SYS_ADMIN\n",
                      strerror(errno));
        skip();
    }
    char path[600];
    snprintf(path, sizeof path, "%s/results.json", mnt);
    put(path, "{\"old\": true}\n");
    atomic_file f;
    errno = 0;
    const int rc = atomic_file_open(&f, path, err, sizeof err);
    const int why = errno;
    char *kept = strdup(slurp(path) ? slurp(path) : "");
    umount2(mnt, MNT_DETACH);
    print_message("a tmpfs with no inode left: %s\n", err);
    assert_int_equal(rc, -1);
    assert_int_equal(why, ENOSPC);
    assert_true(atomic_file_fault(why));
    assert_string_equal(kept, "{\"old\": true}\n");
    free(kept);
}

/* Which open failures are the system's, not the place's. */
static void test_faults_told_from_bad_places(void **state)
{
    (void)state;
    static const int faults[] = {ENOSPC, EDQUOT, EIO, ENOMEM, EMFILE, ENFILE};
    static const int places[] = {EACCES, EISDIR, ENOENT, ENOTDIR, EROFS, EEXIST, ENXIO, 0};
    for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
        assert_true(atomic_file_fault(faults[i]));
    for (size_t i = 0; i < sizeof places / sizeof places[0]; i++)
        assert_false(atomic_file_fault(places[i]));
}

/* A disk that fills up in the middle: an error, the old file as it was, no temporary. */
static void test_full_tmpfs(void **state)
{
    (void)state;
    const char *mnt = at("small");
    assert_int_equal(mkdir(mnt, 0700), 0);
    if (mount("tttop-test", mnt, "tmpfs", 0, "size=64k") != 0) {
        print_message("SKIPPED: cannot mount a small tmpfs here (%s): needs root and "
                      "CAP_SYS_ADMIN\n",
                      strerror(errno));
        skip();
    }
    char path[600], text[8192];
    snprintf(path, sizeof path, "%s/results.json", mnt);
    put(path, "{\"old\": true}\n");
    memset(text, 'x', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    atomic_file f;
    int rc = atomic_file_open(&f, path, err, sizeof err);
    for (int i = 0; rc == 0 && i < 32; i++) /* 256 KiB into 64 KiB */
        fputs(text, f.fp);
    if (rc == 0)
        rc = atomic_file_commit(&f, err, sizeof err);
    char *kept = strdup(slurp(path) ? slurp(path) : "");
    int files = 0;
    DIR *d = opendir(mnt);
    for (struct dirent *e; d && (e = readdir(d));)
        files += e->d_name[0] != '.';
    if (d)
        closedir(d);
    umount2(mnt, MNT_DETACH);
    print_message("256 KiB into a 64 KiB tmpfs: %s\n", err);
    assert_int_equal(rc, -1);
    assert_non_null(strstr(err, strerror(ENOSPC)));
    assert_string_equal(kept, "{\"old\": true}\n");
    assert_int_equal(files, 1);
    free(kept);
}

/* Two exports that chose the same name: the second one is told, the first one kept. */
static void test_no_replace_race(void **state)
{
    (void)state;
    atomic_file a, b;
    assert_int_equal(atomic_file_open_new(&a, at("export.json"), err, sizeof err), 0);
    assert_int_equal(atomic_file_open_new(&b, at("export.json"), err, sizeof err), 0);
    fputs("first\n", a.fp);
    fputs("second\n", b.fp);
    assert_int_equal(atomic_file_commit(&a, err, sizeof err), 0);
    assert_int_equal(atomic_file_commit(&b, err, sizeof err), -1);
    assert_int_equal(errno, EEXIST);
    assert_string_equal(slurp(at("export.json")), "first\n");
    assert_int_equal(atomic_file_open_new(&b, at("export.json"), err, sizeof err), -1);
    assert_int_equal(errno, EEXIST);
    assert_no_temporary();
}

/* Interrupted while writing: the temporary file goes, the target stays, and the process
 * still dies of the signal (128 + signal for the shell). */
static void test_signal_removes_temporary(void **state)
{
    (void)state;
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    put(at("interrupted"), "old\n");
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            struct rlimit no_core = {0, 0};
            setrlimit(RLIMIT_CORE, &no_core); /* SIGQUIT would dump one */
            atomic_file_remove_on_signals();
            atomic_file f;
            if (atomic_file_open(&f, at("interrupted"), err, sizeof err) != 0)
                _exit(3);
            fputs("half", f.fp);
            fflush(f.fp);
            raise(sigs[i]);
            _exit(4);
        }
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status));
        assert_int_equal(WTERMSIG(status), sigs[i]);
        assert_string_equal(slurp(at("interrupted")), "old\n");
        assert_no_temporary();
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_file_follows_umask),
        cmocka_unit_test(test_existing_mode_kept),
        cmocka_unit_test(test_symlink_target_replaced),
        cmocka_unit_test(test_hard_link_both_names_updated),
        cmocka_unit_test(test_fifo_written_through),
        cmocka_unit_test(test_dev_null_stays_a_device),
        cmocka_unit_test(test_dev_full_is_an_error),
        cmocka_unit_test(test_inherited_descriptor_appends),
        cmocka_unit_test(test_directory_refused_at_open),
        cmocka_unit_test(test_unwritable_file_refused),
        cmocka_unit_test(test_full_tmpfs),
        cmocka_unit_test(test_no_room_for_the_temporary),
        cmocka_unit_test(test_faults_told_from_bad_places),
        cmocka_unit_test(test_no_replace_race),
        cmocka_unit_test(test_signal_removes_temporary),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
