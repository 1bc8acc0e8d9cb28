package dev.portcullis.auth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.portcullis.auth.PasswordHashers;
import dev.portcullis.auth.Usernames;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.hashers.Pbkdf2Hasher;
import dev.portcullis.auth.hashers.legacy.WrappedLegacyHasher;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code authctl import --config F --format htpasswd|shadow|django-csv|spring-csv FILE
 * [--dry-run]}: loads users and their existing hashes from another system into the configured
 * store, streaming the file.
 *
 * <p>Every hash must have the shape of a scheme Portcullis verifies; anything else (a plaintext
 * password, an unknown scheme) is refused for that line, and the value is never printed. A user
 * already in the store is skipped, never overwritten; a username seen twice in the file is an
 * error on the second line. Line-level problems go to stderr as {@code FILE:LINE: reason}; a
 * summary goes to stdout (also when a store error ends the run: it says what was written before).
 * Exit codes: 0 every line imported (or skipped by design), 1 some lines refused, 2 usage, file or
 * store error.
 *
 * <p>Each line is checked before it is written (username rules, a hash of at most {@value
 * #MAX_HASH_CHARS} characters, the shape of its scheme), so one bad line is a line error, never a
 * failed run; a row the database still refuses for its data (SQLState class 22 or 23) is one too.
 */
@Command(
    name = "import",
    description = {
      "Imports users with their existing hashes from FILE into the configured store.",
      "Formats: htpasswd (user:hash), shadow (user:hash:...), django-csv and spring-csv",
      "(a header with username and password columns). Existing users are never overwritten."
    },
    mixinStandardHelpOptions = true)
final class ImportCommand implements Callable<Integer> {

  /** The input formats. */
  enum Format {
    HTPASSWD("htpasswd"),
    SHADOW("shadow"),
    DJANGO_CSV("django-csv"),
    SPRING_CSV("spring-csv");

    final String label;

    Format(String label) {
      this.label = label;
    }

    static Format parse(String text) {
      for (Format format : values()) {
        if (format.label.equals(text)) {
          return format;
        }
      }
      throw new CommandFailure(
          "--format was " + text + ", must be one of htpasswd, shadow, django-csv, spring-csv");
    }
  }

  private final Terminal terminal;

  @Option(
      names = "--config",
      paramLabel = "F",
      required = true,
      description = "A Portcullis .properties file naming the store (store.type).")
  @Nullable Path config;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      required = true,
      description = "htpasswd, shadow, django-csv or spring-csv.")
  @Nullable String format;

  @Option(names = "--dry-run", description = "Write nothing; print what would be imported.")
  boolean dryRun;

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to import (UTF-8).")
  @Nullable Path file;

  ImportCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  /** What one line holds once parsed: a user and a hash, or nothing to import. */
  private static final class Entry {
    final String username;
    final String hash;
    final boolean disabled;

    Entry(String username, String hash, boolean disabled) {
      this.username = username;
      this.hash = hash;
      this.disabled = disabled;
    }
  }

  /** A line that is not imported, with the reason (never containing the hash). */
  private static final class LineProblem extends Exception {
    private static final long serialVersionUID = 1L;
    final boolean skip;

    LineProblem(String reason, boolean skip) {
      super(reason, null, false, false);
      this.skip = skip;
    }
  }

  /** The store's {@code password_hash VARCHAR(2048)}: a longer hash could never be written. */
  static final int MAX_HASH_CHARS = 2048;

  private final Map<String, Long> importedPerScheme = new TreeMap<>();
  private long skipped;
  private long errors;

  @Override
  public Integer call() {
    Format chosen = Format.parse(Objects.requireNonNull(format, "format"));
    Path input = Objects.requireNonNull(file, "file");
    AuthConfig loaded = Configs.load(config);
    ConfiguredStore.Schema schema =
        dryRun
            ? ConfiguredStore.Schema.DRY_RUN_OF_CREATE_IF_EMBEDDED
            : ConfiguredStore.Schema.CREATE_IF_EMBEDDED;
    try (ConfiguredStore opened = ConfiguredStore.open(loaded, schema);
        BufferedReader reader = Files.newBufferedReader(input, UTF_8)) {
      if (opened.schemaWouldBeCreated) {
        terminal.out.println("dry run: the store has no Portcullis schema yet; import would create"
            + " it (the dry run treats the store as empty and writes nothing)");
      }
      run(chosen, input, reader, opened, loaded.inputLimits().maxUsernameChars());
    } catch (NoSuchFileException e) {
      throw new CommandFailure("no such file: " + input);
    } catch (CharacterCodingException e) {
      throw new CommandFailure(input + " is not valid UTF-8 (nothing after the bad line imported)");
    } catch (IOException e) {
      throw new CommandFailure("cannot read " + input + ": " + e.getMessage());
    } catch (StoreException e) {
      summary(loaded); // what was written before the store failed
      throw new CommandFailure("store unavailable: " + e.getMessage());
    }
    summary(loaded);
    return errors > 0 ? 1 : 0;
  }

  private void run(
      Format chosen, Path input, BufferedReader reader, ConfiguredStore opened, int maxUsernameChars)
      throws IOException {
    // usernames only (never hashes), to find a user listed twice in the file
    Set<String> seen = new HashSet<>();
    int[] columns = null;
    String line;
    long number = 0;
    while ((line = reader.readLine()) != null) {
      number++;
      if (number == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1); // a UTF-8 byte order mark, as Windows tools write
      }
      String where = input + ":" + number + ": ";
      if (line.isBlank() || (line.startsWith("#") && !isCsv(chosen))) {
        continue;
      }
      if (isCsv(chosen) && columns == null) {
        columns = header(line, input, number);
        continue;
      }
      Entry entry;
      try {
        entry = parse(chosen, line, columns);
        if (entry.username.length() > maxUsernameChars) {
          throw new LineProblem("username is " + entry.username.length()
              + " characters, over input.max-username-chars " + maxUsernameChars, false);
        }
        Optional<String> badUsername = Usernames.problem(entry.username);
        if (badUsername.isPresent()) {
          // the username is not echoed: it holds a control character or a broken surrogate
          throw new LineProblem(badUsername.get(), false);
        }
        // before the hash is checked: a later line for this user is a repeat even if this fails
        if (!seen.add(entry.username)) {
          throw new LineProblem("user " + entry.username + " appears again in this file", false);
        }
        if (entry.hash.length() > MAX_HASH_CHARS) {
          throw new LineProblem("hash is " + entry.hash.length() + " characters, over the store's"
              + " limit of " + MAX_HASH_CHARS + " (the value is not shown)", false);
        }
        String scheme = recognize(entry.hash);
        LineProblem taken = new LineProblem(
            "skipped user " + entry.username + ": already in the store (not overwritten)", true);
        try {
          if (dryRun) {
            if (opened.store.find(entry.username).isPresent()) {
              throw taken;
            }
            terminal.out.println(where + "would import " + entry.username + " (" + scheme + ")");
          } else if (!opened.store.create(
              new StoredCredential(entry.username, entry.hash, entry.disabled))) {
            throw taken; // atomic: an account created meanwhile is never overwritten
          }
        } catch (StoreException e) {
          throw refusedRow(e);
        }
        importedPerScheme.merge(scheme, 1L, Long::sum);
      } catch (LineProblem problem) {
        if (problem.skip) {
          skipped++;
        } else {
          errors++;
        }
        terminal.err.println(where + problem.getMessage());
      }
    }
    if (isCsv(chosen) && columns == null) {
      throw new CommandFailure(input + " is empty: expected a header with username and password");
    }
  }

  /**
   * A line problem if the database refused this row's data (SQLState class 22, data exception,
   * or 23, integrity constraint): the next line may well be fine. Anything else is the store
   * failing, and ends the run.
   */
  private static LineProblem refusedRow(StoreException e) {
    String state = e.getCause() instanceof SQLException sql ? sql.getSQLState() : null;
    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
      // the store's message names the SQLState and never the row's values
      return new LineProblem("the store refused this row (SQLState " + state + "); nothing"
          + " written for it", false);
    }
    throw e;
  }

  private static boolean isCsv(Format format) {
    return format == Format.DJANGO_CSV || format == Format.SPRING_CSV;
  }

  /** The indexes of username, password and the optional active/enabled column. */
  private static int[] header(String line, Path input, long number) {
    List<String> names;
    try {
      names = csvFields(line);
    } catch (LineProblem e) {
      throw new CommandFailure(input + ":" + number + ": header: " + e.getMessage());
    }
    int username = -1;
    int password = -1;
    int active = -1;
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i).strip().toLowerCase(Locale.ROOT);
      if (name.equals("username")) {
        username = i;
      } else if (name.equals("password")) {
        password = i;
      } else if (name.equals("is_active") || name.equals("enabled")) {
        active = i;
      }
    }
    if (username < 0 || password < 0) {
      throw new CommandFailure(input + ":" + number
          + ": the first line must be a header naming the username and password columns");
    }
    return new int[] {username, password, active};
  }

  private static Entry parse(Format format, String line, int @Nullable [] columns)
      throws LineProblem {
    switch (format) {
      case HTPASSWD: {
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new LineProblem("expected user:hash", false);
        }
        String hash = line.substring(colon + 1);
        if (hash.isEmpty()) {
          throw new LineProblem("user " + line.substring(0, colon) + " has no hash", false);
        }
        return new Entry(line.substring(0, colon), hash, false);
      }
      case SHADOW: {
        String[] fields = line.split(":", -1);
        if (fields.length < 2 || fields[0].isEmpty()) {
          throw new LineProblem("expected user:hash:... (an /etc/shadow line)", false);
        }
        String user = fields[0];
        String hash = fields[1];
        if (hash.isEmpty()) {
          throw new LineProblem("skipped user " + user + ": no password set (empty field)", true);
        }
        if (hash.startsWith("!") || hash.startsWith("*")) {
          throw new LineProblem("skipped user " + user + ": locked or no-login account ("
              + hash.charAt(0) + ")", true);
        }
        return new Entry(user, hash, false);
      }
      default: {
        int[] index = Objects.requireNonNull(columns, "columns");
        List<String> fields = csvFields(line);
        // a short row must not lose its is_active/enabled column and import a disabled user
        int needed = Math.max(index[2], Math.max(index[0], index[1])) + 1;
        if (fields.size() < needed) {
          throw new LineProblem("expected " + needed
              + " or more comma-separated fields as in the header, found " + fields.size(), false);
        }
        String user = fields.get(index[0]);
        String hash = fields.get(index[1]);
        if (user.isEmpty()) {
          throw new LineProblem("empty username", false);
        }
        if (hash.isEmpty()) {
          throw new LineProblem("skipped user " + user + ": no password set (empty field)", true);
        }
        if (format == Format.DJANGO_CSV && hash.startsWith("!")) {
          throw new LineProblem("skipped user " + user
              + ": Django unusable password (set_unusable_password)", true);
        }
        boolean disabled = false;
        if (index[2] >= 0) {
          String active = fields.get(index[2]).strip().toLowerCase(Locale.ROOT);
          disabled = active.equals("0") || active.equals("false") || active.equals("f");
        }
        return new Entry(user, hash, disabled);
      }
    }
  }

  /** One CSV record on one line, RFC 4180 quoting; a line break inside quotes is refused. */
  static List<String> csvFields(String line) throws LineProblem {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new LineProblem("unterminated quoted field (records must fit on one line)", false);
    }
    fields.add(field.toString());
    return fields;
  }

  /** Scheme ids of formats known to be unsupported, with what to tell the operator. */
  private static final Map<String, String> REFUSED =
      Map.of(
          "apr1", "Apache MD5 ($apr1$) is too weak to keep accepting; reset this user's password",
          "SHA", "unsalted SHA-1 ({SHA}) is too weak to keep accepting; reset this user's password",
          "1", "MD5-crypt ($1$) is too weak to keep accepting; reset this user's password",
          "y", "yescrypt ($y$) is not supported yet; reset this user's password",
          "noop", "plaintext {noop} passwords are never accepted; reset this user's password",
          "md5", "Django md5 is too weak to keep accepting; reset this user's password",
          "sha1", "Django sha1 is too weak to keep accepting; reset this user's password");

  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$[0-9]{2}\\$[./A-Za-z0-9]{53}");
  private static final Pattern SHA_CRYPT =
      Pattern.compile("\\$([56])\\$(?:rounds=[0-9]{1,10}\\$)?[./0-9A-Za-z]{1,16}\\$"
          + "([./0-9A-Za-z]{43}|[./0-9A-Za-z]{86})");
  // field lengths are bounded: far above what any tool writes, far below the store's column
  private static final Pattern DJANGO_PBKDF2 =
      Pattern.compile(
          "pbkdf2_sha(256|1)\\$[1-9][0-9]{0,9}\\$[^$]{1,256}\\$[A-Za-z0-9+/]{1,128}={0,2}");
  private static final Pattern PHC =
      Pattern.compile("\\$[a-z0-9-]{1,32}\\$[a-z0-9=,$./+A-Za-z-]{1,1024}");
  private static final Pattern WRAPPED =
      Pattern.compile("\\$wrap-[a-z0-9_]{1,32}\\$.{1,512}\\$v=19\\$m=[0-9]{1,10},t=[0-9]{1,10},"
          + "p=[0-9]{1,10}\\$[A-Za-z0-9+/]{1,256}\\$[A-Za-z0-9+/]{1,256}");
  private static final Pattern SPRING_PBKDF2 = Pattern.compile("[0-9a-f]{96}");

  /**
   * The scheme id of a hash with the shape of a scheme Portcullis verifies.
   *
   * @throws LineProblem naming the scheme only where it is a known one, never the value
   */
  static String recognize(String hash) throws LineProblem {
    Optional<String> id = PasswordHashers.schemeIdOf(hash);
    if (id.isPresent() && REFUSED.containsKey(id.get())) {
      throw new LineProblem(REFUSED.get(id.get()), false);
    }
    if (id.isEmpty() || !PasswordHashers.knowsScheme(id.get()) || !shaped(id.get(), hash)) {
      throw new LineProblem(
          "not a hash of a scheme Portcullis verifies (plaintext or an unknown scheme; the value"
              + " is not shown)",
          false);
    }
    return id.get();
  }

  private static boolean shaped(String id, String hash) {
    if (Argon2Hasher.SCHEME_IDS.contains(id) || Pbkdf2Hasher.SCHEME_IDS.contains(id)) {
      return PHC.matcher(hash).matches();
    }
    if (!WrappedLegacyHasher.enablingSchemeId(id).equals(id)) {
      return WRAPPED.matcher(hash).matches();
    }
    switch (id) {
      case "2a":
      case "2b":
      case "2y":
        return BCRYPT.matcher(hash).matches();
      case "5":
      case "6":
        return SHA_CRYPT.matcher(hash).matches();
      case "pbkdf2_sha256":
      case "pbkdf2_sha1":
        return DJANGO_PBKDF2.matcher(hash).matches();
      case "bcrypt_sha256":
        return hash.startsWith("bcrypt_sha256$")
            && BCRYPT.matcher(hash.substring("bcrypt_sha256$".length())).matches();
      case "argon2":
        return (hash.startsWith("argon2$") && PHC.matcher(hash.substring(6)).matches())
            || (hash.startsWith("{argon2}") && PHC.matcher(hash.substring(8)).matches());
      case "bcrypt":
        return hash.startsWith("{bcrypt}") && BCRYPT.matcher(hash.substring(8)).matches();
      case "argon2@SpringSecurity_v5_8":
        String argon2Body = hash.substring(hash.indexOf('}') + 1);
        return hash.startsWith("{argon2@SpringSecurity_v5_8}") && PHC.matcher(argon2Body).matches();
      case "pbkdf2@SpringSecurity_v5_8":
        return hash.startsWith("{pbkdf2@SpringSecurity_v5_8}")
            && SPRING_PBKDF2.matcher(hash.substring(hash.indexOf('}') + 1)).matches();
      default:
        return false;
    }
  }

  private void summary(AuthConfig loaded) {
    long imported = importedPerScheme.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder line = new StringBuilder(dryRun ? "dry run: would import " : "imported ");
    line.append(imported).append(imported == 1 ? " user" : " users");
    if (!importedPerScheme.isEmpty()) {
      List<String> parts = new ArrayList<>();
      importedPerScheme.forEach((scheme, count) -> parts.add(scheme + ": " + count));
      line.append(" (").append(String.join(", ", parts)).append(')');
    }
    line.append(", skipped ").append(skipped).append(", errors ").append(errors);
    terminal.out.println(line);
    Set<String> notEnabled = new TreeSet<>();
    long stranded = 0;
    for (Map.Entry<String, Long> entry : importedPerScheme.entrySet()) {
      if (!enabled(entry.getKey(), loaded)) {
        notEnabled.add(WrappedLegacyHasher.enablingSchemeId(entry.getKey()));
        stranded += entry.getValue();
      }
    }
    if (!notEnabled.isEmpty()) {
      Set<String> wanted = new TreeSet<>(loaded.legacySchemes());
      wanted.addAll(notEnabled);
      terminal.err.println("authctl: warning: " + stranded + (stranded == 1 ? " user" : " users")
          + (dryRun ? " would use" : " use") + " schemes not in hashing.legacy-schemes "
          + notEnabled + " and cannot log in until the config says: hashing.legacy-schemes = "
          + String.join(", ", wanted));
    }
  }

  /** Whether a config verifies hashes of {@code scheme}: built in, or listed as a legacy scheme. */
  static boolean enabled(String scheme, AuthConfig config) {
    return Argon2Hasher.SCHEME_IDS.contains(scheme)
        || Pbkdf2Hasher.SCHEME_IDS.contains(scheme)
        || config.legacySchemes().contains(WrappedLegacyHasher.enablingSchemeId(scheme));
  }
}
