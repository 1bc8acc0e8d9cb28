package dev.portcullis.auth.hashers;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;

/**
 * Run by {@link WithoutArgon2JvmTest} in a JVM whose class path lacks argon2-jvm: builds the
 * default hasher, self-tests it, writes and verifies a hash and verifies every reference vector
 * (all variants, versions, lanes). Prints the hasher's name and "ok", or fails with a stack trace.
 */
final class WithoutArgon2JvmMain {

  private WithoutArgon2JvmMain() {}

  public static void main(String[] args) throws Exception {
    try {
      Class.forName("de.mkammerer.argon2.Argon2Factory");
      throw new AssertionError("argon2-jvm is on the class path: the test proves nothing");
    } catch (ClassNotFoundException expected) {
      // the point of the run
    }
    Argon2Hasher hasher = new Argon2Hasher();
    hasher.selfTest();
    byte[] password = "correct horse".getBytes(UTF_8);
    String encoded = hasher.hash(password, HashingPolicy.argon2id(19_456, 2, 1));
    if (!hasher.verify(password, encoded, HashParameterCaps.defaults())) {
      throw new AssertionError("own hash did not verify");
    }
    for (ReferenceVectors.Vector vector : ReferenceVectors.all()) {
      if (!hasher.verify(vector.password(), vector.encoded(), HashParameterCaps.defaults())) {
        throw new AssertionError(vector + " did not verify");
      }
    }
    System.out.println(hasher.name());
    System.out.println("ok");
  }
}
