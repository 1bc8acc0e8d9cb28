package dev.portcullis.auth.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which credential store the configuration names, for {@code authctl} and for services that let
 * the config choose their store. An application that passes its own store in code leaves this at
 * {@link #none()}.
 *
 * <ul>
 *   <li>{@code store.type = h2}: an embedded H2 file database in {@code store.h2.directory}
 *       (relative to the config file), the default for trying Portcullis out;
 *   <li>{@code store.type = jdbc}: any JDBC URL Portcullis has a schema for (PostgreSQL, H2),
 *       with {@code store.jdbc.user} and a {@code store.jdbc.password} reference;
 *   <li>{@code store.type = memory}: nothing persists (tests and demos).
 * </ul>
 *
 * <p>The database password is a {@link Secret}; a URL that embeds a password is refused by the
 * loader and redacted wherever it is shown ({@link #redactedUrl()}).
 *
 * @param kind where credentials live
 * @param h2Directory the directory of the embedded H2 database ({@link Kind#H2} only)
 * @param jdbcUrl the JDBC URL ({@link Kind#JDBC} only)
 * @param jdbcUser the database user, if any ({@link Kind#JDBC} only)
 * @param jdbcPassword the database password, if any ({@link Kind#JDBC} only)
 * @param connectTimeoutSeconds how long opening a connection may take
 * @param queryTimeoutSeconds how long one statement may take
 */
public record StorePolicy(
    Kind kind,
    @Nullable Path h2Directory,
    @Nullable String jdbcUrl,
    @Nullable String jdbcUser,
    @Nullable Secret jdbcPassword,
    int connectTimeoutSeconds,
    int queryTimeoutSeconds) {

  /** Where credentials live. */
  public enum Kind {
    /** The application passes its store in code. */
    NONE,
    /** In memory: nothing persists. */
    MEMORY,
    /** An embedded H2 file database. */
    H2,
    /** A database reached through a JDBC URL. */
    JDBC
  }

  /** Default for both timeouts: long enough for a busy database, short enough for a probe. */
  public static final int DEFAULT_TIMEOUT_SECONDS = 5;

  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)((?:[?&;:]|^)[a-z_.-]*password=)[^&;]*"); // password=, sslpassword=, ...
  private static final Pattern URL_USER_INFO = Pattern.compile("(//[^/@:]*:)[^/@]*@");

  /**
   * Checks the fields that cannot be wrong whatever the config says.
   *
   * @throws NullPointerException if kind is null, or a field its kind needs is null
   * @throws IllegalArgumentException if a timeout is not positive
   */
  public StorePolicy {
    requireNonNull(kind, "kind");
    if (kind == Kind.H2) {
      requireNonNull(h2Directory, "h2Directory");
    }
    if (kind == Kind.JDBC) {
      requireNonNull(jdbcUrl, "jdbcUrl");
    }
    if (connectTimeoutSeconds < 1 || queryTimeoutSeconds < 1) {
      throw new IllegalArgumentException("store timeouts must be at least 1 second");
    }
  }

  /** No store in the config: the application passes one in code. */
  public static StorePolicy none() {
    return new StorePolicy(
        Kind.NONE, null, null, null, null, DEFAULT_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS);
  }

  /** An in-memory store: nothing persists. */
  public static StorePolicy memory() {
    return new StorePolicy(
        Kind.MEMORY, null, null, null, null, DEFAULT_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS);
  }

  /** An embedded H2 file database in {@code directory}. */
  public static StorePolicy h2(Path directory) {
    return new StorePolicy(
        Kind.H2, directory, null, null, null, DEFAULT_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS);
  }

  /** A database at a JDBC URL, with an optional user and password. */
  public static StorePolicy jdbc(String url, @Nullable String user, @Nullable Secret password) {
    return new StorePolicy(
        Kind.JDBC, null, url, user, password, DEFAULT_TIMEOUT_SECONDS, DEFAULT_TIMEOUT_SECONDS);
  }

  /** This policy with other timeouts. */
  public StorePolicy withTimeouts(int connectTimeoutSeconds, int queryTimeoutSeconds) {
    return new StorePolicy(
        kind, h2Directory, jdbcUrl, jdbcUser, jdbcPassword, connectTimeoutSeconds,
        queryTimeoutSeconds);
  }

  /** The JDBC URL with any embedded password replaced by {@link ConfigProblem#REDACTED}; empty without a URL. */
  public Optional<String> redactedUrl() {
    return Optional.ofNullable(jdbcUrl).map(StorePolicy::redact);
  }

  /** Whether a JDBC URL carries a password ({@code password=} or {@code user:password@}). */
  public static boolean embedsPassword(String url) {
    return !redact(url).equals(url);
  }

  /** {@code url} with every embedded password replaced by {@link ConfigProblem#REDACTED}. */
  public static String redact(String url) {
    String redacted = URL_PASSWORD.matcher(url).replaceAll("$1" + ConfigProblem.REDACTED);
    return URL_USER_INFO.matcher(redacted).replaceAll("$1" + ConfigProblem.REDACTED + "@");
  }

  @Override
  public String toString() {
    switch (kind) {
      case H2:
        return "StorePolicy[h2 " + h2Directory + "]";
      case JDBC:
        return "StorePolicy[jdbc " + redactedUrl().orElse("") + (jdbcUser == null ? "" : " user " + jdbcUser)
            + (jdbcPassword == null ? "" : " password " + jdbcPassword) + "]";
      default:
        return "StorePolicy[" + kind.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }
  }
}
