#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/experiment.h"
#include "machine/memory.h"

static char err[256];

static void test_default_is_valid(void **state)
{
    (void)state;
    experiment e = experiment_default();
    assert_int_equal(experiment_validate(&e, err, sizeof err), 0);
    assert_string_equal(experiment_variant_name(&e), "blocked");
    assert_true(experiment_flops(&e) == 2.0 * 500 * 500 * 500);
}

static void test_refuses_before_allocating(void **state)
{
    (void)state;
    experiment e = experiment_default();
    e.m = e.n = e.k = EXPERIMENT_MAX_SIZE; /* 4 matrices of 50000^2 doubles: 80 GB */
    assert_int_equal(experiment_validate(&e, err, sizeof err), -1);
    assert_non_null(strstr(err, "needs"));
    assert_non_null(strstr(err, "GiB"));
    e.m = 0;
    assert_int_equal(experiment_validate(&e, err, sizeof err), -1);
    assert_non_null(strstr(err, "out of range"));
    e = experiment_default();
    e.workload = WORKLOAD_NET;
    e.batch = 0;
    assert_int_equal(experiment_validate(&e, err, sizeof err), -1);
    assert_non_null(strstr(err, "batch"));
    e.batch = EXPERIMENT_MAX_BATCH + 1;
    assert_int_equal(experiment_validate(&e, err, sizeof err), -1);
    e = experiment_default();
    e.variant = 99;
    assert_int_equal(experiment_validate(&e, err, sizeof err), -1);
}

#define GIB ((size_t)1 << 30)
#define MIB ((size_t)1 << 20)

/* What is available, not the total: 20 GB on a 24 GB machine with 4 GB free is refused. */
static void test_memory_is_what_is_available(void **state)
{
    (void)state;
    memory_state m = {.available = 4 * GIB, .from_meminfo = true, .as_limit = SIZE_MAX};
    assert_int_equal(memory_fits(&m, 20 * GIB, 1, "1x50000x50000", err, sizeof err), -1);
    assert_non_null(strstr(err, "1x50000x50000 needs 20.0 GiB"));
    assert_non_null(strstr(err, "4.0 GiB of memory is available now (MemAvailable)"));
    assert_int_equal(memory_fits(&m, 3 * GIB, 1, "n=10000", err, sizeof err), 0);
    /* the real reading is MemAvailable on Linux, and never more than the machine has */
    memory_state now;
    memory_read(&now);
    assert_true(now.from_meminfo);
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    assert_true(now.available <= (size_t)pages * (size_t)page);
}

/* Under ulimit -v: a run that does not fit the address space left is refused with the
 * limit named, and too small a limit for OpenBLAS's threads is refused at start. */
static void test_address_space_limit(void **state)
{
    (void)state;
    memory_state m = {.available = 16 * GIB, .as_limit = 600 * MIB, .as_used = 500 * MIB};
    assert_int_equal(memory_fits(&m, 200 * MIB, 1, "n=3000", err, sizeof err), -1);
    assert_non_null(strstr(err, "ulimit -v"));
    assert_non_null(strstr(err, "n=3000"));
    assert_int_equal(memory_fits(&m, 1 * MIB, 1, "n=100", err, sizeof err), 0);
    m.as_limit = 60000 * 1024;
    assert_int_equal(memory_check_limit(&m, 2, err, sizeof err), -1);
    assert_non_null(strstr(err, "ulimit -v"));
    assert_non_null(strstr(err, "59 MiB"));
    m.as_limit = SIZE_MAX;
    assert_int_equal(memory_check_limit(&m, 2, err, sizeof err), 0);
    m.as_limit = 4 * GIB;
    assert_int_equal(memory_check_limit(&m, 2, err, sizeof err), 0);
}

/* The same through experiment_validate, with a real limit set in a child process. */
static void test_validate_reads_the_real_limit(void **state)
{
    (void)state;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    print_message("SKIPPED: a sanitizer's shadow memory does not run under an address-space "
                  "limit\n");
    skip();
#endif
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit rl;
        getrlimit(RLIMIT_AS, &rl);
        rl.rlim_cur = (rlim_t)1 << 46; /* a limit far away, to read what is mapped */
        int rc = setrlimit(RLIMIT_AS, &rl) == 0 ? 0 : 9;
        memory_state now;
        memory_read(&now);
        rl.rlim_cur = now.as_used + 150 * MIB;
        if (rc == 0 && setrlimit(RLIMIT_AS, &rl) != 0)
            rc = 9;
        char msg[256] = "";
        experiment e = experiment_default();
        e.m = e.n = e.k = 100; /* 320 KB: fits */
        if (rc == 0 && experiment_validate(&e, msg, sizeof msg) != 0)
            rc = 1;
        e.m = e.n = e.k = 3000; /* 288 MB: does not */
        if (rc == 0 && experiment_validate(&e, msg, sizeof msg) == 0)
            rc = 2;
        if (write(fds[1], msg, strlen(msg)) < 0)
            rc = 3;
        _exit(rc);
    }
    close(fds[1]);
    char msg[256] = "";
    ssize_t n = read(fds[0], msg, sizeof msg - 1);
    msg[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    print_message("under ulimit -v: %s\n", msg);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_non_null(strstr(msg, "n=3000 needs"));
    assert_non_null(strstr(msg, "ulimit -v"));
}

