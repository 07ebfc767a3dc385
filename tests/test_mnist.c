/* MNIST's IDX files, made small here: good ones plain and gzip-compressed read back exactly;
 * a truncated file, a wrong magic number, the wrong image size, a label count that differs
 * from the images', a label that is no digit, trailing bytes and a missing file are each one
 * line naming the file; the network trains on what was read. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "core/measure.h"
#include "core/workload.h"
#include "net/mnist.h"

static char dir[] = "/tmp/tttop-mnist-XXXXXX";

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* An images file's bytes: header (magic, count, rows, cols) then `held` images of rows x cols
 * pixels, pixel i of image n = (n * 7 + i) % 256. */
static unsigned char *images_bytes(uint32_t magic, uint32_t count, uint32_t rows, uint32_t cols,
                                   uint32_t held, size_t *len)
{
    *len = 16 + (size_t)held * rows * cols;
    unsigned char *b = malloc(*len);
    put32(b, magic);
    put32(b + 4, count);
    put32(b + 8, rows);
    put32(b + 12, cols);
    for (size_t n = 0; n < held; n++)
        for (size_t i = 0; i < (size_t)rows * cols; i++)
            b[16 + n * rows * cols + i] = (unsigned char)((n * 7 + i) % 256);
    return b;
}

static unsigned char *labels_bytes(uint32_t magic, uint32_t count, uint32_t held, size_t *len)
{
    *len = 8 + held;
    unsigned char *b = malloc(*len);
    put32(b, magic);
    put32(b + 4, count);
    for (uint32_t i = 0; i < held; i++)
        b[8 + i] = (unsigned char)(i % 10);
    return b;
}

static void clear_dir(void)
{
    static const char *const names[] = {MNIST_IMAGES_FILE, MNIST_LABELS_FILE,
                                        MNIST_IMAGES_FILE ".gz", MNIST_LABELS_FILE ".gz"};
    char path[256];
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
}

static void write_file(const char *name, const unsigned char *b, size_t len, bool gz)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s%s", dir, name, gz ? ".gz" : "");
    if (gz) {
        gzFile f = gzopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(gzwrite(f, b, (unsigned)len), (int)len);
        assert_int_equal(gzclose(f), Z_OK);
    } else {
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(b, 1, len, f), len);
        fclose(f);
    }
}

/* A set of `count` good images and labels. */
static void write_good(uint32_t count, bool gz)
{
    size_t li, ll;
    unsigned char *im = images_bytes(MNIST_IMAGES_MAGIC, count, 28, 28, count, &li);
    unsigned char *lb = labels_bytes(MNIST_LABELS_MAGIC, count, count, &ll);
    clear_dir();
    write_file(MNIST_IMAGES_FILE, im, li, gz);
    write_file(MNIST_LABELS_FILE, lb, ll, gz);
    free(im);
    free(lb);
}

