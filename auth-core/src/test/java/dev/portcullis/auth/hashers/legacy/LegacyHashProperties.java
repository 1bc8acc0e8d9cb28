package dev.portcullis.auth.hashers.legacy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.PasswordHashers;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import dev.portcullis.auth.spi.UnverifiableHashException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Properties of the legacy hash parsers (bcrypt, sha-crypt, Django, Spring Security, the prefixed
 * Argon2 formats and the wrapped {@code $wrap-<id>$} format): no string, however broken, makes
 * {@code verify} throw anything but {@link UnverifiableHashException}; {@code checkEncoded} refuses
 * exactly the strings {@code verify} refuses, for the same reason; and no single-character
 * mutation of a tool-written hash verifies with the tool's password.
 */
final class LegacyHashProperties {

  private static final HashParameterCaps CAPS = HashParameterCaps.defaults();
  private static final PasswordHashers HASHERS =
      PasswordHashers.builtIn().withLegacySchemes(PasswordHashers.legacySchemeIds());
  /** The legacy hashers alone, each tried on every string, not only the ones it claims. */
  private static final List<PasswordHasher> LEGACY =
      HASHERS.all().stream()
          .filter(h -> h.getClass().getPackageName().equals(LegacyHashProperties.class.getPackageName()))
          .toList();
  private static final PasswordHasher ARGON2 = HASHERS.forEncodedHash("$argon2id$").orElseThrow();
  private static final HashingPolicy SMALL = HashingPolicy.argon2id(64, 1, 1);

  /** Tool-written vectors cheap enough to verify a few hundred times (no cost-10+ bcrypt etc.). */
  private static final List<LegacyVectors> CHEAP =
      LegacyVectors.all().stream().filter(LegacyHashProperties::cheap).toList();
  /** The cheap wrappable vectors, each wrapped once under a small Argon2id policy. */
  private static final List<LegacyVectors> WRAPPED =
      CHEAP.stream()
          .filter(v -> WrappedLegacyHasher.WRAPPABLE.contains(v.schemeId()))
          .map(v -> new LegacyVectors("wrap-" + v.schemeId(), v.tool() + ", wrapped", v.password(),
              WrappedLegacyHasher.wrap(v.schemeId(), v.encoded(), ARGON2, SMALL)))
          .toList();

  /** Every format's alphabet and separators, whitespace, controls and non-ASCII characters. */
  private static final String HOSTILE_CHARS =
      "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+=$${}@_-,: \t\n\u0000"
          + "\u00a0äé€İı٣\ud83d\udd12\ud83d";

  static boolean cheap(LegacyVectors vector) {
    String encoded = vector.encoded();
    return !encoded.contains("$10$")
        && !encoded.contains("$12$")
        && !encoded.contains("$260000$")
        && !encoded.contains("m=102400");
  }

  // ------------------------------------------------------------------ arbitrary strings

  @Property(tries = 500)
  void verify_anyString_returnsOrRefusesAsCheckEncodedDoes(
      @ForAll("hostileEncodings") String encoded, @ForAll("passwords") String password) {
    List<PasswordHasher> hashers = new ArrayList<>(LEGACY);
    Optional<PasswordHasher> claimed = HASHERS.forEncodedHash(encoded);
    Statistics.label("claimed by").collect(claimed.map(PasswordHasher::name).orElse("none"));
    claimed.ifPresent(h -> {
      if (!hashers.contains(h)) {
        hashers.add(h);
      }
    });
    for (PasswordHasher hasher : hashers) {
      Outcome verified = verify(hasher, password, encoded);
      assertThat(check(hasher, encoded))
          .as("%s: checkEncoded agrees with verify on %s", hasher.name(), encoded)
          .isEqualTo(verified.refused());
      if (claimed.isPresent() && hasher == claimed.get()) {
        Statistics.label("claimed outcome").collect(verified.label());
      }
    }
    Statistics.label("claimed by").coverage(coverage -> coverage.check("none").percentage(p -> p < 60));
  }

  // ------------------------------------------------------------------ mutated tool vectors

  @Property(tries = 300)
  void verify_mutatedVector_neverMatchesTheToolsPassword(@ForAll("mutatedVectors") Mutant mutant) {
    mutatedNeverMatches(mutant);
  }

  // ------------------------------------------------------------------ wrapped vectors

  @Property(tries = 30)
  void verify_wrappedVector_matchesTheToolsPassword(@ForAll("wrappedVectors") LegacyVectors wrapped)
      throws UnverifiableHashException {
    PasswordHasher hasher = HASHERS.forEncodedHash(wrapped.encoded()).orElseThrow();
    assertThat(hasher).isInstanceOf(WrappedLegacyHasher.class);
    hasher.checkEncoded(wrapped.encoded(), CAPS);
    assertThat(hasher.verify(utf8(wrapped.password()), wrapped.encoded(), CAPS)).isTrue();
    assertThat(hasher.verify(utf8("x" + wrapped.password().substring(1)), wrapped.encoded(), CAPS)).isFalse();
  }

