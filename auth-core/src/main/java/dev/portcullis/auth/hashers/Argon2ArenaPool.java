package dev.portcullis.auth.hashers;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Pointer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Arenas of Argon2 block memory, mapped once and reused hash after hash so that no verification
 * maps memory or takes page faults: a fresh mapping of 19 MiB costs about 5,000 page faults,
 * several milliseconds, on every hash. Arenas are keyed by their exact size (the live policy's
 * hashes all share one); an arena is checked out only by a hash already admitted by the engine's
 * memory budget, so at most {@code budget / size} are ever in use at once.
 *
 * <p>The memory mapped by the pool, idle and in use together, never exceeds {@code capBytes}
 * (the {@link dev.portcullis.auth.internal.HashingMemoryBudget}); when an arena of a new size
 * does not fit, idle arenas of other sizes are unmapped first, and when it still does not fit
 * {@link #checkout} returns null and the hash runs in memory of its own (mapped and freed per
 * hash, as libsodium does). The native library wipes every arena at the end of each hash, so an
 * idle arena holds no password-derived data.
 *
 * <p>Thread-safe; mapping and unmapping happen outside the lock.
 */
final class Argon2ArenaPool {

  /** Maps and unmaps arenas: the native library, or a fake in tests. */
  interface Mapper {
    /** Maps, advises huge pages and touches {@code bytes}; null if the system refused. */
    @Nullable Pointer map(long bytes);

    /** Wipes and unmaps an arena from {@link #map}. */
    void unmap(Pointer arena, long bytes);
  }

  /** One mapped region, handed out to one hash at a time. */
  static final class Arena {
    final Pointer memory;
    final long bytes;

    Arena(Pointer memory, long bytes) {
      this.memory = memory;
      this.bytes = bytes;
    }
  }

  private final Mapper mapper;
  private final LongSupplier capBytes;
  private final Map<Long, ArrayDeque<Arena>> idleBySize = new HashMap<>();
  private long mappedBytes; // idle and in use, including mappings in progress

  Argon2ArenaPool(Mapper mapper, LongSupplier capBytes) {
    this.mapper = requireNonNull(mapper, "mapper");
    this.capBytes = requireNonNull(capBytes, "capBytes");
  }

  /**
   * An arena of exactly {@code bytes} for the caller's exclusive use until {@link #release}: an
   * idle one, else a new one if it fits under the cap; null if none fits.
   */
  @Nullable Arena checkout(long bytes) {
    List<Arena> evicted = new ArrayList<>();
    synchronized (this) {
      ArrayDeque<Arena> idle = idleBySize.get(bytes);
      if (idle != null && !idle.isEmpty()) {
        return idle.pop();
      }
      long cap = capBytes.getAsLong();
      Iterator<ArrayDeque<Arena>> sizes = idleBySize.values().iterator();
      while (mappedBytes + bytes > cap && sizes.hasNext()) {
        ArrayDeque<Arena> other = sizes.next();
        while (mappedBytes + bytes > cap && !other.isEmpty()) {
          Arena arena = other.pop();
          mappedBytes -= arena.bytes;
          evicted.add(arena);
        }
      }
      if (mappedBytes + bytes > cap) {
        unmapAll(evicted);
        return null;
      }
      mappedBytes += bytes; // reserved while mapping, so that racing checkouts respect the cap
    }
    unmapAll(evicted);
    Pointer memory = mapper.map(bytes);
    if (memory == null) {
      synchronized (this) {
        mappedBytes -= bytes;
      }
      return null;
    }
    return new Arena(memory, bytes);
  }

  /** Returns an arena from {@link #checkout} for the next hash (unmaps it if the cap shrank). */
  void release(Arena arena) {
    synchronized (this) {
      if (mappedBytes <= capBytes.getAsLong()) {
        idleBySize.computeIfAbsent(arena.bytes, size -> new ArrayDeque<>()).push(arena);
        return;
      }
      mappedBytes -= arena.bytes;
    }
    mapper.unmap(arena.memory, arena.bytes);
  }

  /** Bytes mapped now, idle and in use. */
  synchronized long mappedBytes() {
    return mappedBytes;
  }

  /** Arenas waiting for a hash now. */
  synchronized int idleArenas() {
    int count = 0;
    for (ArrayDeque<Arena> idle : idleBySize.values()) {
      count += idle.size();
    }
    return count;
  }

  private void unmapAll(List<Arena> arenas) {
    for (Arena arena : arenas) {
      mapper.unmap(arena.memory, arena.bytes);
    }
  }
}
