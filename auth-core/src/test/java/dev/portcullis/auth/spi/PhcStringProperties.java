package dev.portcullis.auth.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * Properties of the PHC codec: what {@link PhcString#of} writes reads back identically, and no
 * input, however broken, makes {@link PhcString#parse} throw anything but {@link
 * PhcFormatException}.
 */
final class PhcStringProperties {

  private static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-";
  private static final String VALUE_CHARS =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/+.-";

  /** The PHC alphabet, its separators, padding, whitespace and a few non-ASCII characters. */
  private static final String HOSTILE_CHARS =
      VALUE_CHARS + "$$$===,,,_ \t\r\n\u000b\u0000\u00a0\u2028äöé€ßİı\ud83d\udd12\ud83d";

  // ---------------------------------------------------------------- (a) round trip

  @Property
  void parse_ofEncoded_givesTheSameValueAndText(@ForAll("parts") Parts parts)
      throws PhcFormatException {
    Statistics.label("version").collect(parts.version == null ? "absent" : "present");
    Statistics.label("fields").collect(parts.shape());
    Statistics.label("parameters").collect(parts.params.size());
    Statistics.label("first parameter v without version").collect(parts.readsBackAsVersion());

    if (parts.readsBackAsVersion()) {
      // "$x$v=19" can only mean the version; of() must refuse to write something it cannot read.
      assertThatIllegalArgumentException()
          .isThrownBy(parts::build)
          .withMessageContaining("parameter v");
    } else {
      PhcString original = parts.build();
      String encoded = original.encode();

      PhcString parsed = PhcString.parse(encoded);

      assertThat(parsed).isEqualTo(original).hasSameHashCodeAs(original);
      assertThat(parsed.encode()).isEqualTo(encoded);
      assertThat(parsed.id()).isEqualTo(parts.id);
      assertThat(parsed.params()).containsExactlyEntriesOf(parts.params);
      assertThat(parsed.hasSalt()).isEqualTo(parts.salt != null);
      assertThat(parsed.hasHash()).isEqualTo(parts.hash != null);
      if (parts.salt != null) {
        assertThat(parsed.salt()).isEqualTo(parts.salt);
      }
      if (parts.hash != null) {
        assertThat(parsed.hash()).isEqualTo(parts.hash);
      }
      if (parts.version == null) {
        assertThat(parsed.version()).isEmpty();
      } else {
        assertThat(parsed.version()).hasValue(parts.version);
      }
    }

    Statistics.label("version")
        .coverage(
            coverage -> {
              coverage.check("absent").percentage(p -> p > 10);
              coverage.check("present").percentage(p -> p > 10);
            });
    Statistics.label("fields")
        .coverage(
            coverage -> {
              coverage.check("no salt").percentage(p -> p > 10);
              coverage.check("salt only").percentage(p -> p > 10);
              coverage.check("salt and hash").percentage(p -> p > 10);
            });
    Statistics.label("parameters")
        .coverage(
            coverage -> {
              coverage.check(0).count(n -> n > 0);
              coverage.check(4).count(n -> n > 0);
            });
    Statistics.label("first parameter v without version")
        .coverage(coverage -> coverage.check(true).count(n -> n > 0));
  }

  @Provide
  Arbitrary<Parts> parts() {
    Arbitrary<String> ids =
        Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(1).ofMaxLength(32);
    Arbitrary<@Nullable Integer> versions =
        Arbitraries.integers()
            .between(0, Integer.MAX_VALUE)
            .edgeCases(c -> c.add(16, 19))
            .injectNull(0.3);
    // Mostly random names, sometimes the ones that matter: "v" (the version's key) and Argon2's.
    Arbitrary<String> names =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(1).ofMaxLength(32)),
            Tuple.of(2, Arbitraries.of("v", "m", "t", "p", "keyid", "data")));
    Arbitrary<String> values =
        Arbitraries.strings().withChars(VALUE_CHARS).ofMinLength(1).ofMaxLength(24);
    Arbitrary<Map<String, String>> params =
        Combinators.combine(names.list().uniqueElements().ofMaxSize(4), values.list().ofSize(4))
            .as(
                (keys, vals) -> {
                  Map<String, String> map = new LinkedHashMap<>();
                  for (int i = 0; i < keys.size(); i++) {
                    map.put(keys.get(i), vals.get(i));
                  }
                  return map;
                });
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64);
    Arbitrary<Shape> shapes = Arbitraries.of(Shape.class);
    return Combinators.combine(ids, versions, params, shapes, bytes, bytes)
        .as(
            (id, version, map, shape, salt, hash) ->
                new Parts(
                    id,
                    version,
                    map,
                    shape == Shape.NO_SALT ? null : salt,
                    shape == Shape.SALT_AND_HASH ? hash : null));
  }

  // ---------------------------------------------------------------- (b) arbitrary text

  @Property
  void parse_anyText_throwsNothingButPhcFormatException(@ForAll("anyText") String text) {
    Statistics.label("outcome").collect(outcome(text));
    Statistics.label("length")
        .collect(text.length() > PhcString.MAX_ENCODED_LENGTH ? "over 1024" : "up to 1024");

    Statistics.label("outcome")
        .coverage(
            coverage -> {
              coverage.check("accepted").percentage(p -> p > 5);
              for (String problem :
                  List.of(
                      "start",
                      "longer",
                      "after the hash",
                      "scheme id",
                      "version",
                      "parameter",
                      "salt",
                      "hash")) {
                coverage.check("rejected: " + problem).count(n -> n > 0);
              }
            });
    Statistics.label("length").coverage(coverage -> coverage.check("over 1024").count(n -> n > 0));
  }

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.strings().ofMaxLength(1100)),
        Tuple.of(2, Arbitraries.strings().withChars(HOSTILE_CHARS).ofMaxLength(120)),
        Tuple.of(7, fieldsText()));
  }

  /**
   * Text shaped like a PHC string: an id, a version, parameters, a salt, a hash and a trailing
   * field, each usually valid, sometimes absent and sometimes broken, so that every rule of the
   * grammar gets exercised rather than just the first one.
   */
  private static Arbitrary<String> fieldsText() {
    Arbitrary<String> validName =
        Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(1).ofMaxLength(32);
    Arbitrary<String> brokenName =
        Arbitraries.strings().withChars(NAME_CHARS + "AZ_ .é").ofMinLength(0).ofMaxLength(34);
    Arbitrary<String> name =
        Arbitraries.frequencyOf(Tuple.of(6, validName), Tuple.of(1, brokenName));
    Arbitrary<String> validValue =
        Arbitraries.strings().withChars(VALUE_CHARS).ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> brokenValue =
        Arbitraries.strings().withChars(VALUE_CHARS + "=, \t").ofMinLength(0).ofMaxLength(8);
    Arbitrary<String> value =
        Arbitraries.frequencyOf(Tuple.of(6, validValue), Tuple.of(1, brokenValue));
    Arbitrary<@Nullable String> version =
        Arbitraries.oneOf(
                Arbitraries.integers().between(0, Integer.MAX_VALUE).map(v -> "v=" + v),
                Arbitraries.strings().numeric().ofMaxLength(20).map(digits -> "v=" + digits),
                Arbitraries.of("v=19", "v=16", "v=019", "v=-1", "v=+1", "v=2147483648", "v=1 "))
            .injectNull(0.4);
    Arbitrary<@Nullable String> params =
        Combinators.combine(name, value)
            .as((n, v) -> n + "=" + v)
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(pairs -> String.join(",", pairs))
            .injectNull(0.3);
    Arbitrary<String> base64 =
        Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(800),
                Arbitraries.frequencyOf(
                    Tuple.of(3, Arbitraries.just(Base64Style.CANONICAL)),
                    Tuple.of(1, Arbitraries.of(Base64Style.class))))
            .as((data, style) -> style.encode(data));
    Arbitrary<@Nullable String> salt = base64.injectNull(0.2);
    Arbitrary<@Nullable String> hash = base64.injectNull(0.3);
    Arbitrary<@Nullable String> extra =
        Arbitraries.strings().withChars(HOSTILE_CHARS).ofMaxLength(10).injectNull(0.75);
    Arbitrary<String> prefix =
        Arbitraries.frequencyOf(
            Tuple.of(20, Arbitraries.just("$")), Tuple.of(1, Arbitraries.of("", " $", "$$")));
    return Combinators.combine(prefix, name, version, params, salt, hash, extra)
        .as(
            (start, id, v, p, s, h, x) -> {
              StringBuilder text = new StringBuilder(start).append(id);
              for (String field : Arrays.asList(v, p, s, h, x)) {
                if (field != null) {
                  text.append('$').append(field);
                }
              }
              return text.toString();
            });
  }

  private static String outcome(String text) {
    PhcString parsed;
    try {
      parsed = PhcString.parse(text);
    } catch (PhcFormatException e) {
      String message = e.getMessage();
      if (message == null || message.isBlank()) {
        throw new AssertionError("PhcFormatException without a message for: " + text, e);
      }
      return "rejected: " + category(message);
    }
    // Any other exception escapes and fails the property. What is accepted must be canonical.
    assertThat(parsed.encode()).isEqualTo(text);
    return "accepted";
  }

  private static String category(String message) {
    String lower = message.toLowerCase(Locale.ROOT);
    List<String> problems =
        List.of(
            "start",
            "longer",
            "after the hash",
            "scheme id",
            "version",
            "parameter",
            "salt",
            "hash");
    for (String word : problems) {
      if (lower.startsWith(word) || lower.contains(" " + word)) {
        return word;
      }
    }
    return "other";
  }

  // ---------------------------------------------------------------- (c) mutations

  @Property
  void parse_validStringWithOneCharacterChanged_rejectsOrReEncodesExactly(
      @ForAll("validEncoded") String valid,
      @ForAll Mutation mutation,
      @ForAll @IntRange(min = 0, max = 4096) int position,
      @ForAll("mutationChars") char replacement) {
    String mutated = mutation.apply(valid, position, replacement);

    String outcome = outcome(mutated);

    Statistics.label("mutation").collect(mutation);
    Statistics.label("outcome").collect(outcome.equals("accepted") ? "accepted" : "rejected");

    Statistics.label("mutation")
        .coverage(
            coverage -> {
              for (Mutation kind : Mutation.values()) {
                coverage.check(kind).percentage(p -> p > 15);
              }
            });
    Statistics.label("outcome")
        .coverage(
            coverage -> {
              coverage.check("accepted").count(n -> n > 0);
              coverage.check("rejected").percentage(p -> p > 20);
            });
  }

  @Provide
  Arbitrary<String> validEncoded() {
    return parts()
        .filter(parts -> !parts.readsBackAsVersion())
        .map(parts -> parts.build().encode());
  }

  @Provide
  Arbitrary<Character> mutationChars() {
    return Arbitraries.chars().with(HOSTILE_CHARS.toCharArray());
  }

  // ---------------------------------------------------------------- helpers

  enum Shape {
    NO_SALT,
    SALT_ONLY,
    SALT_AND_HASH
  }

  enum Base64Style {
    CANONICAL {
      @Override
      String encode(byte[] data) {
        return Base64.getEncoder().withoutPadding().encodeToString(data);
      }
    },
    PADDED {
      @Override
      String encode(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
      }
    },
    URL_SAFE {
      @Override
      String encode(byte[] data) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(data);
      }
    },
    NON_CANONICAL_TAIL {
      @Override
      String encode(byte[] data) {
        String text = CANONICAL.encode(data);
        if (text.isEmpty() || text.length() % 4 == 0) {
          return text;
        }
        // Set the lowest bit of the last character: an unused trailing bit.
        char last = text.charAt(text.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        return text.substring(0, text.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);
      }
    };

    abstract String encode(byte[] data);
  }

  enum Mutation {
    DELETE {
      @Override
      String apply(String text, int position, char c) {
        int at = position % text.length();
        return text.substring(0, at) + text.substring(at + 1);
      }
    },
    INSERT {
      @Override
      String apply(String text, int position, char c) {
        int at = position % (text.length() + 1);
        return text.substring(0, at) + c + text.substring(at);
      }
    },
    REPLACE {
      @Override
      String apply(String text, int position, char c) {
        int at = position % text.length();
        return text.substring(0, at) + c + text.substring(at + 1);
      }
    };

    abstract String apply(String text, int position, char c);
  }

  /** The parts a hasher passes to {@link PhcString#of}; shown in hex when a property fails. */
  static final class Parts {
    final String id;
    final @Nullable Integer version;
    final Map<String, String> params;
    final byte @Nullable [] salt;
    final byte @Nullable [] hash;

    Parts(
        String id,
        @Nullable Integer version,
        Map<String, String> params,
        byte @Nullable [] salt,
        byte @Nullable [] hash) {
      this.id = id;
      this.version = version;
      this.params = params;
      this.salt = salt;
      this.hash = hash;
    }

    PhcString build() {
      return PhcString.of(id, version, params, salt, hash);
    }

    /** "$id$v=..." with no version field can only be read as the version. */
    boolean readsBackAsVersion() {
      return version == null && !params.isEmpty() && params.keySet().iterator().next().equals("v");
    }

    String shape() {
      return salt == null ? "no salt" : hash == null ? "salt only" : "salt and hash";
    }

    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      parts.add("id=" + id);
      parts.add("version=" + version);
      parts.add("params=" + params);
      parts.add("salt=" + (salt == null ? "null" : HexFormat.of().formatHex(salt)));
      parts.add("hash=" + (hash == null ? "null" : HexFormat.of().formatHex(hash)));
      return "Parts" + parts;
    }
  }
}
