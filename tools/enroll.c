/* enroll.c - host tool of `make sign`: writes SHA-256(boot.cfg) into each loader's enroll block.
 *
 *   enroll BOOT.CFG LOADER.EFI...
 *
 * The logic is loader/core/enroll.c (host-tested in tests/unit/test_enroll.c); this
 * file only reads and writes files. A file that is not our loader is refused with one
 * line and exit status 1, and no loader is written unless every one is ours.
 */
#include <stdio.h>
#include <stdlib.h>
#include "loader/core/enroll.h"

#define FILE_MAX (16u << 20)
#define MAX_LOADERS 8

struct file {
    const char *name;
    uint8_t *data;
    uint32_t size;
};

static int slurp(const char *name, struct file *f)
{
    FILE *fp = fopen(name, "rb");
    if (!fp) {
        fprintf(stderr, "enroll: %s: cannot open\n", name);
        return -1;
    }
    f->name = name;
    f->data = malloc(FILE_MAX);
    size_t n = f->data ? fread(f->data, 1, FILE_MAX, fp) : 0;
    int bad = !f->data || ferror(fp) || !feof(fp);
    fclose(fp);
    if (bad) {
        fprintf(stderr, "enroll: %s: cannot read, or larger than %u bytes\n", name, FILE_MAX);
        return -1;
    }
    f->size = (uint32_t)n;
    return 0;
}

int main(int argc, char **argv)
{
    struct file cfg, loaders[MAX_LOADERS];
    uint8_t digest[SHA256_DIGEST_SIZE];
    char hex[SHA256_HEX_SIZE];
    struct diag d;
    if (argc < 3 || argc - 2 > MAX_LOADERS) {
        fprintf(stderr, "usage: enroll BOOT.CFG LOADER.EFI... (at most %u loaders)\n", MAX_LOADERS);
        return 2;
    }
    if (slurp(argv[1], &cfg))
        return 1;
    sha256(cfg.data, cfg.size, digest);
    sha256_hex(digest, hex);
    int nl = argc - 2;
    for (int i = 0; i < nl; i++) {
        if (slurp(argv[i + 2], &loaders[i]))
            return 1;
        if (!enroll_write(loaders[i].data, loaders[i].size, loaders[i].name, digest, &d)) {
            fprintf(stderr, "enroll: %s\n", d.msg);
            return 1;
        }
    }
    for (int i = 0; i < nl; i++) {
        FILE *fp = fopen(loaders[i].name, "wb");
        if (!fp || fwrite(loaders[i].data, 1, loaders[i].size, fp) != loaders[i].size ||
            fclose(fp) != 0) {
            fprintf(stderr, "enroll: %s: cannot write\n", loaders[i].name);
            return 1;
        }
        printf("enroll: %s: %s sha256 = %s enrolled\n", loaders[i].name, argv[1], hex);
    }
    return 0;
}
