#include "net/net.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"

static const int widths[NET_LAYERS + 1] = {NET_INPUTS, 256, 128, NET_CLASSES};
static const char *const dense_names[NET_LAYERS] = {"dense1", "dense2", "dense3"};
static const char *const relu_names[NET_LAYERS - 1] = {"relu1", "relu2"};
static const char *const dense_bwd_names[NET_LAYERS] = {"dense1.bwd", "dense2.bwd", "dense3.bwd"};
static const char *const relu_bwd_names[NET_LAYERS - 1] = {"relu1.bwd", "relu2.bwd"};

struct net {
    int batch;
    double *w[NET_LAYERS], *b[NET_LAYERS];   /* parameters */
    double *dw[NET_LAYERS], *db[NET_LAYERS]; /* gradients of the last step */
    double *z[NET_LAYERS + 1];               /* z[l]: pre-activation of layer l (1..3) */
    double *a[NET_LAYERS];                   /* a[l]: relu(z[l]) for l = 1, 2 */
    double *dz, *da;                         /* backward scratch, batch x 256 */
    double *t_act, *t_w;                     /* transposes for the backward matmuls */
};

int net_width(int l)
{
    return l >= 0 && l <= NET_LAYERS ? widths[l] : 0;
}

double net_flops(int batch, bool train)
{
    double forward = 0.0, backward = 0.0;
    for (int l = 0; l < NET_LAYERS; l++) {
        double layer = 2.0 * batch * widths[l] * widths[l + 1];
        forward += layer;
        backward += l == 0 ? layer : 2.0 * layer;
    }
    return train ? forward + backward : forward;
}

size_t net_bytes(int batch)
{
    const size_t B = (size_t)batch;
    /* parameters and gradients; z and a of each layer; dz, da and the two transposes */
    size_t words = 2 * net_param_count();
    for (int l = 1; l <= NET_LAYERS; l++)
        words += B * (size_t)widths[l] * (l < NET_LAYERS ? 2 : 1);
    words += 2 * B * 256 + B * NET_INPUTS + (size_t)256 * 128;
    return words * sizeof(double);
}

/* A seeded normal variate (Box-Muller over splitmix64). */
static double normal(uint64_t *state)
{
    double u[2];
    for (int i = 0; i < 2; i++) {
        u[i] = ((double)(rng_next(state) >> 11) + 0.5) * 0x1.0p-53;
    }
    return sqrt(-2.0 * log(u[0])) * cos(6.283185307179586 * u[1]);
}

void net_destroy(net *n)
{
    if (!n)
        return;
    for (int l = 0; l < NET_LAYERS; l++) {
        free(n->w[l]);
        free(n->b[l]);
        free(n->dw[l]);
        free(n->db[l]);
        free(n->a[l]);
    }
    for (int l = 0; l <= NET_LAYERS; l++)
        free(n->z[l]);
    free(n->dz);
    free(n->da);
    free(n->t_act);
    free(n->t_w);
    free(n);
}

net *net_create(int batch, unsigned seed)
{
    if (batch < 1)
        return NULL;
    net *n = calloc(1, sizeof *n);
    if (!n)
        return NULL;
    n->batch = batch;
    const size_t B = (size_t)batch;
    bool ok = true;
    for (int l = 0; l < NET_LAYERS; l++) {
        const size_t in = (size_t)widths[l], out = (size_t)widths[l + 1];
        ok = ok && (n->w[l] = malloc(in * out * sizeof(double)));
        ok = ok && (n->b[l] = calloc(out, sizeof(double)));
        ok = ok && (n->dw[l] = calloc(in * out, sizeof(double)));
        ok = ok && (n->db[l] = calloc(out, sizeof(double)));
        ok = ok && (n->z[l + 1] = malloc(B * out * sizeof(double)));
        if (l + 1 < NET_LAYERS)
            ok = ok && (n->a[l + 1] = malloc(B * out * sizeof(double)));
    }
    ok = ok && (n->dz = malloc(B * 256 * sizeof(double)));
    ok = ok && (n->da = malloc(B * 256 * sizeof(double)));
    ok = ok && (n->t_act = malloc(B * NET_INPUTS * sizeof(double)));
    ok = ok && (n->t_w = malloc((size_t)256 * 128 * sizeof(double)));
    if (!ok) {
        net_destroy(n);
        return NULL;
    }
    uint64_t state = 0x5eedull ^ ((uint64_t)seed << 17);
    for (int l = 0; l < NET_LAYERS; l++) {
        const size_t count = (size_t)widths[l] * widths[l + 1];
        const double scale = sqrt(2.0 / widths[l]); /* He initialisation for ReLU */
        for (size_t i = 0; i < count; i++)
            n->w[l][i] = scale * normal(&state);
    }
    return n;
}

