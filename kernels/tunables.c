/* The tunables variants share, described once: a variant lists the ones it reads. */
#include "tunables.h"

static const int block_steps[] = {8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512};
static const int mc_steps[] = {48, 72, 96, 144, 192};
static const int kc_steps[] = {128, 192, 256, 384, 512};
static const int nc_steps[] = {1024, 2048, 4096};

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

const kernel_tunable kernel_tunable_block = {
    .knob = KERNEL_KNOB_BLOCK,
    .name = "block",
    .label = "block",
    .unit = "",
    .min = 1,
    .max = 4096,
    .def = 64,
    .steps = block_steps,
    .nsteps = COUNT(block_steps),
    .key_up = 'b',
    .key_down = 'B',
    .tuned = true,
    .help = "block size up / down (tile edge)",
};

const kernel_tunable kernel_tunable_threads = {
    .knob = KERNEL_KNOB_THREADS,
    .name = "threads",
    .label = "threads",
    .unit = "",
    .min = 1,
    .max = KERNEL_MAX_THREADS,
    .def = 1,
    .key_up = 't',
    .key_down = 'T',
    .per_setting = true,
    .help = "threads up / down",
};

const kernel_tunable kernel_tunable_mc = {
    .knob = KERNEL_KNOB_MC,
    .name = "mc",
    .label = "MC",
    .unit = "rows",
    .min = 1,
    .max = 1 << 16,
    .steps = mc_steps,
    .nsteps = COUNT(mc_steps),
    .tuned = true,
    .help = "rows of A packed per block (sized for L2)",
};

const kernel_tunable kernel_tunable_kc = {
    .knob = KERNEL_KNOB_KC,
    .name = "kc",
    .label = "KC",
    .unit = "",
    .min = 1,
    .max = 1 << 16,
    .steps = kc_steps,
    .nsteps = COUNT(kc_steps),
    .tuned = true,
    .help = "depth of the packed panels (sized for L1)",
};

const kernel_tunable kernel_tunable_nc = {
    .knob = KERNEL_KNOB_NC,
    .name = "nc",
    .label = "NC",
    .unit = "cols",
    .min = 1,
    .max = 1 << 20,
    .steps = nc_steps,
    .nsteps = COUNT(nc_steps),
    .tuned = true,
    .help = "columns of B packed per panel (sized for L3)",
};