  @Property(tries = 300)
  void verify_mutatedWrappedVector_neverMatchesTheToolsPassword(
      @ForAll("mutatedWrappedVectors") Mutant mutant) {
    mutatedNeverMatches(mutant);
  }

  private static void mutatedNeverMatches(Mutant mutant) {
    Statistics.label("mutation").collect(mutant.kind);
    Statistics.label("scheme").collect(mutant.vector.schemeId());
    PasswordHasher original = HASHERS.forEncodedHash(mutant.vector.encoded()).orElseThrow();
    List<PasswordHasher> hashers = new ArrayList<>(List.of(original));
    HASHERS.forEncodedHash(mutant.mutated).filter(h -> h != original).ifPresent(hashers::add);
    for (PasswordHasher hasher : hashers) {
      Outcome verified = verify(hasher, mutant.vector.password(), mutant.mutated);
      assertThat(check(hasher, mutant.mutated))
          .as("%s: checkEncoded agrees with verify on %s", hasher.name(), mutant)
          .isEqualTo(verified.refused());
      if (keepsShaCryptMeaning(mutant.vector.encoded(), mutant.mutated)) {
        // the documented clamp (rounds below 1000 compute as 1000): "rounds=999" for
        // "rounds=1000" is the same setting, not a mutation
        Statistics.label("same meaning").collect("sha-crypt rounds");
        assertThat(verified.matched()).as("%s: %s", hasher.name(), mutant).isTrue();
      } else {
        assertThat(verified.matched())
            .as("%s verified %s with the original password", hasher.name(), mutant)
            .isFalse();
      }
      if (hasher == original) {
        Statistics.label("outcome").collect(verified.label());
      }
    }
    Statistics.label("outcome")
        .coverage(coverage -> {
          coverage.check("false").count(n -> n > 0);
          coverage.check("MALFORMED").count(n -> n > 0);
        });
  }

  /**
   * {@code $5$} or {@code $6$} (or their wrapped forms) that differ only in how the rounds are
   * written, not in the rounds computed: the specification computes a count below 1000 as 1000.
   * A count with a leading zero is not one of them: glibc and libxcrypt refuse it, and so does
   * Portcullis (malformed, never a match).
   */
  static boolean keepsShaCryptMeaning(String original, String mutated) {
    Matcher a = SHA_CRYPT.matcher(original);
    Matcher b = SHA_CRYPT.matcher(mutated);
    if (!a.matches() || !b.matches() || a.group(3) == null || b.group(3) == null) {
      return false;
    }
    return Objects.equals(a.group(1), b.group(1))
        && a.group(2).equals(b.group(2))
        && a.group(4).equals(b.group(4))
        && a.group(5).equals(b.group(5))
        && b.group(3).charAt(0) != '0'
        && Math.max(1000, Long.parseLong(a.group(3))) == Math.max(1000, Long.parseLong(b.group(3)));
  }

  private static final Pattern SHA_CRYPT =
      Pattern.compile(
          "(\\$wrap-[56]\\$)?\\$([56])\\$(?:rounds=([0-9]{1,10})\\$)?([./0-9A-Za-z]{1,16})(\\$.*)",
          Pattern.DOTALL);

  /**
   * The last character of a bcrypt salt (22 characters, 128 of 132 bits used) or checksum (31
   * characters, 184 of 186 bits used) changed to any other of bcrypt's alphabet: the variants
   * that decode to the same bytes are exactly the ones a byte comparison would accept.
   */
  @Property(tries = 200)
  void verify_bcryptLastCharacterOfSaltOrChecksumChanged_neverMatches(
      @ForAll("bcryptLastCharacters") Mutant mutant) {
    mutatedNeverMatches(mutant);
  }

  @Provide
  Arbitrary<Mutant> bcryptLastCharacters() {
    List<LegacyVectors> bcrypts =
        all().stream().filter(v -> v.encoded().contains("$2")).toList();
    return Combinators.combine(
            Arbitraries.of(bcrypts),
            Arbitraries.of(true, false),
            Arbitraries.of(BCRYPT_CHARS.toCharArray()))
        .as((vector, salt, c) -> {
          int start = vector.encoded().indexOf("$2");
          boolean wrapped = vector.schemeId().startsWith("wrap-");
          int position = start + (salt || wrapped ? 28 : 59);
          return new Mutant(vector, "change", position, c);
        })
        .filter(m -> !m.mutated.equals(m.vector.encoded()));
  }

  private static final String BCRYPT_CHARS =
      "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  // ------------------------------------------------------------------ generators

