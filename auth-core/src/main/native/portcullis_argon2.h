/*
 * Portcullis Argon2: RFC 9106 written from the RFC, with the compression function in a portable,
 * an SSSE3 and an AVX2 version chosen at run time, over memory the caller may supply (a reused,
 * pre-faulted arena) or that is allocated per call. Apache-2.0, like the rest of Portcullis.
 *
 * Every entry point here is what the Java side binds through JNA
 * (dev.portcullis.auth.hashers.NativeArgon2Library): keep the two in step.
 */
#ifndef PORTCULLIS_ARGON2_H
#define PORTCULLIS_ARGON2_H

#include <stddef.h>
#include <stdint.h>

#define PC_ARGON2_BLOCK_BYTES 1024
#define PC_ARGON2_BLOCK_WORDS 128

/* RFC 9106 type y */
#define PC_ARGON2D 0
#define PC_ARGON2I 1
#define PC_ARGON2ID 2

#define PC_ARGON2_VERSION_10 0x10
#define PC_ARGON2_VERSION_13 0x13

/* Implementations of the compression function G; PC_ISA_AUTO picks the best this CPU runs. */
#define PC_ISA_AUTO 0
#define PC_ISA_PORTABLE 1
#define PC_ISA_SSSE3 2
#define PC_ISA_AVX2 3
#define PC_ISA_AVX512 4 /* AVX-512F and AVX-512VL */

/* Results of pc_argon2_hash */
#define PC_OK 0
#define PC_ERROR_PARAMETERS -1     /* outside RFC 9106's ranges */
#define PC_ERROR_MEMORY_TOO_SMALL -2 /* the memory passed in is smaller than the hash needs */
#define PC_ERROR_OUT_OF_MEMORY -3  /* no memory passed in and allocating it failed */
#define PC_ERROR_ISA_UNSUPPORTED -4 /* the requested instruction set is not available here */

/* 64-byte aligned so that the SIMD kernels use aligned loads and a block never splits a cache line */
typedef struct {
  uint64_t v[PC_ARGON2_BLOCK_WORDS];
} __attribute__((aligned(64))) pc_block;

/*
 * next = G(prev, ref), or next ^= G(prev, ref) when xor_into_next (version 0x13, passes after
 * the first). RFC 9106 section 3.5.
 */
typedef void (*pc_fill_block_fn)(const pc_block *prev, const pc_block *ref, pc_block *next,
                                 int xor_into_next);

/*
 * Computes an Argon2 tag. memory may be NULL (then it is allocated and freed here) or at least
 * pc_argon2_memory_bytes(memory_kib, lanes) bytes aligned to 64 bytes; either way every block is
 * wiped before this returns, and so are the BLAKE2b states, H0, the address blocks and the
 * kernels' stack (16 KiB below this function's frame is overwritten once the fill is done), so no
 * password-derived state this library wrote outlives the call. (Copies the caller made, and what
 * the CPU keeps in vector registers until they are next used, are outside this promise.)
 *
 * Returns PC_OK or a negative PC_ERROR_*; the tag is unspecified unless PC_OK.
 */
int pc_argon2_hash(int type, uint32_t version, uint32_t iterations, uint32_t memory_kib,
                   uint32_t lanes, const uint8_t *password, uint32_t password_bytes,
                   const uint8_t *salt, uint32_t salt_bytes, const uint8_t *secret,
                   uint32_t secret_bytes, const uint8_t *associated_data,
                   uint32_t associated_data_bytes, uint8_t *tag, uint32_t tag_bytes, void *memory,
                   size_t memory_bytes, int isa);

/* Bytes of block memory a hash of these parameters fills (RFC 9106's m' blocks of 1 KiB). */
size_t pc_argon2_memory_bytes(uint32_t memory_kib, uint32_t lanes);

/* The best instruction set this CPU runs (PC_ISA_*), never PC_ISA_AUTO. */
int pc_isa_best(void);
/* 1 if this CPU runs the instruction set, else 0. */
int pc_isa_supported(int isa);
/* "portable", "ssse3", "avx2", "avx512", or "unknown". */
const char *pc_isa_name(int isa);

/*
 * An arena: bytes of anonymous memory mapped once, advised as transparent huge pages and touched
 * so that every page is faulted in now rather than during a hash. NULL if mapping failed.
 */
void *pc_arena_map(size_t bytes);
/* Wipes and unmaps an arena from pc_arena_map. */
void pc_arena_unmap(void *arena, size_t bytes);

#endif