static void check_good(uint32_t count)
{
    dataset d;
    char err[512];
    if (mnist_load(dir, &d, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_int_equal(d.count, (int)count);
    for (int n = 0; n < d.count; n++) {
        assert_int_equal(d.labels[n], n % 10);
        for (int i = 0; i < DATASET_PIXELS; i += 97)
            assert_int_equal(d.pixels[n * DATASET_PIXELS + i], (n * 7 + i) % 256);
    }
    /* a batch is the pixels scaled to [0, 1] */
    double x[2 * DATASET_PIXELS];
    int labels[2];
    dataset_batch(&d, 1, 2, x, labels);
    assert_int_equal(labels[0], 1);
    assert_true(fabs(x[5] - ((7 + 5) % 256) / 255.0) < 1e-12);
    dataset_free(&d);
}

static void test_good_files(void **state)
{
    (void)state;
    write_good(5, false);
    check_good(5);
    write_good(12, true);
    check_good(12);
}

/* The load fails with a one-line message naming file and holding `says`. */
static void expect_error(const char *says, const char *file)
{
    dataset d;
    char err[512] = "";
    if (mnist_load(dir, &d, err, sizeof err) == 0)
        fail_msg("accepted; wanted: %s", says);
    if (strchr(err, '\n') || !strstr(err, says) || (file && !strstr(err, file)))
        fail_msg("'%s' does not say '%s' (file %s) in one line", err, says, file ? file : "-");
}

static void write_images(uint32_t magic, uint32_t count, uint32_t rows, uint32_t cols,
                         uint32_t held, size_t extra)
{
    size_t len;
    unsigned char *b = images_bytes(magic, count, rows, cols, held, &len);
    b = realloc(b, len + extra);
    memset(b + len, 0, extra);
    write_file(MNIST_IMAGES_FILE, b, len + extra, false);
    free(b);
}

static void write_labels(uint32_t magic, uint32_t count, uint32_t held)
{
    size_t len;
    unsigned char *b = labels_bytes(magic, count, held, &len);
    write_file(MNIST_LABELS_FILE, b, len, false);
    free(b);
}

static void test_bad_files(void **state)
{
    (void)state;
    clear_dir();
    expect_error("no such file (nor " MNIST_IMAGES_FILE ".gz)", MNIST_IMAGES_FILE);
    write_images(MNIST_IMAGES_MAGIC, 5, 28, 28, 5, 0);
    expect_error("no such file (nor " MNIST_LABELS_FILE ".gz)", MNIST_LABELS_FILE);

    write_labels(MNIST_LABELS_MAGIC, 5, 5);
    write_images(MNIST_IMAGES_MAGIC, 5, 28, 28, 3, 0);
    expect_error("truncated: the header announces 5 images, the file holds 3", MNIST_IMAGES_FILE);
    write_images(MNIST_IMAGES_MAGIC, 5, 28, 28, 5, 100);
    expect_error("100 bytes after the last of the 5 images", MNIST_IMAGES_FILE);
    write_images(MNIST_LABELS_MAGIC, 5, 28, 28, 5, 0);
    expect_error("not an IDX images file (magic 0x00000801, expected 0x00000803; a labels file?)",
                 MNIST_IMAGES_FILE);
    write_images(0x12345678, 5, 28, 28, 5, 0);
    expect_error("not an IDX images file (magic 0x12345678, expected 0x00000803)",
                 MNIST_IMAGES_FILE);
    write_images(MNIST_IMAGES_MAGIC, 5, 32, 32, 5, 0);
    expect_error("images of 32x32 pixels", MNIST_IMAGES_FILE);
    write_images(MNIST_IMAGES_MAGIC, 0xffffffffu, 28, 28, 2, 0);
    expect_error("too many", MNIST_IMAGES_FILE);
    write_images(MNIST_IMAGES_MAGIC, 0x7fffffffu, 28, 28, 2, 0);
    expect_error("truncated: the header announces 2147483647 images", MNIST_IMAGES_FILE);
    write_images(MNIST_IMAGES_MAGIC, 0, 28, 28, 0, 0);
    expect_error("holds no images", MNIST_IMAGES_FILE);
    write_file(MNIST_IMAGES_FILE, (const unsigned char *)"\0\0\x08", 3, false);
    expect_error("truncated: 3 bytes", MNIST_IMAGES_FILE);

    write_images(MNIST_IMAGES_MAGIC, 5, 28, 28, 5, 0);
    write_labels(MNIST_LABELS_MAGIC, 4, 4);
    expect_error("5 images but", "holds 4 labels");
    write_labels(MNIST_LABELS_MAGIC, 5, 4);
    expect_error("truncated: the header announces 5 labels, the file holds 4", MNIST_LABELS_FILE);
    write_labels(MNIST_IMAGES_MAGIC, 5, 5);
    expect_error("not an IDX labels file (magic 0x00000803, expected 0x00000801; an images file?)",
                 MNIST_LABELS_FILE);
    size_t len;
    unsigned char *b = labels_bytes(MNIST_LABELS_MAGIC, 5, 5, &len);
    b[8 + 3] = 12;
    write_file(MNIST_LABELS_FILE, b, len, false);
    free(b);
    expect_error("label 12 of item 3 is not a digit", MNIST_LABELS_FILE);

    /* a gzip file cut short */
    write_good(6, true);
    char path[256];
    snprintf(path, sizeof path, "%s/%s.gz", dir, MNIST_IMAGES_FILE);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(truncate(path, st.st_size / 2), 0);
    expect_error(MNIST_IMAGES_FILE ".gz: corrupt gzip data (", NULL);

    /* not a directory */
    dataset d;
    char err[512];
    assert_int_equal(mnist_load("/nonexistent-mnist", &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent-mnist: "));
}

/* The network runs on the data set chosen for the process; the synthetic digits come back. */
static void test_network_runs_on_mnist(void **state)
{
    (void)state;
    write_good(40, false);
    char err[512];
    if (mnist_use(dir, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_non_null(strstr(dataset_in_use_name(), "MNIST training set: 40 images"));
    assert_int_equal(dataset_in_use()->count, 40);
    experiment e = experiment_default();
    e.workload = WORKLOAD_TRAIN;
    e.batch = 8;
    e.variant = variant_find("reordered");
    e.min_time = 0.001;
    const workload_ops *ops = workload_ops_for(WORKLOAD_TRAIN);
    workload_state *st = ops->create(&e, err, sizeof err);
    if (!st)
        fail_msg("%s", err);
    sample s;
    assert_int_equal(measure_sample(ops, st, &e, NULL, NULL, true, &s), KERNEL_DONE);
    assert_int_equal(s.verdict, CHECK_PASS);
    assert_true(isfinite(s.loss) && s.loss > 0);
    assert_true(s.accuracy >= 0 && s.accuracy <= 1);
    ops->destroy(st);
    e.workload = WORKLOAD_NET;
    ops = workload_ops_for(WORKLOAD_NET);
    st = ops->create(&e, err, sizeof err);
    assert_non_null(st);
    assert_int_equal(measure_sample(ops, st, &e, NULL, NULL, true, &s), KERNEL_DONE);
    assert_int_equal(s.verdict, CHECK_PASS);
    ops->destroy(st);
    dataset_use(NULL, NULL);
    assert_null(dataset_in_use());
    assert_non_null(strstr(dataset_in_use_name(), "synthetic"));
}

static int cleanup(void **state)
{
    (void)state;
    clear_dir();
    rmdir(dir);
    return 0;
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_good_files),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_network_runs_on_mnist),
    };
    return cmocka_run_group_tests(tests, NULL, cleanup);
}
