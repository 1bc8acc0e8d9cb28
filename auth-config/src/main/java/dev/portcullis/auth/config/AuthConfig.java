package dev.portcullis.auth.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The complete, immutable configuration of a Portcullis authenticator.
 *
 * <p>Built only through {@link #builder()}; {@link Builder#build()} checks every field and every
 * cross-field rule and throws one {@link ConfigException} listing all problems. Nothing is ever
 * clamped or corrected, and security choices (the revision, the hashing policy, the pepper) have
 * no defaults.
 *
 * <pre>{@code
 * AuthConfig config = AuthConfig.builder()
 *     .revision("2026-11-26.1")
 *     .hashing(HashingPolicy.argon2id(19_456, 2, 1))
 *     .pepper(PepperPolicy.none())
 *     .build();
 * }</pre>
 */
public final class AuthConfig {

  private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._:+-]{1,64}");

  private final String revision;
  private final HashingPolicy hashing;
  private final PepperPolicy pepper;
  private final HashParameterCaps hashCaps;
  private final InputLimits inputLimits;
  private final @Nullable String weakHashingReason;

  private AuthConfig(Builder builder) {
    this.revision = requireNonNull(builder.revision);
    this.hashing = requireNonNull(builder.hashing);
    this.pepper = requireNonNull(builder.pepper);
    this.hashCaps = builder.hashCaps;
    this.inputLimits = builder.inputLimits;
    this.weakHashingReason = builder.weakHashingReason;
  }

  /** A builder with nothing set; revision, hashing and pepper are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's settings, to derive a changed config. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.revision = revision;
    builder.hashing = hashing;
    builder.pepper = pepper;
    builder.hashCaps = hashCaps;
    builder.inputLimits = inputLimits;
    builder.weakHashingReason = weakHashingReason;
    return builder;
  }

  /** Which configuration is live, e.g. {@code 2026-11-26.1}; logged at start-up. */
  public String revision() {
    return revision;
  }

  /** How new passwords are hashed, and what stored hashes are upgraded to on login. */
  public HashingPolicy hashing() {
    return hashing;
  }

  /** The pepper policy. */
  public PepperPolicy pepper() {
    return pepper;
  }

  /** Bounds on parameters read from stored hashes. */
  public HashParameterCaps hashCaps() {
    return hashCaps;
  }

  /** Bounds on submitted usernames and passwords. */
  public InputLimits inputLimits() {
    return inputLimits;
  }

  /**
   * Why the hashing policy may be below the OWASP/ASVS floors, when that was explicitly allowed.
   */
  public Optional<String> weakHashingReason() {
    return Optional.ofNullable(weakHashingReason);
  }

  @Override
  public String toString() {
    return "AuthConfig[revision="
        + revision
        + ", hashing="
        + hashing
        + ", pepper="
        + pepper
        + ", hashCaps="
        + hashCaps
        + ", inputLimits="
        + inputLimits
        + (weakHashingReason == null ? "" : ", weakHashingAllowedBecause=" + weakHashingReason)
        + "]";
  }

  /**
   * Collects settings; {@link #build()} validates them all at once. Setters reject only null
   * (a programming error); every other problem is reported by {@code build()}.
   */
  public static final class Builder {
    private @Nullable String revision;
    private @Nullable HashingPolicy hashing;
    private @Nullable PepperPolicy pepper;
    private HashParameterCaps hashCaps = HashParameterCaps.defaults();
    private InputLimits inputLimits = InputLimits.defaults();
    private @Nullable String weakHashingReason;

    private Builder() {}

    /**
     * Sets the revision that identifies this configuration in logs and reports (required).
     *
     * @throws NullPointerException if {@code revision} is null
     */
    public Builder revision(String revision) {
      this.revision = requireNonNull(revision, "revision");
      return this;
    }

    /**
     * Sets how new passwords are hashed (required).
     *
     * @throws NullPointerException if {@code hashing} is null
     */
    public Builder hashing(HashingPolicy hashing) {
      this.hashing = requireNonNull(hashing, "hashing");
      return this;
    }

    /**
     * Sets the pepper policy (required; {@link PepperPolicy#none()} to say there is none).
     *
     * @throws NullPointerException if {@code pepper} is null
     */
    public Builder pepper(PepperPolicy pepper) {
      this.pepper = requireNonNull(pepper, "pepper");
      return this;
    }

    /**
     * Sets the caps on stored-hash parameters (default {@link HashParameterCaps#defaults()}).
     *
     * @throws NullPointerException if {@code hashCaps} is null
     */
    public Builder hashCaps(HashParameterCaps hashCaps) {
      this.hashCaps = requireNonNull(hashCaps, "hashCaps");
      return this;
    }

    /**
     * Sets the input limits (default {@link InputLimits#defaults()}).
     *
     * @throws NullPointerException if {@code inputLimits} is null
     */
    public Builder inputLimits(InputLimits inputLimits) {
      this.inputLimits = requireNonNull(inputLimits, "inputLimits");
      return this;
    }

    /**
     * Allows a hashing policy below the OWASP/ASVS floors, recording why (for example a test
     * environment, or hardware that cannot afford more). Without this, such a policy is a
     * configuration problem.
     *
     * @throws NullPointerException if {@code reason} is null
     */
    public Builder allowWeakHashing(String reason) {
      this.weakHashingReason = requireNonNull(reason, "reason");
      return this;
    }

    /**
     * Validates every setting and builds the config.
     *
     * @throws ConfigException listing every problem found
     */
    public AuthConfig build() {
      List<ConfigProblem> problems = new ArrayList<>();
      checkRevision(problems);
      if (hashing == null) {
        problems.add(
            missing(
                "hashing",
                "e.g. HashingPolicy.argon2id(19456, 2, 1), the OWASP minimum row"));
      } else {
        checkHashingAgainstFloors(hashing, problems);
        checkHashingWithinCaps(hashing, problems);
      }
      if (pepper == null) {
        problems.add(missing("pepper", "PepperPolicy.none() if the deployment has no pepper"));
      }
      if (inputLimits.maxPasswordChars() < InputLimits.MIN_ALLOWED_PASSWORD_CHARS) {
        problems.add(
            new ConfigProblem(
                "input.max-password-chars",
                ConfigProblem.CODE,
                Integer.toString(inputLimits.maxPasswordChars()),
                "must allow passwords of at least 64 characters (OWASP ASVS 6.2.9)",
                "use 64 or more; the default is 1024"));
      }
      if (weakHashingReason != null && weakHashingReason.isBlank()) {
        problems.add(
            new ConfigProblem(
                "hashing.allow-weak-reason",
                ConfigProblem.CODE,
                "",
                "must say why weak hashing is allowed",
                null));
      }
      if (!problems.isEmpty()) {
        throw new ConfigException(problems);
      }
      return new AuthConfig(this);
    }

    private void checkRevision(List<ConfigProblem> problems) {
      if (revision == null) {
        problems.add(missing("revision", "name the config that is live, e.g. 2026-11-26.1"));
      } else if (!REVISION.matcher(revision).matches()) {
        problems.add(
            new ConfigProblem(
                "revision",
                ConfigProblem.CODE,
                revision,
                "must be 1 to 64 characters of A-Z a-z 0-9 . _ : + -",
                null));
      }
    }

    /** OWASP Password Storage Cheat Sheet and ASVS 5.0 Appendix C. */
    private void checkHashingAgainstFloors(HashingPolicy policy, List<ConfigProblem> problems) {
      if (weakHashingReason != null) {
        return;
      }
      if (policy instanceof Argon2idPolicy) {
        Argon2idPolicy argon2 = (Argon2idPolicy) policy;
        int floorKib =
            argon2.iterations() == 1 ? 47_104 : argon2.iterations() == 2 ? 19_456 : 12_288;
        if (argon2.memoryKib() < floorKib) {
          problems.add(
              new ConfigProblem(
                  "hashing.argon2id.memory-kib",
                  ConfigProblem.CODE,
                  Integer.toString(argon2.memoryKib()),
                  "is below the ASVS floor of "
                      + floorKib
                      + " KiB for t="
                      + argon2.iterations(),
                  "OWASP rows: m=47104 t=1, m=19456 t=2, m=12288 t=3; or allowWeakHashing(reason)"));
        }
      } else if (policy instanceof Pbkdf2Policy) {
        Pbkdf2Policy pbkdf2 = (Pbkdf2Policy) policy;
        int floor = pbkdf2.digest() == Pbkdf2Policy.Digest.SHA256 ? 600_000 : 210_000;
        if (pbkdf2.iterations() < floor) {
          problems.add(
              new ConfigProblem(
                  "hashing." + pbkdf2.schemeId() + ".iterations",
                  ConfigProblem.CODE,
                  Integer.toString(pbkdf2.iterations()),
                  "is below the floor of " + floor + " iterations",
                  "OWASP: 600000 for SHA-256, ASVS: 210000 for SHA-512; or allowWeakHashing(reason)"));
        }
      }
    }

    /** The engine must be able to verify what it writes. */
    private void checkHashingWithinCaps(HashingPolicy policy, List<ConfigProblem> problems) {
      if (policy instanceof Argon2idPolicy) {
        Argon2idPolicy argon2 = (Argon2idPolicy) policy;
        overCap(problems, "hashing.argon2id.memory-kib", argon2.memoryKib(),
            "hashing.caps.max-argon2-memory-kib", hashCaps.maxArgon2MemoryKib());
        overCap(problems, "hashing.argon2id.iterations", argon2.iterations(),
            "hashing.caps.max-argon2-iterations", hashCaps.maxArgon2Iterations());
        overCap(problems, "hashing.argon2id.parallelism", argon2.parallelism(),
            "hashing.caps.max-argon2-parallelism", hashCaps.maxArgon2Parallelism());
        overCap(problems, "hashing.argon2id.salt-bytes", argon2.saltBytes(),
            "hashing.caps.max-salt-bytes", hashCaps.maxSaltBytes());
        overCap(problems, "hashing.argon2id.tag-bytes", argon2.tagBytes(),
            "hashing.caps.max-hash-bytes", hashCaps.maxHashBytes());
      } else if (policy instanceof Pbkdf2Policy) {
        Pbkdf2Policy pbkdf2 = (Pbkdf2Policy) policy;
        String prefix = "hashing." + pbkdf2.schemeId();
        overCap(problems, prefix + ".iterations", pbkdf2.iterations(),
            "hashing.caps.max-pbkdf2-iterations", hashCaps.maxPbkdf2Iterations());
        overCap(problems, prefix + ".salt-bytes", pbkdf2.saltBytes(),
            "hashing.caps.max-salt-bytes", hashCaps.maxSaltBytes());
        overCap(problems, prefix + ".key-bytes", pbkdf2.keyBytes(),
            "hashing.caps.max-hash-bytes", hashCaps.maxHashBytes());
      }
    }

    private static void overCap(
        List<ConfigProblem> problems, String key, int value, String capKey, int cap) {
      if (value > cap) {
        problems.add(
            new ConfigProblem(
                key,
                ConfigProblem.CODE,
                Integer.toString(value),
                "exceeds " + capKey + " = " + cap + ", so the hashes written could not be verified",
                "lower " + key + " or raise " + capKey));
      }
    }

    private static ConfigProblem missing(String key, String hint) {
      return new ConfigProblem(key, ConfigProblem.CODE, null, "is required", hint);
    }
  }
}
