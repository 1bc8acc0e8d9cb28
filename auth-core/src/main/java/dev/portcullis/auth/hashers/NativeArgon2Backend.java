package dev.portcullis.auth.hashers;

import static java.util.Objects.requireNonNull;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import dev.portcullis.auth.internal.Admission;
import dev.portcullis.auth.internal.HashingMemoryBudget;
import java.lang.ref.Cleaner;
import java.util.Map;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Argon2 on Portcullis's own native library ({@code auth-core/src/main/native}): RFC 9106 in C
 * with the compression function in AVX2, SSSE3 or portable code, chosen at load time from the
 * CPU, over arenas of {@link Argon2ArenaPool} reused from hash to hash. Computes every Argon2
 * hash RFC 9106 defines (all variants, versions 16 and 19, any lanes, secret and associated data,
 * any tag length), so nothing falls through to another backend where it loads.
 *
 * <p>Inputs are copied into native memory this class owns and wipes after the call (JNA's own
 * copies of a {@code byte[]} are freed without wiping); the library wipes the block memory before
 * it returns.
 */
final class NativeArgon2Backend implements Argon2Backend {

  private static @Nullable PortcullisArgon2Library loaded;
  private static @Nullable String loadFailure;
  private static @Nullable Argon2ArenaPool sharedPool;

  /**
   * Each engine's arenas, keyed by its admission (by identity; weak, so that an admission
   * replaced at a reload takes its pool with it: the cleaner unmaps the idle arenas).
   */
  private static final Map<Admission, Argon2ArenaPool> POOLS_BY_ADMISSION = new WeakHashMap<>();

  private static final Cleaner CLEANER = Cleaner.create();

  private final PortcullisArgon2Library library;
  private final Argon2Isa isa;
  private final Argon2ArenaPool pool;

  /**
   * The backend on the best instruction set this CPU runs, with the process-wide arena pool.
   *
   * @throws LinkageError if the library is not in the jar for this platform or does not load
   */
  NativeArgon2Backend() {
    this(Argon2Isa.AUTO);
  }

  /**
   * The backend on one instruction set, for tests that prove every kernel right on this machine.
   *
   * @throws LinkageError if the library does not load
   * @throws IllegalStateException if this CPU does not run {@code isa}
   */
  NativeArgon2Backend(Argon2Isa isa) {
    this.library = load();
    Argon2Isa chosen = isa == Argon2Isa.AUTO ? Argon2Isa.ofCode(library.pc_isa_best()) : isa;
    if (library.pc_isa_supported(chosen.code()) == 0) {
      throw new IllegalStateException("this CPU does not run the " + chosen + " Argon2 kernel");
    }
    this.isa = chosen;
    this.pool = sharedPool(library);
  }

  private static synchronized PortcullisArgon2Library load() {
    PortcullisArgon2Library library = loaded;
    if (library != null) {
      return library;
    }
    if (loadFailure != null) {
      throw new UnsatisfiedLinkError(loadFailure); // loading again would fail the same way
    }
    try {
      library = PortcullisArgon2Library.load();
    } catch (LinkageError | RuntimeException e) {
      loadFailure = e.getMessage() != null ? e.getMessage() : e.toString();
      throw e;
    }
    loaded = library;
    return library;
  }

  private static synchronized Argon2ArenaPool sharedPool(PortcullisArgon2Library library) {
    Argon2ArenaPool pool = sharedPool;
    if (pool == null) {
      pool = new Argon2ArenaPool(mapper(library), () -> HashingMemoryBudget.kib() * 1024L);
      sharedPool = pool;
    }
    return pool;
  }

  /**
   * The arena pool of the engine {@code admission} belongs to: its cap is that admission's whole
   * budget, and only hashes that admission let in use it.
   */
  static Argon2ArenaPool poolOf(Admission admission) {
    PortcullisArgon2Library library = load();
    synchronized (POOLS_BY_ADMISSION) {
      Argon2ArenaPool pool = POOLS_BY_ADMISSION.get(admission);
      if (pool == null) {
        long capBytes = admission.budgetKib() * 1024L;
        Argon2ArenaPool created = new Argon2ArenaPool(mapper(library), () -> capBytes);
        CLEANER.register(admission, created::unmapIdle); // must not capture the admission
        POOLS_BY_ADMISSION.put(admission, created);
        pool = created;
      }
      return pool;
    }
  }

