/*
 * Argon2 as RFC 9106 section 3 specifies it: H0, the first blocks through H', the fill over
 * passes, slices and lanes with data-dependent (Argon2d), data-independent (Argon2i) or mixed
 * (Argon2id) indexing, and the final block. Only the compression function G is per instruction
 * set (fill_*.c); everything here runs a few times per hash or is cheap bookkeeping per block.
 *
 * Lanes run one after another within each slice: RFC 9106 allows any schedule in which a segment
 * is filled after the segments it may reference, and slices are the synchronisation points.
 */
#include <stdlib.h>
#include <string.h>

#include "blake2b.h"
#include "kernels.h"
#include "portcullis_argon2.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "blocks are read as little-endian 64-bit words in place: a big-endian port needs byte swaps"
#endif

#define SYNC_POINTS 4 /* slices per pass */
#define ADDRESSES_PER_BLOCK 128

typedef struct {
  pc_block *memory;
  uint32_t lanes;
  uint32_t lane_length;    /* q = m' / p blocks */
  uint32_t segment_length; /* q / 4 */
  uint32_t block_count;    /* m' */
  uint32_t iterations;
  uint32_t version;
  int type;
  pc_fill_block_fn fill;
} fill_context;

static void store32(uint8_t *out, uint32_t v) {
  for (int i = 0; i < 4; i++) out[i] = (uint8_t)(v >> (8 * i));
}

static void update32(pc_blake2b_state *s, uint32_t v) {
  uint8_t bytes[4];
  store32(bytes, v);
  pc_blake2b_update(s, bytes, 4);
}

/* RFC 9106 section 3.3: the variable-length hash function H'^T. */
static void hash_prime(uint8_t *out, uint32_t out_bytes, const void *in, size_t in_bytes) {
  pc_blake2b_state s;
  if (out_bytes <= PC_BLAKE2B_MAX_DIGEST_BYTES) {
    pc_blake2b_init(&s, out_bytes);
    update32(&s, out_bytes);
    pc_blake2b_update(&s, in, in_bytes);
    pc_blake2b_final(&s, out);
    return;
  }
  uint32_t r = (uint32_t)(((uint64_t)out_bytes + 31) / 32 - 2); /* no wrap near 2^32 */
  uint8_t v[PC_BLAKE2B_MAX_DIGEST_BYTES];
  pc_blake2b_init(&s, sizeof v);
  update32(&s, out_bytes);
  pc_blake2b_update(&s, in, in_bytes);
  pc_blake2b_final(&s, v); /* V_1 */
  memcpy(out, v, 32);
  out += 32;
  for (uint32_t i = 2; i <= r; i++) {
    pc_blake2b(v, sizeof v, v, sizeof v); /* V_i = H^64(V_{i-1}) */
    memcpy(out, v, 32);
    out += 32;
  }
  pc_blake2b(out, out_bytes - 32 * r, v, sizeof v); /* V_{r+1} = H^(T-32r)(V_r) */
  pc_wipe(v, sizeof v);
}

/* RFC 9106 section 3.2 step 1: H0, over every input and parameter. */
static void initial_hash(uint8_t h0[64], int type, uint32_t version, uint32_t iterations,
                         uint32_t memory_kib, uint32_t lanes, const uint8_t *password,
                         uint32_t password_bytes, const uint8_t *salt, uint32_t salt_bytes,
                         const uint8_t *secret, uint32_t secret_bytes, const uint8_t *ad,
                         uint32_t ad_bytes, uint32_t tag_bytes) {
  pc_blake2b_state s;
  pc_blake2b_init(&s, 64);
  update32(&s, lanes);
  update32(&s, tag_bytes);
  update32(&s, memory_kib);
  update32(&s, iterations);
  update32(&s, version);
  update32(&s, (uint32_t)type);
  update32(&s, password_bytes);
  if (password_bytes) pc_blake2b_update(&s, password, password_bytes);
  update32(&s, salt_bytes);
  if (salt_bytes) pc_blake2b_update(&s, salt, salt_bytes);
  update32(&s, secret_bytes);
  if (secret_bytes) pc_blake2b_update(&s, secret, secret_bytes);
  update32(&s, ad_bytes);
  if (ad_bytes) pc_blake2b_update(&s, ad, ad_bytes);
  pc_blake2b_final(&s, h0);
}

