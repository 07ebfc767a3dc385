/* The course's MLP: every variant gives OpenBLAS's outputs and updates, the gradients
 * match finite differences, the loss falls on the synthetic data, and the per-layer
 * profile adds up to the pass. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/check.h"
#include "net/dataset.h"
#include "core/measure.h"
#include "net/net.h"
#include "core/workload.h"

static const kernel_tunables one = {.threads = 1};

static void test_forward_every_variant_matches_openblas(void **state)
{
    (void)state;
    const int batch = 13;
    dataset d;
    assert_int_equal(dataset_make(&d, batch, 3), 0);
    net *ref = net_create(batch, 9), *n = net_create(batch, 9);
    assert_int_equal(net_forward(ref, d.images, kernel_find("openblas"), &one, NULL, NULL),
                     KERNEL_DONE);
    for (int v = 0; v < kernel_count(); v++) {
        assert_int_equal(net_forward(n, d.images, kernel_at(v), &one, NULL, NULL), KERNEL_DONE);
        double err = check_max_rel_err(net_logits(n), net_logits(ref), batch * NET_CLASSES);
        if (!(err < 1e-10))
            fail_msg("%s forward: error %g", kernel_at(v)->name, err);
    }
    net_destroy(ref);
    net_destroy(n);
    dataset_free(&d);
}

static void test_train_step_every_variant_matches_openblas(void **state)
{
    (void)state;
    const int batch = 8;
    dataset d;
    assert_int_equal(dataset_make(&d, batch, 4), 0);
    const size_t count = net_param_count();
    double *want = malloc(count * sizeof *want), *got = malloc(count * sizeof *got);
    net *base = net_create(batch, 5), *n = net_create(batch, 5);
    double loss_ref, loss;
    net_copy_params(n, base);
    assert_int_equal(net_train_step(n, d.images, d.labels, 0.1, kernel_find("openblas"), &one, NULL,
                                    NULL, &loss_ref),
                     KERNEL_DONE);
    net_export_params(n, want);
    for (int v = 0; v < kernel_count(); v++) {
        net_copy_params(n, base);
        assert_int_equal(
            net_train_step(n, d.images, d.labels, 0.1, kernel_at(v), &one, NULL, NULL, &loss),
            KERNEL_DONE);
        net_export_params(n, got);
        double err = check_max_rel_err(got, want, count);
        if (!(err < 1e-10) || fabs(loss - loss_ref) > 1e-12 * fabs(loss_ref))
            fail_msg("%s train step: weights error %g, loss %g vs %g", kernel_at(v)->name, err,
                     loss, loss_ref);
    }
    free(want);
    free(got);
    net_destroy(base);
    net_destroy(n);
    dataset_free(&d);
}

static double loss_at(net *n, const dataset *d)
{
    assert_int_equal(net_forward(n, d->images, kernel_find("reordered"), &one, NULL, NULL),
                     KERNEL_DONE);
    return net_loss(n, d->labels);
}

static void test_gradients_match_finite_differences(void **state)
{
    (void)state;
    const int batch = 4;
    dataset d;
    assert_int_equal(dataset_make(&d, batch, 6), 0);
    net *n = net_create(batch, 7);
    /* non-zero biases so that their gradients are exercised through the ReLUs too */
    for (int l = 0; l < NET_LAYERS; l++)
        for (int j = 0; j < net_width(l + 1); j++)
            net_bias(n, l)[j] = 0.01 * ((j % 5) - 2);
    double loss;
    const size_t count = net_param_count();
    double *grads = malloc(count * sizeof *grads);
    assert_int_equal(net_train_step(n, d.images, d.labels, 0.0, kernel_find("reordered"), &one,
                                    NULL, NULL, &loss),
                     KERNEL_DONE);
    net_export_grads(n, grads);
    size_t offset = 0;
    int checked = 0;
    for (int l = 0; l < NET_LAYERS; l++) {
        const size_t nw = (size_t)net_width(l) * net_width(l + 1);
        double *params[2] = {net_weights(n, l), net_bias(n, l)};
        size_t sizes[2] = {nw, (size_t)net_width(l + 1)};
        for (int kind = 0; kind < 2; kind++) {
            for (int probe = 0; probe < 6; probe++) {
                size_t i = (size_t)(probe * 7919 + 13) % sizes[kind];
                double *p = &params[kind][i], saved = *p, h = 1e-5;
                *p = saved + h;
                double up = loss_at(n, &d);
                *p = saved - h;
                double down = loss_at(n, &d);
                *p = saved;
                double numeric = (up - down) / (2 * h), analytic = grads[offset + i];
                double scale = fmax(fabs(numeric), fabs(analytic));
                if (scale > 1e-7 && fabs(numeric - analytic) / scale > 1e-5)
                    fail_msg("layer %d %s[%zu]: analytic %g, numeric %g", l + 1, kind ? "b" : "W",
                             i, analytic, numeric);
                checked++;
            }
            offset += sizes[kind];
        }
    }
    print_message("%d gradients agree with central differences\n", checked);
    free(grads);
    net_destroy(n);
    dataset_free(&d);
}

