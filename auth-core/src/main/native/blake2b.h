/*
 * BLAKE2b (RFC 7693), unkeyed, any digest length from 1 to 64 bytes: the hash H that Argon2
 * (RFC 9106 section 3.1) is built on. Written from RFC 7693.
 */
#ifndef PORTCULLIS_BLAKE2B_H
#define PORTCULLIS_BLAKE2B_H

#include <stddef.h>
#include <stdint.h>

#define PC_BLAKE2B_BLOCK_BYTES 128
#define PC_BLAKE2B_MAX_DIGEST_BYTES 64

typedef struct {
  uint64_t h[8];
  uint64_t t[2];                          /* bytes compressed so far, 128-bit counter */
  uint8_t buffer[PC_BLAKE2B_BLOCK_BYTES]; /* the last block is held back until final */
  size_t buffered;
  size_t digest_bytes;
} pc_blake2b_state;

void pc_blake2b_init(pc_blake2b_state *state, size_t digest_bytes);
void pc_blake2b_update(pc_blake2b_state *state, const void *data, size_t length);
void pc_blake2b_final(pc_blake2b_state *state, uint8_t *digest);

/* One-shot BLAKE2b of data into digest_bytes bytes. */
void pc_blake2b(uint8_t *digest, size_t digest_bytes, const void *data, size_t length);

/* Overwrites memory in a way the compiler may not remove as a dead store. */
void pc_wipe(void *memory, size_t length);

#endif