/* RFC 9106 section 3.4.2: the next block of pseudo-random J1||J2 pairs for Argon2i indexing. */
static void next_addresses(const fill_context *c, pc_block *address, pc_block *input,
                           const pc_block *zero) {
  pc_block once;
  input->v[6]++;
  c->fill(zero, input, &once, 0);
  c->fill(zero, &once, address, 0);
}

/* RFC 9106 section 3.4.1.2: maps J1 to a block index in the reference lane. */
static uint32_t reference_index(const fill_context *c, uint32_t pass, uint32_t slice,
                                uint32_t index, uint32_t j1, int same_lane) {
  uint32_t area;
  if (pass == 0) {
    if (slice == 0) {
      area = index - 1; /* only this lane's own blocks so far */
    } else if (same_lane) {
      area = slice * c->segment_length + index - 1;
    } else {
      area = slice * c->segment_length - (index == 0 ? 1 : 0);
    }
  } else if (same_lane) {
    area = c->lane_length - c->segment_length + index - 1;
  } else {
    area = c->lane_length - c->segment_length - (index == 0 ? 1 : 0);
  }
  uint64_t x = ((uint64_t)j1 * j1) >> 32;
  uint64_t y = ((uint64_t)area * x) >> 32;
  uint32_t relative = area - 1 - (uint32_t)y;
  uint32_t start = 0;
  if (pass != 0 && slice != SYNC_POINTS - 1) start = (slice + 1) * c->segment_length;
  return (start + relative) % c->lane_length;
}

static void fill_segment(const fill_context *c, uint32_t pass, uint32_t lane, uint32_t slice) {
  int data_independent =
      c->type == PC_ARGON2I || (c->type == PC_ARGON2ID && pass == 0 && slice < SYNC_POINTS / 2);
  pc_block address, input, zero;
  uint32_t first = (pass == 0 && slice == 0) ? 2 : 0; /* blocks 0 and 1 come from H0 */
  if (data_independent) {
    memset(&zero, 0, sizeof zero);
    memset(&input, 0, sizeof input);
    input.v[0] = pass;
    input.v[1] = lane;
    input.v[2] = slice;
    input.v[3] = c->block_count;
    input.v[4] = c->iterations;
    input.v[5] = (uint64_t)c->type;
    if (first != 0) next_addresses(c, &address, &input, &zero);
  }
  int xor_into_next = c->version != PC_ARGON2_VERSION_10 && pass > 0;
  uint32_t lane_start = lane * c->lane_length;
  for (uint32_t index = first; index < c->segment_length; index++) {
    uint32_t column = slice * c->segment_length + index;
    uint32_t current = lane_start + column;
    uint32_t previous = column == 0 ? lane_start + c->lane_length - 1 : current - 1;
    uint64_t pseudo_random;
    if (data_independent) {
      if (index % ADDRESSES_PER_BLOCK == 0) next_addresses(c, &address, &input, &zero);
      pseudo_random = address.v[index % ADDRESSES_PER_BLOCK];
    } else {
      pseudo_random = c->memory[previous].v[0];
    }
    uint32_t reference_lane =
        (pass == 0 && slice == 0) ? lane : (uint32_t)((pseudo_random >> 32) % c->lanes);
    uint32_t reference = reference_index(c, pass, slice, index, (uint32_t)pseudo_random,
                                         reference_lane == lane);
    c->fill(&c->memory[previous], &c->memory[reference_lane * c->lane_length + reference],
            &c->memory[current], xor_into_next);
  }
  if (data_independent) pc_wipe(&address, sizeof address);
}

size_t pc_argon2_memory_bytes(uint32_t memory_kib, uint32_t lanes) {
  if (lanes == 0 || lanes >= (1u << 24)) return 0; /* RFC 9106: p < 2^24; and no wrap to 0 */
  uint64_t group = (uint64_t)SYNC_POINTS * lanes;
  uint64_t blocks = (memory_kib / group) * group;
  return (size_t)(blocks * PC_ARGON2_BLOCK_BYTES);
}

/*
 * The kernels keep two blocks (R and Z of RFC 9106 section 3.5, 2 KiB) and their register spills
 * on the stack, in the frames below fill_segment; the last block's survive the call. Wiping them
 * in every kernel call would cost a memset per block; instead, once per hash, this overwrites
 * PC_BURNED_STACK_BYTES of stack below pc_argon2_hash's frame, which covers every frame the fill
 * used (a few KiB deep), as libgcrypt's _gcry_burn_stack does. test_argon2 checks it per kernel.
 */