static void test_loss_falls_and_accuracy_rises(void **state)
{
    (void)state;
    experiment e = experiment_default();
    e.workload = WORKLOAD_TRAIN;
    e.variant = kernel_index("openblas");
    e.batch = 64;
    char err[256];
    const workload_ops *ops = workload_ops_for(WORKLOAD_TRAIN);
    workload_state *st = ops->create(&e, err, sizeof err);
    assert_non_null(st);
    double first = 0.0, last = 0.0, loss, acc0, acc1;
    long step;
    ops->progress(st, &loss, &acc0, &step);
    const int steps = 400, window = 20;
    for (int s = 0; s < steps; s++) {
        assert_int_equal(ops->run(st, &e, NULL, NULL), KERNEL_DONE);
        ops->progress(st, &loss, &acc1, &step);
        if (s < window)
            first += loss / window;
        if (s >= steps - window)
            last += loss / window;
    }
    print_message("loss %.3f -> %.3f, held-out accuracy %.1f%% -> %.1f%% over %ld steps\n", first,
                  last, 100 * acc0, 100 * acc1, step);
    assert_int_equal(step, steps);
    assert_true(last < 0.5 * first);
    assert_true(acc1 > 0.8 && acc1 > acc0 + 0.3);
    ops->destroy(st);
}

static void test_profile_adds_up(void **state)
{
    (void)state;
    const int batch = 32;
    dataset d;
    assert_int_equal(dataset_make(&d, batch, 8), 0);
    net *n = net_create(batch, 3);
    profile p;
    profile_reset(&p, NULL);
    double total = 0.0;
    for (int rep = 0; rep < 5; rep++) {
        double t0 = measure_now();
        assert_int_equal(net_forward(n, d.images, kernel_find("blocked"), &one, NULL, &p),
                         KERNEL_DONE);
        total += measure_now() - t0;
    }
    assert_int_equal(p.count, 5);
    assert_string_equal(p.entries[0].name, "dense1");
    assert_string_equal(p.entries[1].name, "relu1");
    assert_int_equal(p.entries[0].calls, 5);
    double sum = profile_total(&p), shares = 0.0;
    for (int i = 0; i < p.count; i++)
        shares += profile_share(&p, i);
    print_message("sections %.3f ms of %.3f ms measured outside\n", 1e3 * sum, 1e3 * total);
    assert_true(sum <= total && sum > 0.95 * total);
    assert_true(fabs(shares - 1.0) < 1e-12);
    /* the matmul layers dominate, as the course finds */
    assert_true(profile_share(&p, 0) + profile_share(&p, 2) + profile_share(&p, 4) > 0.8);
    profile q;
    profile_reset(&q, NULL);
    profile_merge(&q, &p);
    profile_merge(&q, &p);
    assert_int_equal(q.entries[0].calls, 10);
    assert_true(fabs(profile_total(&q) - 2 * sum) < 1e-12);
    net_destroy(n);
    dataset_free(&d);
}

static void test_bad_batch_and_cancel(void **state)
{
    (void)state;
    char err[256];
    experiment e = experiment_default();
    e.workload = WORKLOAD_NET;
    static const int bad[] = {0, -3, EXPERIMENT_MAX_BATCH + 1};
    for (size_t i = 0; i < 3; i++) {
        e.batch = bad[i];
        err[0] = '\0';
        assert_null(workload_net_ops.create(&e, err, sizeof err));
        assert_non_null(strstr(err, "batch size"));
        assert_int_equal(experiment_validate(&e, err, sizeof err), -1);
    }
    assert_null(net_create(0, 1));
    const int batch = 16;
    dataset d;
    assert_int_equal(dataset_make(&d, batch, 1), 0);
    net *n = net_create(batch, 1);
    const size_t count = net_param_count();
    double *before = malloc(count * sizeof *before), *after = malloc(count * sizeof *after);
    net_export_params(n, before);
    kernel_ctl ctl = {0};
    atomic_store(&ctl.cancel, true);
    double loss;
    assert_int_equal(net_forward(n, d.images, kernel_find("naive"), &one, &ctl, NULL),
                     KERNEL_CANCELLED);
    assert_int_equal(
        net_train_step(n, d.images, d.labels, 0.1, kernel_find("naive"), &one, &ctl, NULL, &loss),
        KERNEL_CANCELLED);
    net_export_params(n, after);
    assert_memory_equal(before, after, count * sizeof *before);
    free(before);
    free(after);
    net_destroy(n);
    dataset_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forward_every_variant_matches_openblas),
        cmocka_unit_test(test_train_step_every_variant_matches_openblas),
        cmocka_unit_test(test_gradients_match_finite_differences),
        cmocka_unit_test(test_loss_falls_and_accuracy_rises),
        cmocka_unit_test(test_profile_adds_up),
        cmocka_unit_test(test_bad_batch_and_cancel),
    };
    return cmocka_run_group_tests_name("net", tests, NULL, NULL);
}
