package dev.portcullis.auth.config;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Loads an {@link AuthConfig} from a {@code .properties} file, environment variables and system
 * properties, strictly: every problem in every source is reported at once, in one {@link
 * ConfigException}, each naming its origin ({@code auth.properties:12}, {@code env
 * PORTCULLIS_REVISION}, {@code -Dportcullis.revision}).
 *
 * <h2>Sources and precedence</h2>
 *
 * A setting given in several sources takes its value from the most specific one: system
 * properties ({@code -Dportcullis.<key>}) override environment variables, which override the
 * file. The environment name of a key is {@code PORTCULLIS_} followed by the key in upper case
 * with {@code .} and {@code -} as {@code _}: {@code hashing.argon2id.memory-kib} is {@code
 * PORTCULLIS_HASHING_ARGON2ID_MEMORY_KIB}; pepper key ids are written in upper case there ({@code
 * PORTCULLIS_PEPPER_KEYS_K2} is {@code pepper.keys.k2}). An application may choose another
 * prefix ({@link #environmentPrefix(String)}).
 *
 * <h2>Strictness</h2>
 *
 * <ul>
 *   <li>an unknown key, an unknown {@code PORTCULLIS_} variable or {@code portcullis.} property is
 *       an error, with the nearest valid key as a hint; two kinds of prefixed variables are not
 *       settings and are left alone: a variable a setting references ({@code
 *       env:PORTCULLIS_DB_PASSWORD}) and a Kubernetes service link ({@code
 *       PORTCULLIS_SERVICE_HOST}, {@code PORTCULLIS_PORT}, ... of a Service named portcullis);
 *   <li>a "key" that is not a well-formed setting name (a bare base64 line, {@code key: value}
 *       with a colon) is reported by its line and shape, never by its text, which may be a secret;
 *   <li>a key given twice in one file is an error (a deployment script that appended a line
 *       instead of replacing it is a classic incomplete update), even with the same value;
 *   <li>an empty value is an error; a key that does not apply to the chosen scheme or pepper mode
 *       is an error;
 *   <li>{@code config.schema} is required: a file written for another schema fails, and keys known
 *       under another name fail with the exact replacement.
 * </ul>
 *
 * <h2>File format</h2>
 *
 * UTF-8; one {@code key = value} per line (whitespace around key and value is dropped); lines
 * starting with {@code #} or {@code !} are comments. Line continuations are not supported.
 *
 * <h2>Secrets</h2>
 *
 * Secrets are referenced, never inlined: {@code pepper.keys.k1 = env:PEPPER_K1} or {@code file:
 * /run/secrets/pepper-k1}. The referenced value is the key in base64 (e.g. {@code openssl rand
 * -base64 32}); one trailing line ending in a file is ignored, and a relative {@code file:} path
 * is resolved against the config file's directory. A missing variable, a missing,
 * empty or unreadable file is an error naming the reference, never the content.
 */
public final class AuthConfigLoader {

  /** Prefix of Portcullis environment variables. */
  public static final String ENV_PREFIX = "PORTCULLIS_";

  /** Prefix of Portcullis system properties. */
  public static final String SYSTEM_PROPERTY_PREFIX = "portcullis.";

  private static final String PEPPER_KEYS = "pepper.keys.";
  private static final String CANARY = "preflight.canary.";
  private static final java.util.regex.Pattern CANARY_KEY =
      java.util.regex.Pattern.compile("preflight\\.canary\\.([a-z0-9][a-z0-9-]{0,31})\\.(username|password)");
  private static final java.util.regex.Pattern LEGACY_SCHEME_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9_@.-]{0,63}");
  private static final long MAX_SECRET_FILE_BYTES = 4_096;
  private static final java.util.regex.Pattern KEY_ID = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  /** Every key of schema 1 (pepper keys are {@code pepper.keys.<id>}). */
  static final Set<String> KEYS =
      Set.of(
          "config.schema",
          "revision",
          "hashing.scheme",
          "hashing.preset",
          "hashing.argon2id.memory-kib",
          "hashing.argon2id.iterations",
          "hashing.argon2id.parallelism",
          "hashing.argon2id.salt-bytes",
          "hashing.argon2id.tag-bytes",
          "hashing.pbkdf2.iterations",
          "hashing.pbkdf2.salt-bytes",
          "hashing.pbkdf2.key-bytes",
          "hashing.allow-weak-reason",
          "hashing.caps.max-argon2-memory-kib",
          "hashing.caps.max-argon2-iterations",
          "hashing.caps.max-argon2-parallelism",
          "hashing.caps.max-pbkdf2-iterations",
          "hashing.caps.max-salt-bytes",
          "hashing.caps.max-hash-bytes",
          "hashing.caps.max-cost-factor",
          "pepper",
          "pepper.current-key",
          "pepper.retired-keys",
          "input.max-password-chars",
          "input.max-username-chars",
          "telemetry.window-seconds",
          "telemetry.buckets",
          "telemetry.min-volume",
          "telemetry.failure-share-factor-percent",
          "telemetry.failure-share-margin-percent",
          "telemetry.initial-failure-share-percent",
          "telemetry.system-min-count",
          "telemetry.system-share-percent",
          "telemetry.warn-interval-seconds",
          "telemetry.listener-queue-capacity",
          "telemetry.username-hash-key",
          "throttle.enabled",
          "throttle.pair-free-failures",
          "throttle.account-free-failures",
          "throttle.account-lockout",
          "throttle.base-delay-millis",
          "throttle.max-delay-seconds",
          "throttle.source-max-failures",
          "throttle.source-window-seconds",
          "throttle.max-entries",
          "throttle.expiry-seconds",
          "admission.memory-budget-kib",
          "admission.timeout-millis",
          "cache.enabled",
          "cache.ttl-seconds",
          "cache.max-entries",
          "password.min-code-points",
          "password.context-words",
          "hashing.legacy-schemes",
          "throttle.shared-state",
          "store.type",
          "store.h2.directory",
          "store.jdbc.url",
          "store.jdbc.user",
          "store.jdbc.password",
          "store.connect-timeout-seconds",
          "store.query-timeout-seconds",
          "store.call-timeout-millis",
          "store.max-calls-in-flight",
          "preflight.on-create",
          "preflight.warn-only",
          "preflight.store-timeout-millis",
          "preflight.inventory-sample",
          "fleet.heartbeat-seconds",
          "fleet.expiry-seconds");

  /** Names people reach for, with the exact key that replaces each. */
  static final Map<String, String> REPLACED_KEYS =
      Map.of(
          "hashing.algorithm", "hashing.scheme",
          "hashing.argon2id.memory", "hashing.argon2id.memory-kib",
          "hashing.argon2.memory-kib", "hashing.argon2id.memory-kib",
          "hashing.argon2id.time-cost", "hashing.argon2id.iterations",
          "pepper.current", "pepper.current-key",
          "pepper.key-id", "pepper.current-key",
          "input.max-password-length", "input.max-password-chars",
          "password.min-length", "password.min-code-points");

  private static final Set<String> ARGON2ID_KEYS =
      Set.of(
          "hashing.argon2id.memory-kib",
          "hashing.argon2id.iterations",
          "hashing.argon2id.parallelism",
          "hashing.argon2id.salt-bytes",
          "hashing.argon2id.tag-bytes");

  private static final Set<String> PBKDF2_KEYS =
      Set.of("hashing.pbkdf2.iterations", "hashing.pbkdf2.salt-bytes", "hashing.pbkdf2.key-bytes");

  private static final java.util.regex.Pattern ENVIRONMENT_PREFIX =
      java.util.regex.Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*_");

  private @Nullable Path file;
  private String environmentPrefix = ENV_PREFIX;
  private Map<String, String> environment;
  private Map<String, String> systemProperties;

  private AuthConfigLoader(Map<String, String> environment, Map<String, String> systemProperties) {
    this.environment = environment;
    this.systemProperties = systemProperties;
  }

  /** A loader over this process's environment variables and system properties, and no file. */
  public static AuthConfigLoader create() {
    Map<String, String> properties = new HashMap<>();
    System.getProperties().stringPropertyNames()
        .forEach(name -> properties.put(name, System.getProperty(name, "")));
    return new AuthConfigLoader(Map.copyOf(System.getenv()), properties);
  }

  /**
   * Loads a file, with this process's environment variables and system properties on top.
   *
   * @throws ConfigException listing every problem found
   */
  public static AuthConfig load(Path file) {
    return create().file(file).load();
  }

  /**
   * Reads settings from this {@code .properties} file (the lowest precedence).
   *
   * @throws NullPointerException if file is null
   */
  public AuthConfigLoader file(Path file) {
    this.file = requireNonNull(file, "file");
    return this;
  }

  /**
   * Uses these environment variables instead of the process's (for tests and embedding); {@code
   * env:} secret references are resolved here too.
   *
   * @throws NullPointerException if environment is null
   */
  public AuthConfigLoader environment(Map<String, String> environment) {
    this.environment = Map.copyOf(requireNonNull(environment, "environment"));
    return this;
  }

  /**
   * Reads settings from environment variables named {@code prefix} + the key in upper case
   * ({@code MYAPP_AUTH_} reads {@code MYAPP_AUTH_HASHING_SCHEME}) instead of {@code PORTCULLIS_}:
   * for an application whose environment already has {@code PORTCULLIS_} variables of its own, or
   * that names its settings after itself. Only variables with this prefix are settings; unknown
   * ones are refused as with the default prefix.
   *
   * @throws NullPointerException if prefix is null
   * @throws IllegalArgumentException unless prefix is upper-case words of A-Z 0-9 joined by
   *     {@code _} and ending in {@code _}, e.g. {@code MYAPP_AUTH_}
   */
  public AuthConfigLoader environmentPrefix(String prefix) {
    requireNonNull(prefix, "prefix");
    if (!ENVIRONMENT_PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("environment prefix was \"" + prefix
          + "\"; it must be upper-case words of A-Z 0-9 joined by _ and end in _, e.g. MYAPP_AUTH_");
    }
    this.environmentPrefix = prefix;
    return this;
  }

  /**
   * Uses these system properties instead of the process's.
   *
   * @throws NullPointerException if systemProperties is null
   */
  public AuthConfigLoader systemProperties(Map<String, String> systemProperties) {
    this.systemProperties = Map.copyOf(requireNonNull(systemProperties, "systemProperties"));
    return this;
  }

  /**
   * Reads every source, validates everything, and builds the config.
   *
   * @throws ConfigException listing every problem found, in every source
   */
  public AuthConfig load() {
    Reading reading = new Reading();
    if (file != null) {
      reading.readFile(file);
    }
    reading.readEnvironment(environment, systemProperties);
    reading.readSystemProperties(systemProperties);
    return reading.interpret();
  }

  /** The environment variable of a key, e.g. {@code PORTCULLIS_HASHING_SCHEME}. */
  public static String environmentName(String key) {
    return environmentName(ENV_PREFIX, key);
  }

  private static String environmentName(String prefix, String key) {
    return prefix + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static void addReference(Set<String> referenced, String value) {
    String reference = value.strip();
    if (reference.startsWith("env:") && reference.length() > 4) {
      referenced.add(reference.substring(4));
    }
  }

  /** One value and where it came from. */
  private static final class Setting {
    final String key;
    final String value;
    final String origin;

    Setting(String key, String value, String origin) {
      this.key = key;
      this.value = value;
      this.origin = origin;
    }
  }

  /** The state of one {@link #load()}: settings by key, and every problem seen so far. */
  private final class Reading {
    final Map<String, Setting> settings = new LinkedHashMap<>();
    final List<ConfigProblem> problems = new ArrayList<>();
    /** Variables named by {@code env:} references so far: secrets' holders, not settings. */
    final Set<String> referencedVariables = new HashSet<>();
    final AuthConfig.Builder builder = AuthConfig.builder();
    String missingOrigin = "environment";
    @Nullable Path configDirectory;
    HashParameterCaps parsedCaps = HashParameterCaps.defaults();

    void readFile(Path path) {
      String name = path.toString();
      missingOrigin = name;
      configDirectory = path.toAbsolutePath().getParent();
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(path);
      } catch (IOException e) {
        problems.add(
            new ConfigProblem(
                "config.file", name, null, "cannot be read (" + e.getClass().getSimpleName() + ")",
                "check the path and its permissions"));
        return;
      }
      String text;
      try {
        text =
            UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
      } catch (CharacterCodingException e) {
        problems.add(new ConfigProblem("config.file", name, null, "is not valid UTF-8", null));
        return;
      }
      if (text.startsWith("\uFEFF")) {
        text = text.substring(1); // a byte order mark some editors write; not part of the first key
      }
      Map<String, Integer> firstLine = new HashMap<>();
      String[] lines = text.split("\r?\n", -1);
      for (int index = 0; index < lines.length; index++) {
        int lineNumber = index + 1;
        String origin = name + ":" + lineNumber;
        String line = lines[index].strip();
        if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
          continue;
        }
        int equals = line.indexOf('=');
        if (equals <= 0) {
          problems.add(
              new ConfigProblem(
                  "line " + lineNumber, origin, null,
                  "is not a key = value line (" + SettingName.shapeOf(line) + ")", null));
          continue;
        }
        String key = line.substring(0, equals).strip();
        String value = line.substring(equals + 1).strip();
        if (!SettingName.isWellFormed(key, KEYS)) {
          problems.add(notASettingName("line " + lineNumber, origin, key, line));
          continue; // before the duplicate check, which would name the key
        }
        if (value.endsWith("\\")) {
          problems.add(
              new ConfigProblem(
                  key, origin, null, "ends with a backslash; line continuations are not supported",
                  null));
          continue;
        }
        Integer first = firstLine.putIfAbsent(key, lineNumber);
        if (first != null) {
          problems.add(
              new ConfigProblem(
                  key,
                  origin,
                  display(key, value),
                  "is set twice in this file (first at line " + first + ")",
                  "keep one line; a script that appends instead of replacing leaves both"));
          continue;
        }
        accept(key, value, origin);
      }
    }

    /**
     * Reads the {@code <prefix>*} variables. Two kinds are not settings and are skipped: a
     * variable that a setting references ({@code store.jdbc.password =
     * env:PORTCULLIS_DB_PASSWORD}) and a Kubernetes service link ({@code PORTCULLIS_SERVICE_HOST}
     * for a Service named portcullis). Every other unknown one is a problem.
     */
    void readEnvironment(Map<String, String> variables, Map<String, String> properties) {
      Set<String> referenced = new HashSet<>(referencedVariables);
      variables.forEach((name, value) -> {
        if (name.startsWith(environmentPrefix)) {
          addReference(referenced, value);
        }
      });
      properties.forEach((name, value) -> {
        if (name.startsWith(SYSTEM_PROPERTY_PREFIX)) {
          addReference(referenced, value);
        }
      });
      Map<String, String> keyByName = new HashMap<>();
      KEYS.forEach(key -> keyByName.put(environmentName(environmentPrefix, key), key));
      REPLACED_KEYS.keySet()
          .forEach(key -> keyByName.put(environmentName(environmentPrefix, key), key));
      String pepperKeysPrefix = environmentName(environmentPrefix, PEPPER_KEYS);
      new TreeMap<>(variables)
          .forEach(
              (name, value) -> {
                if (!name.startsWith(environmentPrefix) || referenced.contains(name)
                    || ServiceLinkVariables.isServiceLink(
                        name.substring(environmentPrefix.length()), value.strip())) {
                  return;
                }
                String origin = "env " + name;
                String key = keyByName.get(name);
                if (key == null && name.startsWith(pepperKeysPrefix)
                    && name.length() > pepperKeysPrefix.length()) {
                  key =
                      PEPPER_KEYS
                          + name.substring(pepperKeysPrefix.length())
                              .toLowerCase(Locale.ROOT)
                              .replace('_', '-');
                }
                if (key == null) {
                  key = canaryKeyOf(environmentPrefix, name);
                }
                if (key == null) {
                  Set<String> names = new TreeSet<>(keyByName.keySet());
                  names.add(pepperKeysPrefix + "<ID>");
                  names.add(environmentName(environmentPrefix, CANARY) + "<NAME>_USERNAME");
                  problems.add(
                      new ConfigProblem(
                          name,
                          origin,
                          ConfigProblem.REDACTED,
                          "is not a Portcullis setting",
                          didYouMean(name, names)));
                  return;
                }
                accept(key, value.strip(), origin);
              });
    }

    void readSystemProperties(Map<String, String> properties) {
      new TreeMap<>(properties)
          .forEach(
              (name, value) -> {
                if (name.startsWith(SYSTEM_PROPERTY_PREFIX)) {
                  String key = name.substring(SYSTEM_PROPERTY_PREFIX.length());
                  if (!SettingName.isWellFormed(key, KEYS)) {
                    String where = "-D" + SYSTEM_PROPERTY_PREFIX + "...";
                    problems.add(notASettingName(where, where, key, key));
                    return;
                  }
                  accept(key, value.strip(), "-D" + name);
                }
              });
    }

    /**
     * A "key" that is not a setting name may be a secret on a broken line (a colon for the
     * equals sign, a bare base64 key): it is described by where it is and its shape, never by
     * its text.
     */
    private ConfigProblem notASettingName(String where, String origin, String key, String line) {
      String meant = SettingName.beforeColon(key, KEYS);
      return new ConfigProblem(where, origin, ConfigProblem.REDACTED,
          "is not a setting name (" + SettingName.shapeOf(line) + ")",
          meant != null
              ? "write " + meant + " = <value>, with '=' rather than ':'"
              : "a line is key = value, the key a setting such as hashing.scheme;"
                  + " a secret belongs in a file: or env: reference, never in this file");
    }

    /** Records a setting from any source, later sources overriding earlier ones. */
    void accept(String key, String value, String origin) {
      addReference(referencedVariables, value);
      String replacement = REPLACED_KEYS.get(key);
      if (replacement != null) {
        problems.add(
            new ConfigProblem(
                key, origin, display(key, value), "is not a setting of config.schema "
                    + AuthConfig.SCHEMA_VERSION, "use " + replacement));
        return;
      }
      if (!KEYS.contains(key) && !isPepperKey(key) && !isCanaryKey(key)) {
        Set<String> known = new TreeSet<>(KEYS);
        known.add(PEPPER_KEYS + "<id>");
        known.add(CANARY + "<name>.username");
        known.add(CANARY + "<name>.password");
        problems.add(
            new ConfigProblem(
                key, origin, display(key, value), "is not a Portcullis setting",
                didYouMean(key, known)));
        return;
      }
      if (value.isEmpty()) {
        problems.add(new ConfigProblem(key, origin, "", "is empty", "give a value or remove the key"));
        return;
      }
      settings.put(key, new Setting(key, value, origin));
    }

    AuthConfig interpret() {
      checkSchema();
      Setting revision = required("revision", "name the config that is live, e.g. 2026-11-26.1");
      if (revision != null) {
        builder.revision(revision.value).origin("revision", revision.origin);
      }
      interpretCaps();
      interpretHashing();
      interpretInputLimits();
      interpretPepper();
      interpretTelemetry();
      interpretThrottleAdmissionCache();
      interpretPasswordPolicy();
      interpretLegacySchemes();
      interpretStore();
      interpretPreflight();
      interpretFleet();
      Setting weakReason = settings.get("hashing.allow-weak-reason");
      if (weakReason != null) {
        builder.allowWeakHashing(weakReason.value).origin(weakReason.key, weakReason.origin);
      }
      // The loader reports missing keys itself, with the file's key names; the builder's
      // "is required" problems would repeat them under the API's names.
      for (ConfigProblem problem : builder.validate()) {
        if (!problem.reason().equals("is required")) {
          problems.add(problem);
        }
      }
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return builder.build();
    }

    private void checkSchema() {
      Setting schema = required("config.schema", "config.schema = " + AuthConfig.SCHEMA_VERSION);
      if (schema == null) {
        return;
      }
      Integer version = integer(schema, 0, Integer.MAX_VALUE);
      if (version != null && version != AuthConfig.SCHEMA_VERSION) {
        problems.add(
            new ConfigProblem(
                schema.key,
                schema.origin,
                schema.value,
                version > AuthConfig.SCHEMA_VERSION
                    ? "is newer than this Portcullis reads"
                    : "is older than this Portcullis reads",
                "this version reads config.schema = " + AuthConfig.SCHEMA_VERSION));
      }
    }

    private void interpretHashing() {
      Setting preset = settings.get("hashing.preset");
      Setting scheme = settings.get("hashing.scheme");
      if (preset != null && scheme != null) {
        problems.add(
            new ConfigProblem(
                preset.key, preset.origin, preset.value, "cannot be combined with hashing.scheme",
                "choose a preset or a scheme with its parameters"));
        return;
      }
      if (preset != null) {
        HashingPreset chosen = HashingPreset.byId(preset.value).orElse(null);
        if (chosen == null) {
          Set<String> ids = new TreeSet<>();
          for (HashingPreset candidate : HashingPreset.values()) {
            ids.add(candidate.id());
          }
          problems.add(
              new ConfigProblem(
                  preset.key, preset.origin, preset.value, "is not a known preset",
                  didYouMean(preset.value, ids) + "; presets: " + String.join(", ", ids)));
          return;
        }
        notApplicable(ARGON2ID_KEYS, "hashing.preset sets every parameter");
        notApplicable(PBKDF2_KEYS, "hashing.preset sets every parameter");
        builder.hashing(chosen.policy());
        recordOrigin("hashing.argon2id.memory-kib", preset);
        recordOrigin("hashing.argon2id.iterations", preset);
        recordOrigin("hashing.pbkdf2.iterations", preset);
        return;
      }
      if (scheme == null) {
        problems.add(
            new ConfigProblem(
                "hashing.scheme", missingOrigin, null, "is required",
                "argon2id, pbkdf2-sha256 or pbkdf2-sha512, or hashing.preset = "
                    + HashingPreset.OWASP_ARGON2ID_M19456_T2.id()));
        return;
      }
      switch (scheme.value) {
        case Argon2idPolicy.SCHEME_ID:
          notApplicable(PBKDF2_KEYS, "hashing.scheme = argon2id");
          interpretArgon2id();
          break;
        case "pbkdf2-sha256":
          notApplicable(ARGON2ID_KEYS, "hashing.scheme = pbkdf2-sha256");
          interpretPbkdf2(Pbkdf2Policy.Digest.SHA256);
          break;
        case "pbkdf2-sha512":
          notApplicable(ARGON2ID_KEYS, "hashing.scheme = pbkdf2-sha512");
          interpretPbkdf2(Pbkdf2Policy.Digest.SHA512);
          break;
        default:
          problems.add(
              new ConfigProblem(
                  scheme.key, scheme.origin, scheme.value, "is not a scheme Portcullis writes",
                  "argon2id, pbkdf2-sha256 or pbkdf2-sha512"));
      }
    }

    private void interpretArgon2id() {
      Integer memoryKib = requiredInteger("hashing.argon2id.memory-kib", 8, Integer.MAX_VALUE,
          "e.g. 19456 with iterations 2 (OWASP)");
      Integer iterations = requiredInteger("hashing.argon2id.iterations", 1, Integer.MAX_VALUE,
          "e.g. 2 with memory-kib 19456 (OWASP)");
      Integer parallelism = requiredInteger("hashing.argon2id.parallelism", 1, 0xFF_FFFF, "e.g. 1");
      Integer saltBytes = optionalInteger("hashing.argon2id.salt-bytes", 16, 48,
          Argon2idPolicy.DEFAULT_SALT_BYTES);
      Integer tagBytes = optionalInteger("hashing.argon2id.tag-bytes", 16, 64,
          Argon2idPolicy.DEFAULT_TAG_BYTES);
      if (memoryKib == null || iterations == null || parallelism == null || saltBytes == null
          || tagBytes == null) {
        return;
      }
      if (memoryKib < 8L * parallelism) {
        Setting memory = requireNonNull(settings.get("hashing.argon2id.memory-kib"));
        problems.add(
            new ConfigProblem(memory.key, memory.origin, memory.value,
                "must be at least 8 KiB per lane (8 x hashing.argon2id.parallelism "
                    + parallelism + " = " + 8L * parallelism + ")", null));
        // the policy cannot be built, so check the caps here to report them in the same run
        HashParameterCaps caps = parsedCaps;
        overCap("hashing.argon2id.parallelism", parallelism,
            "hashing.caps.max-argon2-parallelism", caps.maxArgon2Parallelism());
        overCap("hashing.argon2id.iterations", iterations,
            "hashing.caps.max-argon2-iterations", caps.maxArgon2Iterations());
        return;
      }
      builder.hashing(new Argon2idPolicy(memoryKib, iterations, parallelism, saltBytes, tagBytes));
    }

    private void interpretPbkdf2(Pbkdf2Policy.Digest digest) {
      Integer iterations = requiredInteger("hashing.pbkdf2.iterations", 1, Integer.MAX_VALUE,
          digest == Pbkdf2Policy.Digest.SHA256 ? "OWASP: 600000" : "ASVS: 210000");
      Integer saltBytes = optionalInteger("hashing.pbkdf2.salt-bytes", 16, 64,
          Pbkdf2Policy.DEFAULT_SALT_BYTES);
      Integer keyBytes = optionalInteger("hashing.pbkdf2.key-bytes", 16, digest.outputBytes(),
          digest.outputBytes());
      if (iterations != null && saltBytes != null && keyBytes != null) {
        builder.hashing(new Pbkdf2Policy(digest, iterations, saltBytes, keyBytes));
      }
    }

    private void interpretCaps() {
      HashParameterCaps defaults = HashParameterCaps.defaults();
      Integer memory = optionalInteger("hashing.caps.max-argon2-memory-kib", 1, Integer.MAX_VALUE,
          defaults.maxArgon2MemoryKib());
      Integer iterations = optionalInteger("hashing.caps.max-argon2-iterations", 1,
          Integer.MAX_VALUE, defaults.maxArgon2Iterations());
      Integer parallelism = optionalInteger("hashing.caps.max-argon2-parallelism", 1, 0xFF_FFFF,
          defaults.maxArgon2Parallelism());
      Integer pbkdf2 = optionalInteger("hashing.caps.max-pbkdf2-iterations", 1, Integer.MAX_VALUE,
          defaults.maxPbkdf2Iterations());
      Integer salt = optionalInteger("hashing.caps.max-salt-bytes", 1, 1024,
          defaults.maxSaltBytes());
      Integer hash = optionalInteger("hashing.caps.max-hash-bytes", 1, 1024,
          defaults.maxHashBytes());
      Integer costFactor = optionalInteger("hashing.caps.max-cost-factor", 1,
          HashParameterCaps.MAX_COST_FACTOR, defaults.maxCostFactor());
      if (memory != null && iterations != null && parallelism != null && pbkdf2 != null
          && salt != null && hash != null && costFactor != null) {
        parsedCaps =
            new HashParameterCaps(memory, iterations, parallelism, pbkdf2, salt, hash, costFactor);
        builder.hashCaps(parsedCaps);
      }
    }

    private void interpretInputLimits() {
      Integer password = optionalInteger("input.max-password-chars", 1, 1_048_576,
          InputLimits.defaults().maxPasswordChars());
      Integer username = optionalInteger("input.max-username-chars", 1, 65_536,
          InputLimits.defaults().maxUsernameChars());
      if (password != null && username != null) {
        builder.inputLimits(new InputLimits(password, username));
      }
    }

    private void interpretThrottleAdmissionCache() {
      ThrottlePolicy t = ThrottlePolicy.defaults();
      Boolean enabled = optionalBoolean("throttle.enabled", t.enabled());
      Integer pair = optionalInteger("throttle.pair-free-failures", 1,
          ThrottlePolicy.NIST_MAX_CONSECUTIVE_FAILURES, t.pairFreeFailures());
      Integer account = optionalInteger("throttle.account-free-failures", 1,
          ThrottlePolicy.NIST_MAX_CONSECUTIVE_FAILURES, t.accountFreeFailures());
      Boolean lockout = optionalBoolean("throttle.account-lockout", t.accountLockout());
      Integer baseDelay = optionalInteger("throttle.base-delay-millis", 1, 3_600_000,
          t.baseDelayMillis());
      Integer maxDelay = optionalInteger("throttle.max-delay-seconds", 1, 86_400, t.maxDelaySeconds());
      Integer sourceMax = optionalInteger("throttle.source-max-failures", 1, 1_000_000,
          t.sourceMaxFailures());
      Integer sourceWindow = optionalInteger("throttle.source-window-seconds", 1, 86_400,
          t.sourceWindowSeconds());
      Integer entries = optionalInteger("throttle.max-entries", 100, 100_000_000, t.maxEntries());
      Integer expiry = optionalInteger("throttle.expiry-seconds", 1, 604_800, t.expirySeconds());
      if (enabled != null && pair != null && account != null && lockout != null
          && baseDelay != null && maxDelay != null && sourceMax != null && sourceWindow != null
          && entries != null && expiry != null) {
        ThrottlePolicy throttle = new ThrottlePolicy(enabled, pair, account, lockout, baseDelay,
            maxDelay, sourceMax, sourceWindow, entries, expiry);
        Setting shared = settings.get("throttle.shared-state");
        if (shared != null) {
          builder.origin(shared.key, shared.origin);
          if (shared.value.equals("store")) {
            throttle = throttle.withSharedState(true);
          } else if (!shared.value.equals("local")) {
            problems.add(new ConfigProblem(shared.key, shared.origin, shared.value,
                "must be local or store",
                "store keeps account counters in the credential store, shared by every instance"));
          }
        }
        builder.throttle(throttle);
      }
      AdmissionPolicy a = AdmissionPolicy.defaults();
      Integer budget = optionalInteger("admission.memory-budget-kib", 8, Integer.MAX_VALUE,
          a.memoryBudgetKib());
      Integer timeout = optionalInteger("admission.timeout-millis", 0, 600_000, a.timeoutMillis());
      if (budget != null && timeout != null) {
        builder.admission(new AdmissionPolicy(budget, timeout));
      }
      CachePolicy c = CachePolicy.defaults();
      Boolean cacheEnabled = optionalBoolean("cache.enabled", c.enabled());
      Integer ttl = optionalInteger("cache.ttl-seconds", 1, 86_400, c.ttlSeconds());
      Integer cacheEntries = optionalInteger("cache.max-entries", 1, 10_000_000, c.maxEntries());
      if (cacheEnabled != null && ttl != null && cacheEntries != null) {
        builder.cache(new CachePolicy(cacheEnabled, ttl, cacheEntries));
      }
      StoreCallPolicy calls = StoreCallPolicy.defaults();
      Integer callTimeout = optionalInteger("store.call-timeout-millis", 1, 600_000,
          calls.timeoutMillis());
      Integer callsInFlight = optionalInteger("store.max-calls-in-flight", 1, 1_024,
          calls.maxCallsInFlight());
      if (callTimeout != null && callsInFlight != null) {
        builder.storeCalls(new StoreCallPolicy(callTimeout, callsInFlight));
      }
    }

    private void interpretFleet() {
      Integer heartbeat = optionalInteger("fleet.heartbeat-seconds", 1, 3_600,
          FleetPolicy.DEFAULT_HEARTBEAT_SECONDS);
      Integer expiry = optionalInteger("fleet.expiry-seconds", 2, 86_400,
          FleetPolicy.DEFAULT_EXPIRY_SECONDS);
      if (heartbeat != null && expiry != null) {
        if (expiry < 2L * heartbeat) {
          Setting setting = settings.get("fleet.expiry-seconds");
          problems.add(new ConfigProblem("fleet.expiry-seconds",
              setting != null ? setting.origin : missingOrigin, Integer.toString(expiry),
              "is less than twice fleet.heartbeat-seconds = " + heartbeat
                  + ", so one late beat would drop a live instance",
              "at least " + 2 * heartbeat));
        } else {
          builder.fleet(new FleetPolicy(heartbeat, expiry));
        }
      }
    }

    /** true or false, exactly; anything else is a problem, not a default. */
    private @Nullable Boolean optionalBoolean(String key, boolean defaultValue) {
      Setting setting = settings.get(key);
      if (setting == null) {
        return defaultValue;
      }
      builder.origin(key, setting.origin);
      if (setting.value.equals("true") || setting.value.equals("false")) {
        return Boolean.valueOf(setting.value);
      }
      problems.add(new ConfigProblem(key, setting.origin, setting.value, "is not true or false",
          "true or false, in lower case"));
      return null;
    }

    private void interpretTelemetry() {
      TelemetryPolicy d = TelemetryPolicy.defaults();
      Integer window = optionalInteger("telemetry.window-seconds", 1, 86_400, d.windowSeconds());
      Integer buckets = optionalInteger("telemetry.buckets", 1, 3_600, d.buckets());
      Integer minVolume = optionalInteger("telemetry.min-volume", 1, Integer.MAX_VALUE,
          d.minVolume());
      Integer factor = optionalInteger("telemetry.failure-share-factor-percent", 101, 10_000,
          d.failureShareFactorPercent());
      Integer margin = optionalInteger("telemetry.failure-share-margin-percent", 1, 100,
          d.failureShareMarginPercent());
      Integer initial = optionalInteger("telemetry.initial-failure-share-percent", 0, 100,
          d.initialFailureSharePercent());
      Integer systemCount = optionalInteger("telemetry.system-min-count", 1, Integer.MAX_VALUE,
          d.systemMinCount());
      Integer systemShare = optionalInteger("telemetry.system-share-percent", 1, 100,
          d.systemSharePercent());
      Integer warn = optionalInteger("telemetry.warn-interval-seconds", 0, 86_400,
          d.warnIntervalSeconds());
      Integer queue = optionalInteger("telemetry.listener-queue-capacity", 1, 10_000_000,
          d.listenerQueueCapacity());
      if (window != null && buckets != null && minVolume != null && factor != null
          && margin != null && initial != null && systemCount != null && systemShare != null
          && warn != null && queue != null) {
        try {
          builder.telemetry(new TelemetryPolicy(window, buckets, minVolume, factor, margin,
              initial, systemCount, systemShare, warn, queue));
        } catch (IllegalArgumentException e) {
          Setting setting = settings.get("telemetry.window-seconds");
          problems.add(new ConfigProblem("telemetry.window-seconds",
              setting == null ? missingOrigin : setting.origin,
              Integer.toString(window), String.valueOf(e.getMessage()), null));
        }
      }
      Setting usernameKey = settings.get("telemetry.username-hash-key");
      if (usernameKey != null) {
        Secret secret = resolveSecret(usernameKey, true);
        if (secret != null) {
          builder.usernameHashKey(secret).origin(usernameKey.key, usernameKey.origin);
        }
      }
    }

    private void interpretPasswordPolicy() {
      Integer minCodePoints =
          optionalInteger("password.min-code-points", PasswordPolicy.MIN_CODE_POINTS_FLOOR,
              PasswordPolicy.MIN_CODE_POINTS_CEILING, PasswordPolicy.defaults().minCodePoints());
      List<String> words = new ArrayList<>();
      int problemsBefore = problems.size();
      Setting setting = settings.get("password.context-words");
      if (setting != null) {
        builder.origin(setting.key, setting.origin);
        Set<String> seen = new HashSet<>();
        for (String part : setting.value.split(",", -1)) {
          String word = part.strip();
          String problem = PasswordPolicy.contextWordProblem(word);
          if (problem != null) {
            problems.add(new ConfigProblem(setting.key, setting.origin, setting.value,
                "context word \"" + word + "\" " + problem,
                "a comma-separated list, e.g. password.context-words = portcullis, example corp"));
          } else if (!seen.add(word.toLowerCase(Locale.ROOT))) {
            problems.add(new ConfigProblem(setting.key, setting.origin, setting.value,
                "context word \"" + word + "\" is given twice (ignoring case)", "keep one"));
          } else {
            words.add(word);
          }
        }
        if (words.size() > PasswordPolicy.MAX_CONTEXT_WORDS) {
          problems.add(new ConfigProblem(setting.key, setting.origin, setting.value,
              "has " + words.size() + " words, at most " + PasswordPolicy.MAX_CONTEXT_WORDS
                  + " are allowed", null));
        }
      }
      if (minCodePoints != null && problems.size() == problemsBefore) {
        builder.passwordPolicy(new PasswordPolicy(minCodePoints, words));
      }
    }

    private void interpretLegacySchemes() {
      Setting setting = settings.get("hashing.legacy-schemes");
      if (setting == null) {
        return;
      }
      builder.origin(setting.key, setting.origin);
      Set<String> ids = new java.util.LinkedHashSet<>();
      for (String part : setting.value.split(",", -1)) {
        String id = part.strip();
        if (!LEGACY_SCHEME_ID.matcher(id).matches()) {
          problems.add(new ConfigProblem(setting.key, setting.origin, setting.value,
              "scheme id \"" + id + "\" is not a scheme id",
              "a comma-separated list of scheme ids, e.g. 2b, pbkdf2_sha256, 6"));
        } else if (!ids.add(id)) {
          problems.add(new ConfigProblem(setting.key, setting.origin, setting.value,
              "scheme id \"" + id + "\" is given twice", "keep one"));
        }
      }
      builder.legacySchemes(ids);
    }

    private void interpretStore() {
      Setting type = settings.get("store.type");
      Set<String> h2Keys = Set.of("store.h2.directory");
      Set<String> jdbcKeys = Set.of("store.jdbc.url", "store.jdbc.user", "store.jdbc.password");
      Integer connect = optionalInteger("store.connect-timeout-seconds", 1, 3_600,
          StorePolicy.DEFAULT_TIMEOUT_SECONDS);
      Integer query = optionalInteger("store.query-timeout-seconds", 1, 3_600,
          StorePolicy.DEFAULT_TIMEOUT_SECONDS);
      String kind = type == null ? "none" : type.value;
      if (type != null) {
        builder.origin(type.key, type.origin);
      }
      StorePolicy store = null;
      switch (kind) {
        case "none":
        case "memory":
          notApplicable(h2Keys, "store.type = " + kind);
          notApplicable(jdbcKeys, "store.type = " + kind);
          store = kind.equals("none") ? StorePolicy.none() : StorePolicy.memory();
          break;
        case "h2":
          notApplicable(jdbcKeys, "store.type = h2");
          Setting directory = required("store.h2.directory",
              "a directory for the database files, relative to this file, e.g. data");
          if (directory != null) {
            builder.origin(directory.key, directory.origin);
            try {
              Path path = Path.of(directory.value);
              if (!path.isAbsolute() && configDirectory != null) {
                path = configDirectory.resolve(path); // relative to the config file, not the cwd
              }
              store = StorePolicy.h2(path.normalize());
            } catch (RuntimeException e) {
              problems.add(new ConfigProblem(directory.key, directory.origin, directory.value,
                  "is not a valid path", null));
            }
          }
          break;
        case "jdbc":
          notApplicable(h2Keys, "store.type = jdbc");
          Setting url = required("store.jdbc.url",
              "e.g. jdbc:postgresql://db.internal:5432/auth");
          if (url != null) {
            builder.origin(url.key, url.origin);
            if (!url.value.startsWith("jdbc:")) {
              problems.add(new ConfigProblem(url.key, url.origin, StorePolicy.redact(url.value),
                  "is not a JDBC URL", "it starts with jdbc:, e.g. jdbc:postgresql://host/db"));
            } else if (StorePolicy.embedsPassword(url.value)) {
              problems.add(new ConfigProblem(url.key, url.origin, StorePolicy.redact(url.value),
                  "embeds a password; secrets are never written inline",
                  "store.jdbc.password = env:NAME or file:/path"));
            } else {
              Setting user = settings.get("store.jdbc.user");
              Setting password = settings.get("store.jdbc.password");
              Secret secret = null;
              if (user != null) {
                builder.origin(user.key, user.origin);
              }
              if (password != null) {
                secret = resolveSecret(password, false);
                builder.origin(password.key, password.origin);
              }
              if (password == null || secret != null) {
                store = StorePolicy.jdbc(url.value, user == null ? null : user.value, secret);
              }
            }
          }
          break;
        default:
          Setting given = requireNonNull(type);
          problems.add(new ConfigProblem(given.key, given.origin, given.value,
              "is not a store type", "none, memory, h2 or jdbc"));
      }
      if (store != null && connect != null && query != null) {
        builder.store(store.withTimeouts(connect, query));
      }
    }

    private void interpretPreflight() {
      PreflightPolicy d = PreflightPolicy.defaults();
      Set<PreflightPolicy.Check> onCreate = checks("preflight.on-create", d.onCreate());
      Set<PreflightPolicy.Check> warnOnly = checks("preflight.warn-only", d.warnOnly());
      Integer timeout = optionalInteger("preflight.store-timeout-millis", 1, 600_000,
          d.storeTimeoutMillis());
      Integer sample = null;
      Setting sampleSetting = settings.get("preflight.inventory-sample");
      if (sampleSetting == null || sampleSetting.value.equals("all")) {
        sample = 0;
        if (sampleSetting != null) {
          builder.origin(sampleSetting.key, sampleSetting.origin);
        }
      } else {
        sample = optionalInteger("preflight.inventory-sample", 1, Integer.MAX_VALUE, 0);
      }
      Map<String, Setting> usernames = new TreeMap<>();
      Map<String, Setting> passwords = new TreeMap<>();
      for (Setting setting : settings.values()) {
        java.util.regex.Matcher matcher = CANARY_KEY.matcher(setting.key);
        if (matcher.matches()) {
          (matcher.group(2).equals("username") ? usernames : passwords)
              .put(matcher.group(1), setting);
        } else if (isCanaryKey(setting.key)) {
          problems.add(new ConfigProblem(setting.key, setting.origin, display(setting.key, setting.value),
              "is not a canary setting",
              "preflight.canary.<name>.username and .password, the name of a-z 0-9 -"));
        }
      }
      List<PreflightPolicy.Canary> canaries = new ArrayList<>();
      Set<String> names = new TreeSet<>(usernames.keySet());
      names.addAll(passwords.keySet());
      for (String name : names) {
        Setting username = usernames.get(name);
        Setting password = passwords.get(name);
        if (username == null || password == null) {
          Setting given = username == null ? requireNonNull(password) : username;
          String missing = CANARY + name + (username == null ? ".username" : ".password");
          problems.add(new ConfigProblem(missing, given.origin, null, "is required",
              "a canary needs both a username and a password reference"));
          continue;
        }
        builder.origin(username.key, username.origin).origin(password.key, password.origin);
        Secret secret = resolveSecret(password, false);
        if (secret != null) {
          canaries.add(new PreflightPolicy.Canary(name, username.value, secret));
        }
      }
      if (onCreate != null && warnOnly != null && timeout != null && sample != null) {
        builder.preflight(new PreflightPolicy(onCreate, warnOnly, timeout, sample, canaries));
      }
    }

    private @Nullable Set<PreflightPolicy.Check> checks(
        String key, Set<PreflightPolicy.Check> defaultValue) {
      Setting setting = settings.get(key);
      if (setting == null) {
        return defaultValue;
      }
      builder.origin(key, setting.origin);
      if (setting.value.equals("none")) {
        return Set.of();
      }
      Set<PreflightPolicy.Check> checks = java.util.EnumSet.noneOf(PreflightPolicy.Check.class);
      Set<String> ids = new TreeSet<>();
      for (PreflightPolicy.Check check : PreflightPolicy.Check.values()) {
        ids.add(check.id());
      }
      boolean valid = true;
      for (String part : setting.value.split(",", -1)) {
        String id = part.strip();
        PreflightPolicy.Check check = PreflightPolicy.Check.byId(id).orElse(null);
        if (check == null) {
          valid = false;
          problems.add(new ConfigProblem(key, setting.origin, setting.value,
              "\"" + id + "\" is not a preflight check",
              didYouMean(id, ids) + "; checks: " + String.join(", ", ids) + ", or none"));
        } else {
          checks.add(check);
        }
      }
      return valid ? checks : null;
    }

    private void interpretPepper() {
      Setting mode = required("pepper", "none, or keyring with pepper.current-key and pepper.keys.<id>");
      List<Setting> keySettings = new ArrayList<>();
      settings.values().stream().filter(s -> isPepperKey(s.key)).forEach(keySettings::add);
      if (mode == null) {
        return;
      }
      builder.origin("pepper", mode.origin);
      if (mode.value.equals("none")) {
        notApplicable(Set.of("pepper.current-key"), "pepper = none");
        keySettings.forEach(
            key ->
                problems.add(
                    new ConfigProblem(key.key, key.origin, display(key.key, key.value),
                        "does not apply to pepper = none", "remove it, or set pepper = keyring")));
        Set<String> retired = retiredKeys();
        if (retired != null) {
          builder.pepper(PepperPolicy.none().withRetiredKeys(retired));
        }
        return;
      }
      if (!mode.value.equals("keyring")) {
        problems.add(
            new ConfigProblem(mode.key, mode.origin, mode.value, "must be none or keyring", null));
        return;
      }
      Setting current = required("pepper.current-key", "the id new hashes are peppered with");
      if (keySettings.isEmpty()) {
        problems.add(
            new ConfigProblem("pepper.keys.<id>", mode.origin, null, "a keyring needs at least one key",
                "pepper.keys.k1 = env:PEPPER_K1 or file:/run/secrets/pepper-k1"));
      }
      int problemsBefore = problems.size();
      Map<String, Secret> keys = new TreeMap<>();
      Set<String> declaredIds = new TreeSet<>();
      // Every key is checked here, whether or not the others resolve, so that one run of
      // `authctl check` lists every keyring problem.
      for (Setting key : keySettings) {
        String id = key.key.substring(PEPPER_KEYS.length());
        declaredIds.add(id);
        if (!KEY_ID.matcher(id).matches()) {
          problems.add(new ConfigProblem(key.key, key.origin, id,
              "key id must be 1 to 32 characters of a-z 0-9 -, starting with a letter or digit",
              null));
        }
        Secret secret = resolveSecret(key, true);
        if (secret != null && secret.length() < PepperPolicy.MIN_KEY_BYTES) {
          problems.add(new ConfigProblem(key.key, key.origin, key.value,
              "pepper key is " + secret.length() + " bytes, at least "
                  + PepperPolicy.MIN_KEY_BYTES + " are required",
              "generate one with: openssl rand -base64 32"));
        } else if (secret != null) {
          keys.put(id, secret);
          builder.origin(key.key, key.origin);
        }
      }
      if (current != null && !keySettings.isEmpty() && !declaredIds.contains(current.value)) {
        problems.add(new ConfigProblem(current.key, current.origin, current.value,
            "is not in the keyring", "keyring ids: " + String.join(", ", declaredIds)));
      }
      Set<String> retired = retiredKeys();
      if (current != null && problems.size() == problemsBefore && !keySettings.isEmpty()
          && retired != null) {
        builder.origin("pepper.current-key", current.origin);
        builder.pepper(PepperPolicy.keyring(current.value, keys).withRetiredKeys(retired));
      }
    }

    /**
     * {@code pepper.retired-keys}: key ids given up on purpose, comma-separated (their users are
     * refused, and the preflight says how many); empty if the setting is absent, null if invalid.
     */
    private @Nullable Set<String> retiredKeys() {
      Setting setting = settings.get("pepper.retired-keys");
      if (setting == null) {
        return Set.of();
      }
      builder.origin(setting.key, setting.origin);
      Set<String> ids = new TreeSet<>();
      boolean valid = true;
      for (String part : setting.value.split(",", -1)) {
        String id = part.strip();
        if (!KEY_ID.matcher(id).matches()) {
          valid = false;
          problems.add(new ConfigProblem(setting.key, setting.origin, setting.value,
              "\"" + id + "\" is not a key id",
              "key ids separated by commas, each 1 to 32 characters of a-z 0-9 -"));
        } else {
          ids.add(id);
        }
      }
      return valid ? ids : null;
    }

    /**
     * Resolves {@code env:NAME} or {@code file:/path}: to the base64-decoded key, or with {@code
     * base64} false to the UTF-8 bytes of the text (a database or canary password).
     */
    private @Nullable Secret resolveSecret(Setting setting, boolean base64) {
      String reference = setting.value;
      byte[] raw;
      if (reference.startsWith("env:") && reference.length() > 4) {
        String value = environment.get(reference.substring(4));
        if (value == null) {
          problems.add(secretProblem(setting, "is not set"));
          return null;
        }
        raw = value.getBytes(UTF_8);
      } else if (reference.startsWith("file:") && reference.length() > 5) {
        try {
          Path path = Path.of(reference.substring(5));
          if (!path.isAbsolute() && configDirectory != null) {
            path = configDirectory.resolve(path); // relative to the config file, not the cwd
          }
          if (Files.size(path) > MAX_SECRET_FILE_BYTES) {
            problems.add(secretProblem(setting, "is larger than " + MAX_SECRET_FILE_BYTES
                + " bytes; a key file holds one base64 line"));
            return null;
          }
          raw = Files.readAllBytes(path);
        } catch (IOException | RuntimeException e) {
          problems.add(secretProblem(setting, "cannot be read (" + e.getClass().getSimpleName() + ")"));
          return null;
        }
      } else {
        problems.add(
            new ConfigProblem(setting.key, setting.origin, ConfigProblem.REDACTED,
                "must be a reference, env:NAME or file:/path; secrets are never written inline",
                null));
        return null;
      }
      int length = raw.length;
      if (length > 0 && raw[length - 1] == '\n') {
        length--;
        if (length > 0 && raw[length - 1] == '\r') {
          length--;
        }
      }
      if (length == 0) {
        Arrays.fill(raw, (byte) 0);
        problems.add(secretProblem(setting, "is empty"));
        return null;
      }
      byte[] text = Arrays.copyOf(raw, length);
      Arrays.fill(raw, (byte) 0);
      if (!base64) {
        try {
          return Secret.of(text, reference);
        } finally {
          Arrays.fill(text, (byte) 0);
        }
      }
      try {
        byte[] key = Base64.getDecoder().decode(text);
        try {
          return Secret.of(key, reference);
        } finally {
          Arrays.fill(key, (byte) 0);
        }
      } catch (IllegalArgumentException e) {
        problems.add(secretProblem(setting, "does not hold base64 (openssl rand -base64 32)"));
        return null;
      } finally {
        Arrays.fill(text, (byte) 0);
      }
    }

    private ConfigProblem secretProblem(Setting setting, String what) {
      return new ConfigProblem(setting.key, setting.origin, setting.value,
          setting.value + " " + what, null);
    }

    private void notApplicable(Set<String> keys, String because) {
      for (String key : new TreeSet<>(keys)) {
        Setting setting = settings.get(key);
        if (setting != null) {
          problems.add(
              new ConfigProblem(key, setting.origin, display(key, setting.value),
                  "does not apply to " + because, "remove it"));
        }
      }
    }

    private void overCap(String key, int value, String capKey, int cap) {
      Setting setting = settings.get(key);
      if (setting != null && value > cap) {
        problems.add(new ConfigProblem(key, setting.origin, setting.value,
            "exceeds " + capKey + " = " + cap + ", so the hashes written could not be verified",
            "lower " + key + " or raise " + capKey));
      }
    }

    private void recordOrigin(String key, Setting from) {
      builder.origin(key, from.origin);
    }

    private @Nullable Setting required(String key, String hint) {
      Setting setting = settings.get(key);
      if (setting == null) {
        problems.add(new ConfigProblem(key, missingOrigin, null, "is required", hint));
      }
      return setting;
    }

    private @Nullable Integer requiredInteger(String key, int min, int max, String hint) {
      Setting setting = required(key, hint);
      if (setting == null) {
        return null;
      }
      builder.origin(key, setting.origin);
      return integer(setting, min, max);
    }

    private @Nullable Integer optionalInteger(String key, int min, int max, int defaultValue) {
      Setting setting = settings.get(key);
      if (setting == null) {
        return defaultValue;
      }
      builder.origin(key, setting.origin);
      return integer(setting, min, max);
    }

    /** A whole number in range, or null after recording the problem; nothing is clamped. */
    private @Nullable Integer integer(Setting setting, int min, int max) {
      String range = "a whole number from " + min + " to " + max;
      if (!setting.value.matches("0|-?[1-9][0-9]*")) {
        problems.add(new ConfigProblem(setting.key, setting.origin, setting.value,
            "is not a whole number (digits only, no leading zeros)", range));
        return null;
      }
      if (setting.value.length() > 11) {
        problems.add(new ConfigProblem(setting.key, setting.origin, setting.value,
            "is out of range", range));
        return null;
      }
      long value = Long.parseLong(setting.value);
      if (value < min || value > max) {
        problems.add(new ConfigProblem(setting.key, setting.origin, setting.value,
            "is out of range", range));
        return null;
      }
      return (int) value;
    }
  }

  private static boolean isCanaryKey(String key) {
    return key.startsWith(CANARY) && key.length() > CANARY.length();
  }

  /** {@code PORTCULLIS_PREFLIGHT_CANARY_<NAME>_USERNAME} to its key, or null. */
  private static @Nullable String canaryKeyOf(String environmentPrefix, String variable) {
    String prefix = environmentName(environmentPrefix, CANARY);
    for (String field : List.of("USERNAME", "PASSWORD")) {
      String suffix = "_" + field;
      if (variable.startsWith(prefix) && variable.endsWith(suffix)
          && variable.length() > prefix.length() + suffix.length()) {
        String name = variable.substring(prefix.length(), variable.length() - suffix.length());
        return CANARY + name.toLowerCase(Locale.ROOT).replace('_', '-') + "."
            + field.toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  private static boolean isPepperKey(String key) {
    return key.startsWith(PEPPER_KEYS) && key.length() > PEPPER_KEYS.length();
  }

  /** Values of unknown and secret keys are not echoed: they may be inline secrets. */
  private static String display(String key, String value) {
    if (isPepperKey(key) || key.equals("telemetry.username-hash-key")
        || key.equals("store.jdbc.password") || isCanaryKey(key) && key.endsWith(".password")) {
      return value.startsWith("env:") || value.startsWith("file:") ? value : ConfigProblem.REDACTED;
    }
    if (!KEYS.contains(key) && !CANARY_KEY.matcher(key).matches()) {
      return ConfigProblem.REDACTED; // a misspelled secret key may hold an inline secret
    }
    if (key.equals("store.jdbc.url")) {
      return StorePolicy.redact(value);
    }
    return value;
  }

  /** "did you mean X?" for the nearest candidate by edit distance, if one is close enough. */
  static String didYouMean(String wrong, Set<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = editDistance(wrong, candidate);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    if (best != null && bestDistance <= Math.max(3, wrong.length() / 3)) {
      return "did you mean " + best + "?";
    }
    return "see the documented keys in examples/auth.properties";
  }

  static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
