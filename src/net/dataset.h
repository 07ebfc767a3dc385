/* The network's data: 28x28 images in [0, 1] of ten classes with their labels. Built in: a
 * synthetic, MNIST-like set made from a seed, each class a distinct stroke pattern, shifted
 * and blurred by noise per sample, so that the network has something real to learn and the
 * loss visibly falls (it needs nothing). Or MNIST itself, read from its IDX files
 * (net/mnist.h) and chosen for the whole process with dataset_use(). */
#ifndef TTTOP_DATASET_H
#define TTTOP_DATASET_H

#include <stddef.h>

#define DATASET_SIDE 28
#define DATASET_PIXELS 784 /* DATASET_SIDE squared */

typedef struct dataset {
    int count;
    double *images;        /* count x 784, or NULL when pixels holds them */
    unsigned char *pixels; /* count x 784 bytes 0..255 (read from IDX files), or NULL */
    int *labels;
} dataset;

/* 0, or -1 when out of memory. Different seeds give different samples of the same classes. */
int dataset_make(dataset *d, int count, unsigned seed);
void dataset_free(dataset *d);
/* Copy `batch` consecutive samples from `first` (wrapping around) into x and labels. */
void dataset_batch(const dataset *d, long first, int batch, double *x, int *labels);
/* `count` samples of d from `first`, sharing d's memory: never dataset_free() a view. */
dataset dataset_view(const dataset *d, int first, int count);

/* The data every net and train workload of this process runs on. The face chooses it once,
 * before it starts any runner thread (thread creation publishes it), and it stays
 * read-only while workloads exist: the experiment copied between threads stays plain values.
 * dataset_use() takes d over (NULL: back to the synthetic digits); description says what
 * it is ("MNIST (60000 images from DIR)"). */
void dataset_use(dataset *d, const char *description);
/* The data set in use, NULL for the synthetic digits. */
const dataset *dataset_in_use(void);
/* One line for reports: "synthetic digits (built in)" or the description given. */
const char *dataset_in_use_name(void);

#endif
