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
 * several milliseconds, on every hash. Arenas are keyed by their exact size.
 *
 * <p>The memory mapped by the pool, idle and in use together, never exceeds {@code capBytes}.
 * An {@link dev.portcullis.auth.Authenticator}'s pool has the engine's admission budget as its cap
 * and is only used by hashes that budget admitted, so admission and memory are one ledger: the
 * in-use arenas never add up to more than what is in flight, and an admitted hash always finds
 * room once idle arenas are unmapped. Such a pool is {@linkplain #prefault pre-faulted} with
 * arenas of the live policy's size ({@code budget / size} of them) when the engine starts, and
 * that size is then <em>pinned</em>: a hash of other parameters (legacy, imported) is mapped for
 * that hash alone and unmapped after it, within the same cap, unmapping idle pinned arenas if it
 * needs their room (they are mapped again, lazily, by later hashes of the live size).
 *
 * <p>Without a pinned size (the process-wide pool for hashers used outside any engine) any size
 * is kept for reuse; when an arena of a new size does not fit, idle arenas of other sizes are
 * unmapped first, and when it still does not fit {@link #checkout} returns null and the hash runs
 * in memory of its own (mapped and freed per hash, as libsodium does). The native library wipes
 * every arena at the end of each hash, so an idle arena holds no password-derived data.
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
  private long peakMappedBytes; // the most mapped at once, for tests and diagnostics
  private long pinnedBytes; // the one size kept for reuse once pre-faulted; 0: every size

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
      reserve(bytes); // while mapping, so that racing checkouts respect the cap
    }
    unmapAll(evicted);
    return mapReserved(bytes);
  }

  /** Maps {@code bytes} already counted in {@link #mappedBytes}; gives them back on failure. */
  private @Nullable Arena mapReserved(long bytes) {
    Pointer memory = null;
    try {
      memory = mapper.map(bytes);
    } finally {
      if (memory == null) { // refused, or threw (the reservation must not leak either way)
        synchronized (this) {
          mappedBytes -= bytes;
        }
      }
    }
    return memory == null ? null : new Arena(memory, bytes);
  }

  /**
   * Pins {@code bytes} as the one size kept for reuse and maps and touches idle arenas of it
   * until {@code count} are idle or the cap is reached (idle arenas of other sizes are unmapped
   * first). Stops early, without error, if the system refuses a mapping: later hashes map the
   * rest lazily, still within the cap.
   *
   * @return the number of idle arenas of that size now
   */
  int prefault(long bytes, int count) {
    List<Arena> evicted = new ArrayList<>();
    synchronized (this) {
      if (pinnedBytes != bytes) {
        pinnedBytes = bytes;
        for (Iterator<Map.Entry<Long, ArrayDeque<Arena>>> sizes = idleBySize.entrySet().iterator();
            sizes.hasNext(); ) {
          Map.Entry<Long, ArrayDeque<Arena>> size = sizes.next();
          if (size.getKey() != bytes) {
            for (Arena arena : size.getValue()) {
              mappedBytes -= arena.bytes;
              evicted.add(arena);
            }
            sizes.remove();
          }
        }
      }
    }
    unmapAll(evicted);
    while (true) {
      synchronized (this) {
        ArrayDeque<Arena> idle = idleBySize.get(bytes);
        if ((idle != null && idle.size() >= count) || mappedBytes + bytes > capBytes.getAsLong()) {
          break;
        }
        reserve(bytes);
      }
      Arena arena = mapReserved(bytes);
      if (arena == null) {
        break;
      }
      release(arena);
    }
    synchronized (this) {
      ArrayDeque<Arena> idle = idleBySize.get(bytes);
      return idle == null ? 0 : idle.size();
    }
  }

  /**
   * Returns an arena from {@link #checkout} for the next hash; unmaps it if the cap shrank or if
   * it is not of the pinned size (a one-off hash of other parameters).
   */
  void release(Arena arena) {
    synchronized (this) {
      boolean kept = pinnedBytes == 0 || arena.bytes == pinnedBytes;
      if (kept && mappedBytes <= capBytes.getAsLong()) {
        idleBySize.computeIfAbsent(arena.bytes, size -> new ArrayDeque<>()).push(arena);
        return;
      }
      mappedBytes -= arena.bytes;
    }
    mapper.unmap(arena.memory, arena.bytes);
  }

  /** Unmaps every idle arena (the engine owning this pool is gone). */
  void unmapIdle() {
    List<Arena> evicted = new ArrayList<>();
    synchronized (this) {
      for (ArrayDeque<Arena> idle : idleBySize.values()) {
        for (Arena arena : idle) {
          mappedBytes -= arena.bytes;
          evicted.add(arena);
        }
        idle.clear();
      }
    }
    unmapAll(evicted);
  }

  private void reserve(long bytes) { // under the lock
    mappedBytes += bytes;
    peakMappedBytes = Math.max(peakMappedBytes, mappedBytes);
  }

  /** The most bytes mapped at once since this pool was created. */
  synchronized long peakMappedBytes() {
    return peakMappedBytes;
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
