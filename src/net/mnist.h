/* MNIST from its IDX files: train-images-idx3-ubyte and train-labels-idx1-ubyte in one
 * directory, plain or gzip-compressed (the same name with .gz, read through zlib). Every
 * claim of a file is checked against what it holds: the magic number, 28x28 images, the
 * count in the header against the bytes present, the images against the labels, labels
 * 0..9. Each problem is one line naming the file. */
#ifndef TTTOP_MNIST_H
#define TTTOP_MNIST_H

#include <stddef.h>

#include "net/dataset.h"

#define MNIST_IMAGES_FILE "train-images-idx3-ubyte"
#define MNIST_LABELS_FILE "train-labels-idx1-ubyte"
#define MNIST_IMAGES_MAGIC 0x00000803u
#define MNIST_LABELS_MAGIC 0x00000801u
/* Decompressed bytes a file may hold: MNIST's images are 47 MB; this refuses a gzip bomb. */
#define MNIST_MAX_BYTES (512u << 20)

/* One IDX file at path (plain or gzip). 0, or -1 with a one-line message in err. */
int mnist_read_images(const char *path, unsigned char **pixels, int *count, char *err,
                      size_t errlen);
int mnist_read_labels(const char *path, int **labels, int *count, char *err, size_t errlen);

/* The same from the file's bytes (decompressed); path names it in messages. images takes
 * data (malloc'd) over: on success *pixels is that block, on failure it is freed. */
int mnist_parse_images(const char *path, unsigned char *data, size_t len, unsigned char **pixels,
                       int *count, char *err, size_t errlen);
int mnist_parse_labels(const char *path, const unsigned char *data, size_t len, int **labels,
                       int *count, char *err, size_t errlen);

/* DIR's training images and labels into d (d->pixels, d->labels). 0, or -1 with err. */
int mnist_load(const char *dir, dataset *d, char *err, size_t errlen);
/* mnist_load, then dataset_use() for the whole process. 0, or -1 with err. */
int mnist_use(const char *dir, char *err, size_t errlen);

#endif
