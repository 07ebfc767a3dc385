/* A synthetic, MNIST-like data set made from a seed: 28x28 images in [0, 1] of ten classes,
 * each class a distinct stroke pattern, shifted and blurred by noise per sample, so that
 * the network has something real to learn and the loss visibly falls. */
#ifndef TTTOP_DATASET_H
#define TTTOP_DATASET_H

#include <stddef.h>

#define DATASET_SIDE 28
#define DATASET_PIXELS (DATASET_SIDE * DATASET_SIDE)

typedef struct dataset {
    int count;
    double *images; /* count x 784 */
    int *labels;
} dataset;

/* 0, or -1 when out of memory. Different seeds give different samples of the same classes. */
int dataset_make(dataset *d, int count, unsigned seed);
void dataset_free(dataset *d);
/* Copy `batch` consecutive samples from `first` (wrapping around) into x and labels. */
void dataset_batch(const dataset *d, long first, int batch, double *x, int *labels);

#endif
