package dev.portcullis.auth.internal;

/** Describes the running platform for messages about native libraries. */
public final class Platform {
  private Platform() {}

  /** E.g. {@code Linux amd64, Java 17.0.15}. */
  public static String describe() {
    return System.getProperty("os.name", "unknown OS")
        + " "
        + System.getProperty("os.arch", "unknown arch")
        + ", Java "
        + System.getProperty("java.version", "unknown");
  }
}
