/* protocol.h - which header boots a kernel file: Multiboot2 or Multiboot 1. */
#ifndef LOADER_PROTOCOL_H
#define LOADER_PROTOCOL_H

#include <stdbool.h>
#include <stdint.h>
#include "config.h"
#include "diag.h"
#include "mb1_header.h"
#include "mb2_header.h"

enum boot_protocol {
    PROTO_MULTIBOOT2,
    PROTO_MULTIBOOT1,
};

/* The choice and the chosen header, decoded. */
struct proto_choice {
    enum boot_protocol which;
    bool header_ok; /* false: `d` holds the chosen protocol's refusal of its header */
    struct mb2h_info mb2;
    struct mb1h_info mb1;
    /* Set when a Multiboot 1 header boots a file whose Multiboot2 header was
     * refused: that refusal, for the caller to print as a note. Empty otherwise. */
    struct diag note;
};

/* Decides which header boots `file`. With `forced` AUTO: a valid Multiboot2 header
 * (first 32 KiB) wins, else a valid Multiboot 1 header (first 8 KiB); when neither
 * is valid the Multiboot2 refusal is kept, unless the file has a Multiboot 1 header
 * and no Multiboot2 magic at all. Forced, only that header counts, and its absence
 * is refused naming boot.cfg's protocol key. `out->header_ok` false means refused,
 * with one line in `d`: the caller reports it (after its ELF check, for Multiboot2). */
void proto_choose(const uint8_t *file, uint32_t size, enum cfg_protocol forced, const char *name,
                  struct proto_choice *out, struct diag *d);

/* "Multiboot2" or "Multiboot 1", for messages. */
const char *proto_name(enum boot_protocol p);

#endif
