#include "net/dataset.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"

/* Each class is drawn as a few thick strokes between fixed points of a 7x7 grid. */
static const unsigned char strokes[10][4][4] = {
    {{1, 1, 5, 1}, {5, 1, 5, 5}, {5, 5, 1, 5}, {1, 5, 1, 1}}, /* 0: box */
    {{3, 0, 3, 6}, {3, 0, 2, 1}, {2, 6, 4, 6}, {3, 3, 3, 3}}, /* 1: bar */
    {{1, 1, 5, 1}, {5, 1, 1, 6}, {1, 6, 5, 6}, {5, 1, 5, 2}}, /* 2: Z */
    {{1, 1, 5, 1}, {5, 1, 5, 6}, {2, 3, 5, 3}, {1, 6, 5, 6}}, /* 3 */
    {{1, 0, 1, 3}, {1, 3, 5, 3}, {4, 0, 4, 6}, {4, 6, 4, 6}}, /* 4 */
    {{5, 0, 1, 0}, {1, 0, 1, 3}, {1, 3, 5, 4}, {5, 4, 1, 6}}, /* 5 */
    {{4, 0, 1, 3}, {1, 3, 1, 6}, {1, 6, 5, 5}, {5, 5, 1, 3}}, /* 6 */
    {{1, 0, 5, 0}, {5, 0, 2, 6}, {2, 3, 4, 3}, {5, 0, 5, 0}}, /* 7 */
    {{1, 0, 5, 6}, {5, 0, 1, 6}, {1, 0, 5, 0}, {1, 6, 5, 6}}, /* 8: hourglass */
    {{5, 3, 1, 3}, {1, 3, 1, 0}, {1, 0, 5, 0}, {5, 0, 5, 6}}, /* 9 */
};

static void draw_line(double *img, double x0, double y0, double x1, double y1)
{
    const int steps = 40;
    for (int s = 0; s <= steps; s++) {
        double t = (double)s / steps, x = x0 + t * (x1 - x0), y = y0 + t * (y1 - y0);
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int px = (int)lround(x) + dx, py = (int)lround(y) + dy;
                if (px < 0 || py < 0 || px >= DATASET_SIDE || py >= DATASET_SIDE)
                    continue;
                double v = dx == 0 && dy == 0 ? 1.0 : 0.6;
                double *p = &img[py * DATASET_SIDE + px];
                if (v > *p)
                    *p = v;
            }
        }
    }
}

static void draw_sample(double *img, int label, uint64_t *s)
{
    memset(img, 0, (size_t)DATASET_PIXELS * sizeof *img);
    const double scale = 3.2 + 0.6 * rng_unit(s);
    const double ox = 3.0 + 3.0 * rng_unit(s), oy = 3.0 + 3.0 * rng_unit(s);
    for (int k = 0; k < 4; k++) {
        const unsigned char *st = strokes[label][k];
        double j = 0.4; /* per-stroke wobble */
        draw_line(img, ox + scale * st[0] + j * (rng_unit(s) - 0.5),
                  oy + scale * st[1] + j * (rng_unit(s) - 0.5),
                  ox + scale * st[2] + j * (rng_unit(s) - 0.5),
                  oy + scale * st[3] + j * (rng_unit(s) - 0.5));
    }
    /* a stray stroke from another class and heavy noise keep the task from being trivial */
    const unsigned char *stray = strokes[rng_next(s) % 10][rng_next(s) % 4];
    draw_line(img, ox + scale * stray[0], oy + scale * stray[1], ox + scale * stray[2],
              oy + scale * stray[3]);
    for (int i = 0; i < DATASET_PIXELS; i++) {
        double v = img[i] + 0.9 * (rng_unit(s) - 0.5);
        img[i] = v < 0.0 ? 0.0 : v > 1.0 ? 1.0 : v;
    }
}

int dataset_make(dataset *d, int count, unsigned seed)
{
    d->count = count;
    d->pixels = NULL;
    d->images = malloc((size_t)count * (size_t)DATASET_PIXELS * sizeof *d->images);
    d->labels = malloc((size_t)count * sizeof *d->labels);
    if (!d->images || !d->labels) {
        dataset_free(d);
        return -1;
    }
    uint64_t s = 0xda7aull ^ ((uint64_t)seed << 20);
    for (int i = 0; i < count; i++) {
        d->labels[i] = (int)(rng_next(&s) % 10);
        draw_sample(d->images + (size_t)i * (size_t)DATASET_PIXELS, d->labels[i], &s);
    }
    return 0;
}

void dataset_free(dataset *d)
{
    free(d->images);
    free(d->pixels);
    free(d->labels);
    d->images = NULL;
    d->pixels = NULL;
    d->labels = NULL;
    d->count = 0;
}

void dataset_batch(const dataset *d, long first, int batch, double *x, int *labels)
{
    for (int i = 0; i < batch; i++) {
        const long idx = (first + i) % d->count;
        double *dst = x + (size_t)i * (size_t)DATASET_PIXELS;
        if (d->pixels) {
            const unsigned char *src = d->pixels + (size_t)idx * (size_t)DATASET_PIXELS;
            for (int p = 0; p < DATASET_PIXELS; p++)
                dst[p] = src[p] / 255.0;
        } else {
            memcpy(dst, d->images + (size_t)idx * (size_t)DATASET_PIXELS,
                   (size_t)DATASET_PIXELS * sizeof *x);
        }
        labels[i] = d->labels[idx];
    }
}

dataset dataset_view(const dataset *d, int first, int count)
{
    const size_t at = (size_t)first * DATASET_PIXELS;
    return (dataset){
        .count = count,
        .images = d->images ? d->images + at : NULL,
        .pixels = d->pixels ? d->pixels + at : NULL,
        .labels = d->labels + first,
    };
}

static dataset in_use;
static bool in_use_set;
static char in_use_name[320];

void dataset_use(dataset *d, const char *description)
{
    if (in_use_set)
        dataset_free(&in_use);
    in_use_set = d != NULL;
    if (d) {
        in_use = *d;
        memset(d, 0, sizeof *d);
        snprintf(in_use_name, sizeof in_use_name, "%s", description);
    }
}

const dataset *dataset_in_use(void)
{
    return in_use_set ? &in_use : NULL;
}

const char *dataset_in_use_name(void)
{
    return in_use_set ? in_use_name : "synthetic digits (built in)";
}
