/* fuzz_enroll.c - loader/core/enroll.c over any file `make sign` may be pointed at. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "loader/core/enroll.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    uint8_t *copy = malloc(size ? size : 1);
    memcpy(copy, data, size);
    uint8_t digest[SHA256_DIGEST_SIZE] = {1};
    struct diag d;
    uint32_t at;
    if (enroll_find(copy, (uint32_t)size, "f", &at, &d)) {
        if (at > size - ENROLL_BLOCK_SIZE)
            abort();
        if (!enroll_write(copy, (uint32_t)size, "f", digest, &d))
            abort();
    }
    free(copy);
    return 0;
}
