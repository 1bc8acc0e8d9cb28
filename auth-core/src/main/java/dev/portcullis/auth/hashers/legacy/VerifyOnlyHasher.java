package dev.portcullis.auth.hashers.legacy;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.util.Set;
import java.util.TreeSet;

/** What every legacy hasher shares: it claims a chosen subset of its scheme ids and never writes. */
abstract class VerifyOnlyHasher implements PasswordHasher {

  private final Set<String> schemeIds;

  VerifyOnlyHasher(Set<String> claimed, Set<String> supported) {
    requireNonNull(claimed, "schemeIds");
    if (claimed.isEmpty() || !supported.containsAll(claimed)) {
      throw new IllegalArgumentException(
          "schemeIds were " + new TreeSet<>(claimed) + ", must be a non-empty subset of "
              + new TreeSet<>(supported));
    }
    this.schemeIds = Set.copyOf(claimed);
  }

  @Override
  public final Set<String> schemeIds() {
    return schemeIds;
  }

  /** Never: legacy schemes are only verified. */
  @Override
  public final boolean supports(HashingPolicy policy) {
    requireNonNull(policy, "policy");
    return false;
  }

  /**
   * Always refuses: legacy schemes are only verified.
   *
   * @throws IllegalArgumentException always
   */
  @Override
  public final String hash(byte[] password, HashingPolicy policy) {
    requireNonNull(password, "password");
    requireNonNull(policy, "policy");
    throw new IllegalArgumentException(
        "policy was " + policy.schemeId() + ", " + name()
            + " only verifies legacy hashes and never writes one");
  }

  /** Always: a legacy hash is rewritten under the live policy on the next successful login. */
  @Override
  public final boolean needsRehash(String encodedHash, HashingPolicy policy) {
    return true;
  }

  /** The scheme id of {@code encodedHash}, refused as unsupported unless this hasher claims it. */
  final String claimedSchemeId(String encodedHash, String schemeId)
      throws UnverifiableHashException {
    if (!schemeIds.contains(schemeId)) {
      throw new UnverifiableHashException(
          UnverifiableHashException.Reason.UNSUPPORTED,
          name() + " is not set up for scheme " + schemeId + " (enabled: "
              + new TreeSet<>(schemeIds) + ")");
    }
    return schemeId;
  }

  @Override
  public final String toString() {
    return name();
  }
}