int net_batch(const net *n)
{
    return n->batch;
}

double *net_weights(net *n, int layer)
{
    return n->w[layer];
}

double *net_bias(net *n, int layer)
{
    return n->b[layer];
}

size_t net_param_count(void)
{
    size_t total = 0;
    for (int l = 0; l < NET_LAYERS; l++)
        total += (size_t)widths[l] * widths[l + 1] + (size_t)widths[l + 1];
    return total;
}

static void export_pairs(double *const *w, double *const *b, double *out)
{
    for (int l = 0; l < NET_LAYERS; l++) {
        const size_t nw = (size_t)widths[l] * widths[l + 1], nb = (size_t)widths[l + 1];
        memcpy(out, w[l], nw * sizeof *out);
        out += nw;
        memcpy(out, b[l], nb * sizeof *out);
        out += nb;
    }
}

void net_export_params(const net *n, double *out)
{
    export_pairs(n->w, n->b, out);
}

void net_export_grads(const net *n, double *out)
{
    export_pairs(n->dw, n->db, out);
}

void net_copy_params(net *dst, const net *src)
{
    for (int l = 0; l < NET_LAYERS; l++) {
        memcpy(dst->w[l], src->w[l], (size_t)widths[l] * widths[l + 1] * sizeof(double));
        memcpy(dst->b[l], src->b[l], (size_t)widths[l + 1] * sizeof(double));
    }
}

static void section_enter(profile *prof)
{
    if (prof)
        profile_enter(prof);
}

static void section_leave(profile *prof, const char *name)
{
    if (prof)
        profile_leave(prof, name);
}

/* dst (cols x rows) = src (rows x cols) transposed. */
static void transpose(double *restrict dst, const double *restrict src, int rows, int cols)
{
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            dst[(size_t)j * rows + i] = src[(size_t)i * cols + j];
}

int net_forward(net *n, const double *x, const kernel_info *k, const kernel_tunables *tun,
                kernel_ctl *ctl, profile *prof)
{
    const int B = n->batch;
    const double *in = x;
    for (int l = 0; l < NET_LAYERS; l++) {
        const int w_in = widths[l], w_out = widths[l + 1];
        double *z = n->z[l + 1];
        section_enter(prof);
        int status = k->run(B, w_out, w_in, in, w_in, n->w[l], w_out, z, w_out, tun, ctl);
        if (status != KERNEL_DONE)
            return status;
        for (int i = 0; i < B; i++)
            for (int j = 0; j < w_out; j++)
                z[(size_t)i * w_out + j] += n->b[l][j];
        section_leave(prof, dense_names[l]);
        if (l + 1 == NET_LAYERS)
            break;
        section_enter(prof);
        double *a = n->a[l + 1];
        for (size_t i = 0; i < (size_t)B * w_out; i++)
            a[i] = z[i] > 0.0 ? z[i] : 0.0;
        section_leave(prof, relu_names[l]);
        in = a;
    }
    return KERNEL_DONE;
}

const double *net_logits(const net *n)
{
    return n->z[NET_LAYERS];
}

