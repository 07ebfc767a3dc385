/* The IDX reader of --data: whatever the bytes (the first picks images or labels), the file
 * is refused with one line naming it, or accepted with exactly what its header announces:
 * 28x28 images, every label a digit 0..9, and nothing read past the buffer (ASan). */
#include <stdbool.h>
#include <stdint.h>

#include "fuzz.h"
#include "net/mnist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const bool images = data[0] & 1;
    data++, size--;
    char err[512] = "";
    int count = -1;
    if (images) {
        unsigned char *copy = malloc(size ? size : 1), *pixels = NULL;
        if (!copy)
            abort();
        memcpy(copy, data, size);
        if (mnist_parse_images("images.idx", copy, size, &pixels, &count, err, sizeof err) != 0) {
            FUZZ_REQUIRE(fuzz_one_line(err) && strncmp(err, "images.idx: ", 12) == 0, "'%s'", err);
            FUZZ_REQUIRE(!pixels && count == 0, "a refusal left %d images", count);
            return 0;
        }
        FUZZ_REQUIRE(count >= 1 && size == 16 + (size_t)count * DATASET_PIXELS,
                     "%d images accepted from %zu bytes", count, size);
        FUZZ_REQUIRE(memcmp(pixels, data + 16, (size_t)count * DATASET_PIXELS) == 0,
                     "the pixels are not the file's");
        free(pixels);
        return 0;
    }
    int *labels = NULL;
    if (mnist_parse_labels("labels.idx", data, size, &labels, &count, err, sizeof err) != 0) {
        FUZZ_REQUIRE(fuzz_one_line(err) && strncmp(err, "labels.idx: ", 12) == 0, "'%s'", err);
        FUZZ_REQUIRE(!labels && count == 0, "a refusal left %d labels", count);
        return 0;
    }
    FUZZ_REQUIRE(count >= 1 && size == 8 + (size_t)count, "%d labels from %zu bytes", count, size);
    for (int i = 0; i < count; i++)
        FUZZ_REQUIRE(labels[i] >= 0 && labels[i] <= 9, "label %d", labels[i]);
    free(labels);
    return 0;
}
