/* Saved block sizes: round trip, other machines' sections kept, broken files reported. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tuning.h"

static char path[] = "/tmp/tttop-tuning-XXXXXX";
static char err[256];

static int setup(void **state)
{
    (void)state;
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static void write_file(const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_round_trip_keeps_other_machines(void **state)
{
    (void)state;
    write_file("[Some Other CPU, 64 cpus]\nblocked.block = 32\n");
    tuning t = {.blocked_block = 48, .packed_block = 128, .mc = 96, .kc = 256, .nc = 2048};
    assert_int_equal(tuning_save(path, &t, err, sizeof err), 0);
    tuning back;
    assert_int_equal(tuning_load(path, &back, err, sizeof err), 0);
    assert_memory_equal(&t, &back, sizeof t);
    FILE *f = fopen(path, "r");
    char text[4096] = "";
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    assert_non_null(strstr(text, "[Some Other CPU, 64 cpus]\nblocked.block = 32"));
    /* saving again replaces this machine's section instead of adding one */
    t.blocked_block = 64;
    assert_int_equal(tuning_save(path, &t, err, sizeof err), 0);
    assert_int_equal(tuning_load(path, &back, err, sizeof err), 0);
    assert_int_equal(back.blocked_block, 64);
    char key[160];
    tuning_machine_key(key, sizeof key);
    f = fopen(path, "r");
    n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    char *first = strstr(text, key);
    assert_non_null(first);
    assert_null(strstr(first + 1, key));
}

static void test_missing_and_broken(void **state)
{
    (void)state;
    tuning t;
    assert_int_equal(tuning_load("/nonexistent/tuning.ini", &t, err, sizeof err), 0);
    assert_int_equal(t.blocked_block, 0);
    write_file("this is not ini\n[unclosed\n");
    assert_int_equal(tuning_load(path, &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "line"));
    char key[160], text[512];
    tuning_machine_key(key, sizeof key);
    snprintf(text, sizeof text, "[%s]\nblocked.block = -4\n", key);
    write_file(text);
    assert_int_equal(tuning_load(path, &t, err, sizeof err), -1);
    assert_non_null(strstr(err, "blocked.block"));
    assert_int_equal(t.blocked_block, 0);
}

static void test_apply(void **state)
{
    (void)state;
    tuning t = {.blocked_block = 48, .packed_block = 128, .mc = 96, .kc = 256, .nc = 2048};
    experiment e = experiment_default();
    e.variant = kernel_index("packed");
    tuning_apply(&t, &e, false);
    assert_int_equal(e.tun.block, 128);
    assert_int_equal(e.tun.kc, 256);
    e.tun.block = 7;
    tuning_apply(&t, &e, true);
    assert_int_equal(e.tun.block, 7);
    e.variant = kernel_index("blocked");
    tuning_apply(&t, &e, false);
    assert_int_equal(e.tun.block, 48);
}

/* Every candidate the tuner may pick and save is correct, on a shape that fits none of
 * them (and with 1 and 3 threads for the microkernel). */
static double max_rel_err_vs_blas(const char *variant, const kernel_tunables *tun)
{
    enum { M = 131, N = 197, K = 203 }; /* big enough for 3 threads */
    static double a[M * K], b[K * N], c[M * N], r[M * N];
    for (int i = 0; i < M * K; i++)
        a[i] = (i % 17) * 0.125 - 1.0;
    for (int i = 0; i < K * N; i++)
        b[i] = (i % 13) * 0.25 - 1.5;
    kernel_tunables blas = {.threads = 1};
    kernel_openblas(M, N, K, a, K, b, N, r, N, &blas, NULL);
    assert_int_equal(kernel_find(variant)->run(M, N, K, a, K, b, N, c, N, tun, NULL),
                     KERNEL_DONE);
    double diff = 0.0, ref = 0.0;
    for (int i = 0; i < M * N; i++) {
        diff = fmax(diff, fabs(c[i] - r[i]));
        ref = fmax(ref, fabs(r[i]));
    }
    return diff / ref;
}

static void test_every_candidate_is_correct(void **state)
{
    (void)state;
    for (int i = 0; i < TUNING_COUNT(tuning_block_candidates); i++) {
        kernel_tunables tun = {.block = tuning_block_candidates[i]};
        assert_true(max_rel_err_vs_blas("blocked", &tun) < 1e-10);
        assert_true(max_rel_err_vs_blas("packed", &tun) < 1e-10);
    }
    for (int a = 0; a < TUNING_COUNT(tuning_mc_candidates); a++)
        for (int b = 0; b < TUNING_COUNT(tuning_kc_candidates); b++)
            for (int c = 0; c < TUNING_COUNT(tuning_nc_candidates); c++)
                for (int threads = 1; threads <= 3; threads += 2) {
                    kernel_tunables tun = {.threads = threads,
                                           .mc = tuning_mc_candidates[a],
                                           .kc = tuning_kc_candidates[b],
                                           .nc = tuning_nc_candidates[c]};
                    if (!(max_rel_err_vs_blas("microkernel", &tun) < 1e-10))
                        fail_msg("microkernel %d/%d/%d, %d threads", tun.mc, tun.kc, tun.nc,
                                 threads);
                }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip_keeps_other_machines),
        cmocka_unit_test(test_missing_and_broken),
        cmocka_unit_test(test_apply),
        cmocka_unit_test(test_every_candidate_is_correct),
    };
    return cmocka_run_group_tests_name("tuning", tests, setup, teardown);
}