#define PC_BURNED_STACK_BYTES 16384

static __attribute__((noinline)) void burn_stack(void) {
  unsigned char scratch[PC_BURNED_STACK_BYTES];
  pc_wipe(scratch, sizeof scratch);
}

int pc_argon2_hash(int type, uint32_t version, uint32_t iterations, uint32_t memory_kib,
                   uint32_t lanes, const uint8_t *password, uint32_t password_bytes,
                   const uint8_t *salt, uint32_t salt_bytes, const uint8_t *secret,
                   uint32_t secret_bytes, const uint8_t *associated_data,
                   uint32_t associated_data_bytes, uint8_t *tag, uint32_t tag_bytes, void *memory,
                   size_t memory_bytes, int isa) {
  /* RFC 9106 section 3.1 ranges (lanes below 2^24, m >= 8p, T >= 4, t >= 1) */
  if ((type != PC_ARGON2D && type != PC_ARGON2I && type != PC_ARGON2ID) ||
      (version != PC_ARGON2_VERSION_10 && version != PC_ARGON2_VERSION_13) || iterations < 1 ||
      lanes < 1 || lanes > 0xFFFFFF || memory_kib < 8 * lanes || tag_bytes < 4 ||
      (password_bytes && !password) || (salt_bytes && !salt) || (secret_bytes && !secret) ||
      (associated_data_bytes && !associated_data) || !tag) {
    return PC_ERROR_PARAMETERS;
  }
  pc_fill_block_fn fill = pc_fill_block_for(isa);
  if (!fill) return PC_ERROR_ISA_UNSUPPORTED;
  size_t needed = pc_argon2_memory_bytes(memory_kib, lanes);
  int owned = memory == NULL;
  if (owned) {
    if (posix_memalign(&memory, 64, needed) != 0) return PC_ERROR_OUT_OF_MEMORY;
  } else if (memory_bytes < needed || ((uintptr_t)memory & 63) != 0) {
    return PC_ERROR_MEMORY_TOO_SMALL;
  }

  fill_context c;
  c.memory = memory;
  c.lanes = lanes;
  c.block_count = (uint32_t)(needed / PC_ARGON2_BLOCK_BYTES);
  c.lane_length = c.block_count / lanes;
  c.segment_length = c.lane_length / SYNC_POINTS;
  c.iterations = iterations;
  c.version = version;
  c.type = type;
  c.fill = fill;

  /* H0 || LE32(column) || LE32(lane): the input of H' for each lane's first two blocks */
  uint8_t seed[64 + 8];
  initial_hash(seed, type, version, iterations, memory_kib, lanes, password, password_bytes, salt,
               salt_bytes, secret, secret_bytes, associated_data, associated_data_bytes,
               tag_bytes);
  for (uint32_t lane = 0; lane < lanes; lane++) {
    store32(seed + 64 + 4, lane);
    for (uint32_t column = 0; column < 2; column++) {
      store32(seed + 64, column);
      hash_prime((uint8_t *)&c.memory[lane * c.lane_length + column], PC_ARGON2_BLOCK_BYTES, seed,
                 sizeof seed);
    }
  }
  pc_wipe(seed, sizeof seed);

  for (uint32_t pass = 0; pass < iterations; pass++) {
    for (uint32_t slice = 0; slice < SYNC_POINTS; slice++) {
      for (uint32_t lane = 0; lane < lanes; lane++) fill_segment(&c, pass, lane, slice);
    }
  }
  burn_stack(); /* the kernels' R and Z of the last block, and their spills */

  /* RFC 9106 section 3.2 steps 7-8: XOR of every lane's last block, through H' */
  pc_block final_block = c.memory[c.lane_length - 1];
  for (uint32_t lane = 1; lane < lanes; lane++) {
    const pc_block *last = &c.memory[lane * c.lane_length + c.lane_length - 1];
    for (int i = 0; i < PC_ARGON2_BLOCK_WORDS; i++) final_block.v[i] ^= last->v[i];
  }
  hash_prime(tag, tag_bytes, &final_block, sizeof final_block);
  pc_wipe(&final_block, sizeof final_block);

  /* Every block is a password-derived secret (block 0 alone is a cheap guess oracle). */
  pc_wipe(memory, needed);
  if (owned) free(memory);
  return PC_OK;
}
