package dev.portcullis.auth.hashers;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The JNA binding of Portcullis's own Argon2 library ({@code auth-core/src/main/native},
 * {@code portcullis_argon2.h}): every function here is declared there, with the same meaning.
 * {@code size_t} is mapped to {@code long}: the library is built for linux-x86-64 only, where
 * it is 64 bits.
 */
interface PortcullisArgon2Library extends Library {

  /** Where the Maven build puts the library for a JNA platform prefix such as linux-x86-64. */
  String RESOURCE_DIRECTORY = "/dev/portcullis/auth/hashers/native/";

  /** The file name of the library in {@link #RESOURCE_DIRECTORY}{@code <prefix>/}. */
  String FILE_NAME = "libportcullis-argon2.so";

  int PC_OK = 0;
  int PC_ERROR_PARAMETERS = -1;
  int PC_ERROR_MEMORY_TOO_SMALL = -2;
  int PC_ERROR_OUT_OF_MEMORY = -3;
  int PC_ERROR_ISA_UNSUPPORTED = -4;

  int pc_argon2_hash(
      int type,
      int version,
      int iterations,
      int memoryKib,
      int lanes,
      @Nullable Pointer password,
      int passwordBytes,
      @Nullable Pointer salt,
      int saltBytes,
      @Nullable Pointer secret,
      int secretBytes,
      @Nullable Pointer associatedData,
      int associatedDataBytes,
      Pointer tag,
      int tagBytes,
      @Nullable Pointer memory,
      long memoryBytes,
      int isa);

  long pc_argon2_memory_bytes(int memoryKib, int lanes);

  int pc_isa_best();

  int pc_isa_supported(int isa);

  String pc_isa_name(int isa);

  @Nullable Pointer pc_arena_map(long bytes);

  void pc_arena_unmap(Pointer arena, long bytes);

  /**
   * Loads the library the build put in the jar for this platform, from a private temporary copy
   * removed as soon as it is mapped (JNA's own extraction leaves copies behind in {@code /tmp}).
   *
   * @throws UnsatisfiedLinkError naming the platform and why, when there is no build for it or it
   *     does not load
   */
  static PortcullisArgon2Library load() {
    String resource = RESOURCE_DIRECTORY + Platform.RESOURCE_PREFIX + "/" + FILE_NAME;
    try (InputStream in = PortcullisArgon2Library.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new UnsatisfiedLinkError(
            "no build of portcullis-argon2 for "
                + Platform.RESOURCE_PREFIX
                + " in this jar (it is built for linux-x86-64 when gcc and make are present at"
                + " build time)");
      }
      Path directory = Files.createTempDirectory("portcullis-argon2"); // owner-only on POSIX
      Path library = directory.resolve(FILE_NAME);
      try {
        Files.copy(in, library);
        return Native.load(library.toString(), PortcullisArgon2Library.class);
      } finally {
        // Linux keeps a mapped library after its file is gone.
        Files.deleteIfExists(library);
        Files.deleteIfExists(directory);
      }
    } catch (IOException e) {
      UnsatisfiedLinkError failure =
          new UnsatisfiedLinkError("portcullis-argon2 could not be extracted: " + e);
      failure.initCause(e);
      throw failure;
    }
  }
}