  /** Whether the library is loaded (or loads now); false, with nothing thrown, if it cannot. */
  static boolean available() {
    try {
      load();
      return true;
    } catch (LinkageError | RuntimeException e) {
      return false;
    }
  }

  /** Bytes of block memory the library needs for {@code memoryKib} over {@code lanes}. */
  static long memoryBytes(int memoryKib, int lanes) {
    return load().pc_argon2_memory_bytes(memoryKib, lanes);
  }

  private static Argon2ArenaPool.Mapper mapper(PortcullisArgon2Library library) {
    return new Argon2ArenaPool.Mapper() {
      @Override
      public @Nullable Pointer map(long bytes) {
        return library.pc_arena_map(bytes);
      }

      @Override
      public void unmap(Pointer arena, long bytes) {
        library.pc_arena_unmap(arena, bytes);
      }
    };
  }

  /** The process-wide arena pool, for tests and diagnostics. */
  Argon2ArenaPool pool() {
    return pool;
  }

  /** The instruction set this backend's kernel uses. */
  Argon2Isa isa() {
    return isa;
  }

  @Override
  public String name() {
    return "portcullis-argon2/" + isa.name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public byte[] rawHash(
      Argon2Params params,
      byte[] password,
      byte[] salt,
      byte @Nullable [] secret,
      byte @Nullable [] associatedData) {
    requireNonNull(password, "password");
    requireNonNull(salt, "salt");
    long memoryBytes = library.pc_argon2_memory_bytes(params.memoryKib(), params.parallelism());
    // Admitted by an engine: its pool, whose total is the admission budget; otherwise (a hasher
    // used on its own) the process-wide pool.
    Admission admission = Admission.heldByCurrentThread();
    Argon2ArenaPool hashPool = admission == null ? pool : poolOf(admission);
    Argon2ArenaPool.Arena arena = null;
    Memory nativePassword = null;
    Memory nativeSecret = null;
    Memory nativeSalt = null;
    Memory nativeData = null;
    Memory tag = null;
    try { // everything taken inside the try: an OutOfMemoryError loses no arena, leaks no copy
      arena = hashPool.checkout(memoryBytes);
      nativePassword = copyOf(password);
      nativeSecret = copyOf(secret);
      nativeSalt = copyOf(salt);
      nativeData = copyOf(associatedData);
      tag = new Memory(params.tagBytes());
      int result =
          library.pc_argon2_hash(
              typeCode(params.variant()),
              params.version(),
              params.iterations(),
              params.memoryKib(),
              params.parallelism(),
              nativePassword,
              password.length,
              nativeSalt,
              salt.length,
              nativeSecret,
              secret == null ? 0 : secret.length,
              nativeData,
              associatedData == null ? 0 : associatedData.length,
              tag,
              params.tagBytes(),
              arena == null ? null : arena.memory,
              arena == null ? 0 : arena.bytes,
              isa.code());
      if (result != PortcullisArgon2Library.PC_OK) {
        throw new IllegalStateException(
            "portcullis-argon2 failed for " + params + ": " + describe(result));
      }
      return tag.getByteArray(0, params.tagBytes());
    } finally {
      if (arena != null) {
        hashPool.release(arena);
      }
      wipeAndFree(nativePassword);
      wipeAndFree(nativeSecret);
      wipeAndFree(nativeSalt);
      wipeAndFree(nativeData);
      wipeAndFree(tag);
    }
  }

  private static int typeCode(Argon2Variant variant) {
    return switch (variant) {
      case ARGON2D -> 0;
      case ARGON2I -> 1;
      case ARGON2ID -> 2;
    };
  }

  private static String describe(int result) {
    return switch (result) {
      case PortcullisArgon2Library.PC_ERROR_PARAMETERS -> "parameters outside RFC 9106";
      case PortcullisArgon2Library.PC_ERROR_MEMORY_TOO_SMALL -> "arena too small";
      case PortcullisArgon2Library.PC_ERROR_OUT_OF_MEMORY -> "out of memory";
      case PortcullisArgon2Library.PC_ERROR_ISA_UNSUPPORTED -> "instruction set not supported";
      default -> "error " + result;
    };
  }

  /** Native memory holding a copy of {@code bytes}; null for null or empty input. */
  private static @Nullable Memory copyOf(byte @Nullable [] bytes) {
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    Memory memory = new Memory(bytes.length);
    memory.write(0, bytes, 0, bytes.length);
    return memory;
  }

  private static void wipeAndFree(@Nullable Memory memory) {
    if (memory != null) {
      memory.clear();
      memory.close();
    }
  }
}