  @Provide
  Arbitrary<String> passwords() {
    return Arbitraries.oneOf(
        Arbitraries.of("correct horse battery staple", "pässwörd é", LegacyVectors.LONG_94),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(20));
  }

  @Provide
  Arbitrary<String> hostileEncodings() {
    Arbitrary<String> tails = Arbitraries.strings().withChars(HOSTILE_CHARS).ofMaxLength(90);
    Arbitrary<String> prefixes =
        Arbitraries.of(
            "$2a$", "$2b$05$", "$2y$04$", "$5$", "$6$rounds=", "pbkdf2_sha256$", "pbkdf2_sha1$1000$",
            "bcrypt_sha256$$2b$05$", "argon2$argon2id$v=19$m=", "{bcrypt}$2a$04$", "{argon2}$argon2id$",
            "{argon2@SpringSecurity_v5_8}$argon2id$v=19$", "{pbkdf2@SpringSecurity_v5_8}", "{noop}",
            "$wrap-2b$$2b$05$", "$wrap-6$$6$", "$wrap-pbkdf2_sha1$pbkdf2_sha1$1000$",
            "$wrap-5$$5$rounds=1000$saltsalt$v=19$m=64,t=1,p=1$");
    // a cheap vector cut anywhere, with a random tail: reaches the checks deep in each format
    Arbitrary<String> cutVectors =
        Combinators.combine(Arbitraries.of(all()), Arbitraries.doubles().between(0, 1), tails)
            .as((v, cut, tail) ->
                v.encoded().substring(0, (int) (cut * v.encoded().length())) + tail);
    return Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.strings().ofMaxLength(60)),
        Tuple.of(3, Combinators.combine(prefixes, tails).as((p, t) -> p + t)),
        Tuple.of(5, cutVectors));
  }

  @Provide
  Arbitrary<LegacyVectors> wrappedVectors() {
    return Arbitraries.of(WRAPPED);
  }

  @Provide
  Arbitrary<Mutant> mutatedVectors() {
    return mutants(CHEAP);
  }

  @Provide
  Arbitrary<Mutant> mutatedWrappedVectors() {
    return mutants(WRAPPED);
  }

  private static List<LegacyVectors> all() {
    List<LegacyVectors> all = new ArrayList<>(CHEAP);
    all.addAll(WRAPPED);
    return all;
  }

  private static Arbitrary<Mutant> mutants(List<LegacyVectors> vectors) {
    Arbitrary<Character> chars = Arbitraries.of(HOSTILE_CHARS.toCharArray());
    return Combinators.combine(
            Arbitraries.of(vectors),
            Arbitraries.of("change", "drop", "insert"),
            Arbitraries.doubles().between(0, 1),
            chars)
        .as(Mutant::at)
        .filter(m -> !m.mutated.equals(m.vector.encoded()));
  }

  /** A vector with one character changed, dropped or inserted. */
  static final class Mutant {
    final LegacyVectors vector;
    final String kind;
    final int position;
    final String mutated;

    static Mutant at(LegacyVectors vector, String kind, double where, char c) {
      int length = vector.encoded().length();
      int positions = kind.equals("insert") ? length + 1 : length;
      return new Mutant(vector, kind, Math.min((int) (where * positions), positions - 1), c);
    }

    Mutant(LegacyVectors vector, String kind, int position, char c) {
      this.vector = vector;
      this.kind = kind;
      this.position = position;
      String encoded = vector.encoded();
      switch (kind) {
        case "change":
          mutated = encoded.substring(0, position) + c + encoded.substring(position + 1);
          break;
        case "drop":
          mutated = encoded.substring(0, position) + encoded.substring(position + 1);
          break;
        default:
          mutated = encoded.substring(0, position) + c + encoded.substring(position);
      }
    }

    @Override
    public String toString() {
      return kind + " at " + position + " of " + vector.encoded() + ": " + mutated;
    }
  }

  // ------------------------------------------------------------------ outcomes

  /** What verify did: matched, did not match, or refused with a reason. */
  record Outcome(boolean matched, @Nullable Reason refusal) {
    @Nullable Reason refused() {
      return refusal;
    }

    String label() {
      return refusal != null ? refusal.name() : Boolean.toString(matched);
    }
  }

  /** verify's outcome; anything but a boolean or UnverifiableHashException fails the property. */
  private static Outcome verify(PasswordHasher hasher, String password, String encoded) {
    try {
      return new Outcome(hasher.verify(utf8(password), encoded, CAPS), null);
    } catch (UnverifiableHashException e) {
      assertThat(e.getMessage()).isNotBlank();
      return new Outcome(false, e.reason());
    }
  }

  /** checkEncoded's refusal reason, or null if it passed. */
  private static @Nullable Reason check(
      PasswordHasher hasher, String encoded) {
    try {
      hasher.checkEncoded(encoded, CAPS);
      return null;
    } catch (UnverifiableHashException e) {
      return e.reason();
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }
}
