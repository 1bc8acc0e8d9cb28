package dev.portcullis.auth.hashers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives tests Portcullis's own Argon2 library. Where it cannot load: under {@code CI=true} the
 * test fails (CI builds it with gcc, so absence is a build bug); elsewhere the test is skipped
 * visibly with the reason, as a developer without gcc can still run the rest.
 */
final class NativeArgon2Library {

  private NativeArgon2Library() {}

  /** The backend on {@code isa}, or the test aborted (CPU without it, or no library outside CI). */
  static NativeArgon2Backend backend(Argon2Isa isa) {
    NativeArgon2Backend best = backend();
    if (isa != Argon2Isa.AUTO && isa.code() > best.isa().code()) {
      assumeTrue(false, "this CPU does not run " + isa + " (best: " + best.isa() + ")");
    }
    return new NativeArgon2Backend(isa);
  }

  /** The backend on the CPU's best kernel, or the test aborted outside CI without the library. */
  static NativeArgon2Backend backend() {
    try {
      return new NativeArgon2Backend();
    } catch (LinkageError e) {
      String message = "portcullis-argon2 does not load: " + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message + "\n(CI=true: the native library is required)", e);
      }
      assumeTrue(false, message);
      throw e;
    }
  }

  /** Every kernel this CPU runs, portable first. */
  static List<Argon2Isa> kernelsHere() {
    List<Argon2Isa> kernels = new ArrayList<>();
    int best = backend().isa().code();
    for (Argon2Isa isa : Argon2Isa.values()) {
      if (isa != Argon2Isa.AUTO && isa.code() <= best) {
        kernels.add(isa);
      }
    }
    return kernels;
  }
}
