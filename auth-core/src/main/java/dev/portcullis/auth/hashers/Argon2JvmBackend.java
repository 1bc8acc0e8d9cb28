package dev.portcullis.auth.hashers;

import de.mkammerer.argon2.Argon2Advanced;
import de.mkammerer.argon2.Argon2Factory;
import de.mkammerer.argon2.Argon2Factory.Argon2Types;
import de.mkammerer.argon2.Argon2Version;
import java.util.EnumMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Argon2 through argon2-jvm's bundled libargon2 (the reference C code), loaded with JNA. */
final class Argon2JvmBackend implements Argon2Backend {

  private final Map<Argon2Variant, Argon2Advanced> byVariant = new EnumMap<>(Argon2Variant.class);

  /**
   * Binds the native library.
   *
   * @throws LinkageError if libargon2 cannot be loaded on this platform
   */
  Argon2JvmBackend() {
    byVariant.put(Argon2Variant.ARGON2D, Argon2Factory.createAdvanced(Argon2Types.ARGON2d));
    byVariant.put(Argon2Variant.ARGON2I, Argon2Factory.createAdvanced(Argon2Types.ARGON2i));
    byVariant.put(Argon2Variant.ARGON2ID, Argon2Factory.createAdvanced(Argon2Types.ARGON2id));
  }

  @Override
  public String name() {
    return "argon2-jvm";
  }

  @Override
  public byte[] rawHash(
      Argon2Params params,
      byte[] password,
      byte[] salt,
      byte @Nullable [] secret,
      byte @Nullable [] associatedData) {
    if (password.length == 0) {
      // argon2-jvm allocates native memory of the password's length, and JNA refuses 0 bytes.
      throw new IllegalArgumentException("argon2-jvm cannot hash an empty password");
    }
    Argon2Advanced argon2 = byVariant.get(params.variant());
    if (argon2 == null) {
      throw new IllegalStateException("no argon2-jvm binding for " + params.variant());
    }
    return argon2.rawHashAdvanced(
        params.iterations(),
        params.memoryKib(),
        params.parallelism(),
        password,
        salt,
        secret,
        associatedData,
        params.tagBytes(),
        params.version() == Argon2Hash.VERSION_16 ? Argon2Version.V10 : Argon2Version.V13);
  }
}
