package dev.portcullis.auth.hashers;

import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.interfaces.PwHash;
import com.goterl.lazysodium.utils.LibraryLoader;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Argon2id and Argon2i through libsodium's {@code crypto_pwhash} (bundled with lazysodium-java,
 * loaded with JNA): SIMD fill routines chosen at run time for the CPU, about twice as fast as the
 * portable libargon2 build that argon2-jvm bundles.
 *
 * <p>libsodium's API is narrower than RFC 9106, so this backend {@linkplain #canCompute computes}
 * only: Argon2id and Argon2i, version 19, one lane, a salt of exactly {@code
 * crypto_pwhash_SALTBYTES} (16) bytes, a tag of at least {@code crypto_pwhash_BYTES_MIN} (16)
 * bytes, at least 8 KiB of memory, at least one pass for Argon2id and three for Argon2i
 * ({@code crypto_pwhash_argon2i_OPSLIMIT_MIN}), and neither secret nor associated data. Every
 * other hash goes to argon2-jvm (see {@link DispatchingArgon2Backend}).
 */
final class LibsodiumArgon2Backend implements Argon2Backend {

  /** {@code crypto_pwhash_SALTBYTES}: libsodium takes a salt of exactly this length. */
  static final int SALT_BYTES = PwHash.SALTBYTES;

  /** {@code crypto_pwhash_BYTES_MIN}. */
  static final int MIN_TAG_BYTES = PwHash.BYTES_MIN;

  /** {@code crypto_pwhash_argon2id_OPSLIMIT_MIN}. */
  static final int MIN_ARGON2ID_ITERATIONS = 1;

  /** {@code crypto_pwhash_argon2i_OPSLIMIT_MIN}: libsodium refuses Argon2i below three passes. */
  static final int MIN_ARGON2I_ITERATIONS = 3;

  /** {@code crypto_pwhash_*_MEMLIMIT_MIN} is 8192 bytes. */
  static final int MIN_MEMORY_KIB = 8;

  /**
   * libsodium's memory limit is a {@code size_t} passed through JNA's {@link NativeLong}, which
   * is 32 bits on 64-bit Windows: larger limits go to argon2-jvm there.
   */
  private static final long MAX_MEMORY_BYTES =
      Native.LONG_SIZE >= Long.BYTES ? Long.MAX_VALUE : Integer.MAX_VALUE;

  private static @Nullable SodiumJava loaded;
  private static @Nullable String loadFailure;

  private final SodiumJava sodium;

  /**
   * Binds libsodium once per class loader: the build bundled in lazysodium-java for this
   * platform, else a system libsodium.
   *
   * @throws LinkageError if libsodium cannot be loaded or initialised on this platform
   */
  LibsodiumArgon2Backend() {
    this.sodium = load();
  }

  private static synchronized SodiumJava load() {
    SodiumJava sodium = loaded;
    if (sodium != null) {
      return sodium;
    }
    if (loadFailure != null) {
      // Extracting and loading again would fail the same way, and slowly.
      throw new UnsatisfiedLinkError(loadFailure);
    }
    List<String> failures = new ArrayList<>();
    try {
      sodium = initialised(bindBundled());
    } catch (IOException | LinkageError | RuntimeException bundledFailure) {
      failures.add("bundled: " + bundledFailure);
      try {
        sodium = initialised(new SodiumJava(LibraryLoader.Mode.SYSTEM_ONLY));
      } catch (LinkageError | RuntimeException systemFailure) {
        failures.add("system: " + systemFailure);
        loadFailure = "libsodium could not be loaded (" + String.join("; ", failures) + ")";
        UnsatisfiedLinkError failure = new UnsatisfiedLinkError(loadFailure);
        failure.initCause(bundledFailure);
        throw failure;
      }
    }
    loaded = sodium;
    return sodium;
  }