static void test_settings_compare(void **state)
{
    (void)state;
    experiment a = experiment_default(), b = a;
    b.variant = variant_find("openblas");
    assert_true(experiment_same_setting(&a, &b));
    assert_false(experiment_same_run(&a, &b));
    b = a;
    b.knob[variants_knob_find("block")] = 32;
    assert_true(experiment_same_setting(&a, &b));
    assert_false(experiment_same_run(&a, &b));
    b = a; /* threads are part of the setting: the ladder at 2 threads is another one */
    experiment_set_threads(&b, 2);
    assert_false(experiment_same_setting(&a, &b));
    assert_int_equal(experiment_threads(&b), 2);
    b = a;
    b.n = 501;
    assert_false(experiment_same_setting(&a, &b));
    b = a;
    b.workload = WORKLOAD_NET;
    assert_false(experiment_same_setting(&a, &b));
    a.workload = WORKLOAD_NET;
    a.n = 7; /* shape does not matter for the network */
    assert_true(experiment_same_setting(&a, &b));
}

static void test_names_and_shapes(void **state)
{
    (void)state;
    workload_kind w;
    assert_int_equal(workload_parse("train", &w), 0);
    assert_int_equal(w, WORKLOAD_TRAIN);
    assert_string_equal(workload_name(WORKLOAD_NET), "net");
    assert_int_equal(workload_parse("Train", &w), -1);
    char buf[64];
    experiment e = experiment_default();
    experiment_describe_shape(&e, buf, sizeof buf);
    assert_string_equal(buf, "n=500");
    e.m = 7;
    experiment_describe_shape(&e, buf, sizeof buf);
    assert_string_equal(buf, "7x500x500");
    e.workload = WORKLOAD_TRAIN;
    experiment_describe_shape(&e, buf, sizeof buf);
    assert_string_equal(buf, "batch=64");
    assert_true(experiment_flops(&e) >
                2.0 * experiment_flops(&(experiment){.workload = WORKLOAD_NET, .batch = 64}));
}

/* Given beats tuned beats the variant's own; unused knobs are reported unused. */
static void test_resolve_sources(void **state)
{
    (void)state;
    const int block = variants_knob_find("block"), mc = variants_knob_find("mc");
    assert_true(block >= 0 && mc >= 0);
    experiment e = experiment_default();
    e.variant = variant_find("blocked");
    experiment_knobs kn;
    variants_tuned_clear();
    experiment_resolve(&e, &kn);
    assert_int_equal(kn.source[block], KNOB_DEFAULT);
    assert_int_equal(kn.value[block], variants_knob(block)->def);
    assert_int_equal(kn.source[mc], KNOB_UNUSED);
    variants_tuned_set(e.variant, block, 48);
    experiment_resolve(&e, &kn);
    assert_int_equal(kn.source[block], KNOB_TUNED);
    assert_int_equal(kn.value[block], 48);
    e.knob[block] = 32;
    experiment_resolve(&e, &kn);
    assert_int_equal(kn.source[block], KNOB_GIVEN);
    assert_int_equal(kn.value[block], 32);
    /* the tuned value belongs to blocked only */
    e.knob[block] = 0;
    e.variant = variant_find("packed");
    experiment_resolve(&e, &kn);
    assert_int_equal(kn.source[block], KNOB_DEFAULT);
    /* a variant that picks its own values reports them as its model's */
    e.variant = variant_find("microkernel");
    experiment_resolve(&e, &kn);
    assert_int_equal(kn.source[mc], KNOB_MODEL);
    assert_true(kn.value[mc] > 0);
    variants_tuned_clear();
}

static void test_knob_ranges_refused(void **state)
{
    (void)state;
    experiment e = experiment_default();
    const int block = variants_knob_find("block");
    e.knob[block] = variants_knob(block)->max + 1;
    assert_int_equal(experiment_validate(&e, err, sizeof err), -1);
    assert_non_null(strstr(err, "out of range"));
    e.knob[block] = 0;
    assert_int_equal(experiment_validate(&e, err, sizeof err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_is_valid),
        cmocka_unit_test(test_refuses_before_allocating),
        cmocka_unit_test(test_settings_compare),
        cmocka_unit_test(test_names_and_shapes),
        cmocka_unit_test(test_resolve_sources),
        cmocka_unit_test(test_knob_ranges_refused),
        cmocka_unit_test(test_memory_is_what_is_available),
        cmocka_unit_test(test_address_space_limit),
        cmocka_unit_test(test_validate_reads_the_real_limit),
    };
    return cmocka_run_group_tests_name("experiment", tests, NULL, NULL);
}
