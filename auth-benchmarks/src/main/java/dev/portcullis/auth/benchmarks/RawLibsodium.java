package dev.portcullis.auth.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.goterl.lazysodium.SodiumJava;
import com.goterl.lazysodium.interfaces.PwHash;
import com.goterl.lazysodium.utils.LibraryLoader;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * libsodium's own password hashing API ({@code crypto_pwhash_str} and {@code
 * crypto_pwhash_str_verify}), called directly through lazysodium-java's native bindings: the
 * fastest a JVM service can verify an Argon2id PHC string without Portcullis, and the yardstick
 * of the suite.
 *
 * <p>It binds the build of libsodium that lazysodium-java bundles, the same binary Portcullis
 * loads, so that the comparison is of the layers and not of two libsodium builds (lazysodium's
 * default would prefer a system libsodium where one is installed). JNA registers natives per
 * class, so after {@link #load()} every lazysodium binding in this JVM, Portcullis' included,
 * runs on this copy.
 */
final class RawLibsodium {

  private final SodiumJava sodium;

  private RawLibsodium(SodiumJava sodium) {
    this.sodium = sodium;
  }

  /**
   * Binds the bundled libsodium from a temporary copy that is removed once it is mapped.
   *
   * @throws IOException if the copy cannot be written
   */
  static RawLibsodium load() throws IOException {
    String resource = "/" + LibraryLoader.getSodiumPathInResources().replaceFirst("^/", "");
    Path directory = Files.createTempDirectory("portcullis-bench-libsodium");
    Path library = directory.resolve(resource.substring(resource.lastIndexOf('/') + 1));
    try (InputStream in = SodiumJava.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("lazysodium-java bundles no " + resource + " for this platform");
      }
      Files.copy(in, library);
      SodiumJava sodium = new SodiumJava(library.toString());
      if (sodium.sodium_init() < 0) {
        throw new IllegalStateException("sodium_init failed");
      }
      return new RawLibsodium(sodium);
    } finally {
      Files.deleteIfExists(library);
      Files.deleteIfExists(directory);
    }
  }

  /** An encoded hash as {@code crypto_pwhash_str_verify} takes it: NUL-terminated ASCII. */
  static byte[] cString(String encoded) {
    return Arrays.copyOf(encoded.getBytes(US_ASCII), encoded.length() + 1);
  }

  /** {@code crypto_pwhash_str_verify}: parses the PHC string, recomputes, compares. */
  boolean verify(byte[] encodedCString, byte[] password) {
    return sodium.crypto_pwhash_str_verify(encodedCString, password, password.length) == 0;
  }

  /**
   * {@code crypto_pwhash_str}: Argon2id v=19, p=1, a random 16-byte salt, a 32-byte tag.
   *
   * @throws IllegalStateException if libsodium refuses (out of memory)
   */
  String hash(byte[] password, int iterations, int memoryKib) {
    byte[] out = new byte[PwHash.STR_BYTES];
    int result =
        sodium.crypto_pwhash_str(
            out, password, password.length, iterations, new NativeLong(memoryKib * 1024L));
    if (result != 0) {
      throw new IllegalStateException("crypto_pwhash_str failed");
    }
    int end = 0;
    while (end < out.length && out[end] != 0) {
      end++;
    }
    return new String(out, 0, end, US_ASCII);
  }
}
