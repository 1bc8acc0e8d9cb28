package dev.portcullis.auth.hashers.legacy;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.spi.PasswordHasher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The legacy scheme ids Portcullis verifies, and hashers claiming exactly a chosen set of them.
 * {@code PasswordHashers.withLegacySchemes} is the usual way in; this is its building block.
 */
public final class LegacyHashers {

  private static final Set<String> SCHEME_IDS = schemeIdsOfAll();

  private LegacyHashers() {}

  /**
   * Every legacy scheme id, as {@code PasswordHashers.schemeIdOf} returns it: {@code 2a}, {@code
   * 2b}, {@code 2y}, {@code 5}, {@code 6}, {@code pbkdf2_sha256}, {@code pbkdf2_sha1}, {@code
   * argon2} (Django's {@code argon2$} and Spring's {@code {argon2}}), {@code bcrypt_sha256}, {@code
   * bcrypt}, {@code argon2@SpringSecurity_v5_8}, {@code
   * pbkdf2@SpringSecurity_v5_8} and {@code noop} (recognized only to be refused). The wrapped
   * forms ({@code wrap-2b}, see {@link WrappedLegacyHasher}) are not listed: each is enabled by its
   * legacy id.
   */
  public static Set<String> schemeIds() {
    return SCHEME_IDS;
  }

  /**
   * Hashers that together claim exactly {@code schemeIds}, in a fixed order, plus the wrapped
   * form of each wrappable one ({@code 2b} also claims {@code wrap-2b}, see {@link
   * WrappedLegacyHasher}); the Django and Spring Security Argon2 formats and the wrapped hashes'
   * Argon2id layer are verified by {@code argon2}, so its caps and memory admission apply.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException naming the unknown ids and listing the known ones
   */
  public static List<PasswordHasher> forSchemeIds(Set<String> schemeIds, PasswordHasher argon2) {
    requireNonNull(schemeIds, "schemeIds");
    requireNonNull(argon2, "argon2");
    Set<String> unknown = new TreeSet<>(schemeIds);
    unknown.removeAll(SCHEME_IDS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "unknown legacy scheme ids " + unknown + "; known: " + new TreeSet<>(SCHEME_IDS));
    }
    List<PasswordHasher> hashers = new ArrayList<>();
    Set<String> bcrypt = pick(schemeIds, BcryptHasher.SCHEME_IDS);
    if (!bcrypt.isEmpty()) {
      hashers.add(new BcryptHasher(bcrypt));
    }
    Set<String> shaCrypt = pick(schemeIds, ShaCryptHasher.SCHEME_IDS);
    if (!shaCrypt.isEmpty()) {
      hashers.add(new ShaCryptHasher(shaCrypt));
    }
    Set<String> django = pick(schemeIds, DjangoHasher.SCHEME_IDS);
    if (!django.isEmpty()) {
      hashers.add(new DjangoHasher(django));
    }
    if (schemeIds.contains(PrefixedArgon2Hasher.SCHEME_ID)) {
      hashers.add(new PrefixedArgon2Hasher(argon2));
    }
    Set<String> spring = pick(schemeIds, SpringSecurityHasher.SCHEME_IDS);
    if (!spring.isEmpty()) {
      hashers.add(new SpringSecurityHasher(spring, argon2));
    }
    // a legacy id also enables its wrapped form (authctl migrate --wrap), e.g. 2b: $wrap-2b$
    Set<String> wrapped = WrappedLegacyHasher.wrappedIds(schemeIds);
    if (!wrapped.isEmpty() && argon2.schemeIds().contains("argon2id")) {
      hashers.add(new WrappedLegacyHasher(wrapped, argon2));
    }
    return List.copyOf(hashers);
  }

  private static Set<String> pick(Set<String> wanted, Set<String> of) {
    Set<String> picked = new HashSet<>(of);
    picked.retainAll(wanted);
    return picked;
  }

  private static Set<String> schemeIdsOfAll() {
    Set<String> all = new LinkedHashSet<>();
    all.addAll(new TreeSet<>(BcryptHasher.SCHEME_IDS));
    all.addAll(new TreeSet<>(ShaCryptHasher.SCHEME_IDS));
    all.addAll(List.of("pbkdf2_sha256", "pbkdf2_sha1", "bcrypt_sha256"));
    all.add(PrefixedArgon2Hasher.SCHEME_ID);
    all.addAll(
        List.of("bcrypt", "argon2@SpringSecurity_v5_8", SpringSecurityHasher.PBKDF2_V5_8, "noop"));
    return java.util.Collections.unmodifiableSet(all);
  }
}