  /**
   * Loads the libsodium build that lazysodium-java bundles for this platform from a private
   * temporary copy, removed as soon as it is mapped. (lazysodium's own loader extracts its whole
   * jar to a temporary directory that is never removed: 4 MB left behind by every JVM, every
   * {@code authctl} run included.)
   */
  private static SodiumJava bindBundled() throws IOException {
    String resource = LibraryLoader.getSodiumPathInResources();
    String fileName = resource.substring(resource.lastIndexOf('/') + 1);
    Path directory = Files.createTempDirectory("portcullis-libsodium"); // owner-only on POSIX
    Path library = directory.resolve(fileName);
    try {
      try (InputStream in =
          SodiumJava.class.getResourceAsStream(resource.startsWith("/") ? resource : "/" + resource)) {
        if (in == null) {
          throw new IOException("lazysodium-java bundles no " + resource + " for this platform");
        }
        Files.copy(in, library);
      }
      return new SodiumJava(library.toString());
    } finally {
      // Linux and macOS keep a mapped library after its file is gone; Windows refuses to delete
      // a loaded DLL, which then goes when the JVM exits.
      if (!deleted(library) || !deleted(directory)) {
        directory.toFile().deleteOnExit();
        library.toFile().deleteOnExit();
      }
    }
  }

  private static boolean deleted(Path path) {
    try {
      Files.deleteIfExists(path);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static SodiumJava initialised(SodiumJava sodium) {
    int result = sodium.sodium_init(); // 0 now, 1 already; picks the SIMD code for this CPU
    if (result < 0) {
      throw new UnsatisfiedLinkError("sodium_init() returned " + result);
    }
    return sodium;
  }

  @Override
  public String name() {
    return "libsodium";
  }

  @Override
  public boolean canCompute(
      Argon2Params params, int saltBytes, boolean hasSecret, boolean hasAssociatedData) {
    int minIterations =
        switch (params.variant()) {
          case ARGON2ID -> MIN_ARGON2ID_ITERATIONS;
          case ARGON2I -> MIN_ARGON2I_ITERATIONS;
          case ARGON2D -> Integer.MAX_VALUE; // not offered by libsodium
        };
    return params.version() == Argon2Hash.VERSION_19
        && params.parallelism() == 1
        && params.iterations() >= minIterations
        && params.memoryKib() >= MIN_MEMORY_KIB
        && params.memoryKib() * 1024L <= MAX_MEMORY_BYTES
        && saltBytes == SALT_BYTES
        && params.tagBytes() >= MIN_TAG_BYTES
        && !hasSecret
        && !hasAssociatedData;
  }

  @Override
  public byte[] rawHash(
      Argon2Params params,
      byte[] password,
      byte[] salt,
      byte @Nullable [] secret,
      byte @Nullable [] associatedData) {
    if (!canCompute(params, salt.length, secret != null, associatedData != null)) {
      throw new IllegalArgumentException(
          "libsodium cannot compute "
              + params
              + " with a "
              + salt.length
              + "-byte salt and a "
              + params.tagBytes()
              + "-byte tag"
              + (secret != null || associatedData != null ? " and secret/associated data" : ""));
    }
    byte[] tag = new byte[params.tagBytes()];
    int result =
        cryptoPwhash(tag, params.variant(), params.iterations(), params.memoryKib(), password, salt);
    if (result != 0) {
      Arrays.fill(tag, (byte) 0);
      // The parameters were within libsodium's limits, so this is an allocation failure.
      throw new IllegalStateException(
          "libsodium crypto_pwhash failed for "
              + params.variant().schemeId()
              + " m="
              + params.memoryKib()
              + " KiB t="
              + params.iterations()
              + " (out of memory?)");
    }
    return tag;
  }

  /**
   * libsodium's {@code crypto_pwhash} as it is, without the {@link #canCompute} guard: 0 on
   * success, -1 when libsodium refuses the parameters or cannot allocate. For tests that prove
   * the guard matches libsodium's own limits.
   */
  int cryptoPwhash(
      byte[] tag,
      Argon2Variant variant,
      int iterations,
      int memoryKib,
      byte[] password,
      byte[] salt) {
    int algorithm =
        switch (variant) {
          case ARGON2ID -> PwHash.Alg.PWHASH_ALG_ARGON2ID13.getValue();
          case ARGON2I -> PwHash.Alg.PWHASH_ALG_ARGON2I13.getValue();
          case ARGON2D -> throw new IllegalArgumentException("libsodium offers no argon2d");
        };
    return sodium.crypto_pwhash(
        tag,
        tag.length,
        password,
        password.length,
        salt,
        iterations,
        new NativeLong(memoryKib * 1024L),
        algorithm);
  }
}
