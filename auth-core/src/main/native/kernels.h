/*
 * The compression function G per instruction set. Each lives in its own object file compiled
 * with only its own -m flags, so that code for a newer CPU never leaks into the paths an older
 * CPU runs; dispatch.c picks one after asking the CPU.
 */
#ifndef PORTCULLIS_KERNELS_H
#define PORTCULLIS_KERNELS_H

#include "portcullis_argon2.h"

void pc_fill_block_portable(const pc_block *prev, const pc_block *ref, pc_block *next,
                            int xor_into_next);
void pc_fill_block_ssse3(const pc_block *prev, const pc_block *ref, pc_block *next,
                         int xor_into_next);
void pc_fill_block_avx2(const pc_block *prev, const pc_block *ref, pc_block *next,
                        int xor_into_next);
void pc_fill_block_avx512(const pc_block *prev, const pc_block *ref, pc_block *next,
                          int xor_into_next);

/* The kernel for isa (PC_ISA_AUTO: the best this CPU runs), or NULL if this CPU cannot run it. */
pc_fill_block_fn pc_fill_block_for(int isa);

#endif
