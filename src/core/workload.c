#include "core/workload.h"

#include <stddef.h>

const workload_ops *workload_ops_for(workload_kind kind)
{
    switch (kind) {
    case WORKLOAD_MATMUL:
        return &workload_matmul_ops;
    case WORKLOAD_NET:
        return &workload_net_ops;
    case WORKLOAD_TRAIN:
        return &workload_train_ops;
    default:
        return NULL;
    }
}
