/* The course's network: Dense(784,256) - ReLU - Dense(256,128) - ReLU - Dense(128,10),
 * on row-major batches. Every matmul, forward and backward, goes through the chosen
 * kernel variant; bias, activations, softmax and SGD are plain C. */
#ifndef TTTOP_NET_H
#define TTTOP_NET_H

#include <stdbool.h>
#include <stddef.h>

#include "kernels.h"
#include "net/profile.h"

#define NET_LAYERS 3
#define NET_INPUTS 784
#define NET_CLASSES 10

typedef struct net net;

/* Width of activation l: 784, 256, 128, 10 for l = 0..3. */
int net_width(int l);

/* Floating-point operations of the matmuls of one pass: forward, or a whole training step
 * (forward, dW of every layer, dX of all but the first). */
double net_flops(int batch, bool train);
/* Bytes a net of this batch size allocates. */
size_t net_bytes(int batch);

/* Weights from a seeded He initialisation; NULL when out of memory. */
net *net_create(int batch, unsigned seed);
void net_destroy(net *n);
int net_batch(const net *n);
/* W_l is in x out (row-major), b_l has out entries. */
double *net_weights(net *n, int layer);
double *net_bias(net *n, int layer);
/* Copy src's parameters into dst (same shapes). */
void net_copy_params(net *dst, const net *src);
/* All parameters, W1 b1 W2 b2 W3 b3, concatenated into out (net_param_count() doubles). */
size_t net_param_count(void);
void net_export_params(const net *n, double *out);

/* Logits of x (batch x 784) into the net's output buffer. prof may be NULL. Returns a
 * kernel_status. */
int net_forward(net *n, const double *x, const kernel_info *k, const kernel_tunables *tun,
                kernel_ctl *ctl, profile *prof);
const double *net_logits(const net *n); /* batch x 10, after net_forward */
/* Mean softmax cross-entropy of the current logits against labels. */
double net_loss(const net *n, const int *labels);

/* One SGD step on (x, labels): forward, loss, backward, update. *loss gets the batch loss
 * before the update. Returns a kernel_status; a cancelled step leaves the weights as they
 * were. */
int net_train_step(net *n, const double *x, const int *labels, double lr, const kernel_info *k,
                   const kernel_tunables *tun, kernel_ctl *ctl, profile *prof, double *loss);
/* Gradients of the last training step (same layout as net_export_params). */
void net_export_grads(const net *n, double *out);

#endif