/* Softmax of one row of logits into p; returns -log p[label]. */
static double softmax_row(const double *logits, double *p, int label)
{
    double max = logits[0];
    for (int j = 1; j < NET_CLASSES; j++)
        if (logits[j] > max)
            max = logits[j];
    double sum = 0.0;
    for (int j = 0; j < NET_CLASSES; j++)
        sum += p[j] = exp(logits[j] - max);
    for (int j = 0; j < NET_CLASSES; j++)
        p[j] /= sum;
    return -(logits[label] - max - log(sum));
}

double net_loss(const net *n, const int *labels)
{
    double p[NET_CLASSES], total = 0.0;
    for (int i = 0; i < n->batch; i++)
        total += softmax_row(n->z[NET_LAYERS] + (size_t)i * NET_CLASSES, p, labels[i]);
    return total / n->batch;
}

/* dW = act^T * dz, db = column sums of dz, and (when da is not NULL) da = dz * W^T. */
static int dense_backward(net *n, int l, const double *act, const double *dz, double *da,
                          const kernel_info *k, const kernel_tunables *tun, kernel_ctl *ctl)
{
    const int B = n->batch, w_in = widths[l], w_out = widths[l + 1];
    transpose(n->t_act, act, B, w_in);
    int status = k->run(w_in, w_out, B, n->t_act, B, dz, w_out, n->dw[l], w_out, tun, ctl);
    if (status != KERNEL_DONE)
        return status;
    for (int j = 0; j < w_out; j++)
        n->db[l][j] = 0.0;
    for (int i = 0; i < B; i++)
        for (int j = 0; j < w_out; j++)
            n->db[l][j] += dz[(size_t)i * w_out + j];
    if (!da)
        return KERNEL_DONE;
    transpose(n->t_w, n->w[l], w_in, w_out);
    return k->run(B, w_in, w_out, dz, w_out, n->t_w, w_in, da, w_in, tun, ctl);
}

int net_train_step(net *n, const double *x, const int *labels, double lr, const kernel_info *k,
                   const kernel_tunables *tun, kernel_ctl *ctl, profile *prof, double *loss)
{
    int status = net_forward(n, x, k, tun, ctl, prof);
    if (status != KERNEL_DONE)
        return status;
    const int B = n->batch;

    section_enter(prof);
    double total = 0.0;
    for (int i = 0; i < B; i++) {
        double *dz = n->dz + (size_t)i * NET_CLASSES;
        total += softmax_row(n->z[NET_LAYERS] + (size_t)i * NET_CLASSES, dz, labels[i]);
        dz[labels[i]] -= 1.0;
        for (int j = 0; j < NET_CLASSES; j++)
            dz[j] /= B;
    }
    *loss = total / B;
    section_leave(prof, "loss");

    /* dz holds dL/dz of layer l+1; da receives dL/da of layer l, which becomes dz through
     * the ReLU's mask. */
    for (int l = NET_LAYERS - 1; l >= 0; l--) {
        const double *act = l == 0 ? x : n->a[l];
        section_enter(prof);
        status = dense_backward(n, l, act, n->dz, l == 0 ? NULL : n->da, k, tun, ctl);
        if (status != KERNEL_DONE)
            return status;
        section_leave(prof, dense_bwd_names[l]);
        if (l == 0)
            break;
        section_enter(prof);
        const size_t count = (size_t)B * widths[l];
        for (size_t i = 0; i < count; i++)
            n->dz[i] = n->z[l][i] > 0.0 ? n->da[i] : 0.0;
        section_leave(prof, relu_bwd_names[l - 1]);
    }

    section_enter(prof);
    for (int l = 0; l < NET_LAYERS; l++) {
        const size_t nw = (size_t)widths[l] * widths[l + 1];
        for (size_t i = 0; i < nw; i++)
            n->w[l][i] -= lr * n->dw[l][i];
        for (int j = 0; j < widths[l + 1]; j++)
            n->b[l][j] -= lr * n->db[l][j];
    }
    section_leave(prof, "sgd");
    return KERNEL_DONE;
}
