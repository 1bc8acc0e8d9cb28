/*
 * Arenas: block memory mapped once and reused by hash after hash, so that no hash pays for page
 * faults (4 KiB pages: about 5,000 faults for 19 MiB). MADV_HUGEPAGE asks for 2 MiB pages where
 * transparent huge pages are set to "madvise"; touching every page now faults it in before the
 * first hash rather than during it.
 */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "blake2b.h"
#include "portcullis_argon2.h"

#define HUGE_PAGE_BYTES ((size_t)2 * 1024 * 1024)

void *pc_arena_map(size_t bytes) {
  if (bytes == 0 || bytes > SIZE_MAX - HUGE_PAGE_BYTES) return 0;
  /* map 2 MiB more and trim, so that the arena starts on a huge-page boundary and every whole
     2 MiB of it can be a huge page (an unaligned mapping loses one at each end) */
  size_t padded = bytes + HUGE_PAGE_BYTES;
  unsigned char *mapping =
      mmap(0, padded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mapping == MAP_FAILED) return 0;
  uintptr_t start = ((uintptr_t)mapping + HUGE_PAGE_BYTES - 1) & ~(uintptr_t)(HUGE_PAGE_BYTES - 1);
  unsigned char *arena = (unsigned char *)start;
  size_t head = (size_t)(arena - mapping);
  if (head) munmap(mapping, head);
  long page_size = sysconf(_SC_PAGESIZE);
  size_t page = page_size > 0 ? (size_t)page_size : 4096;
  size_t used = (bytes + page - 1) / page * page; /* munmap wants page-aligned addresses */
  size_t tail = padded - head - used;
  if (tail) munmap(arena + used, tail);
#ifdef MADV_HUGEPAGE
  (void)madvise(arena, bytes, MADV_HUGEPAGE); /* advice only: 4 KiB pages still work */
#endif
  volatile unsigned char *touch = arena;
  for (size_t offset = 0; offset < bytes; offset += page) touch[offset] = 0;
  return arena;
}

void pc_arena_unmap(void *arena, size_t bytes) {
  if (!arena) return;
  pc_wipe(arena, bytes);
  munmap(arena, bytes);
}
