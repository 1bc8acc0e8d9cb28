package dev.portcullis.auth;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link Authenticator#setPassword} and {@link Authenticator#changePassword}: either
 * the new password was stored, or it was refused with every {@link PasswordRefusal} that
 * applies. A refusal is a normal result, never an exception, and nothing here holds a password.
 *
 * <p>{@link #toString()} shows whether the password changed and the refusals, never a username.
 */
public final class PasswordChangeResult {
  private final Set<PasswordRefusal> refusals;
  private final @Nullable VerificationResult currentPasswordCheck;

  private PasswordChangeResult(
      Set<PasswordRefusal> refusals, @Nullable VerificationResult currentPasswordCheck) {
    EnumSet<PasswordRefusal> copy = EnumSet.noneOf(PasswordRefusal.class);
    copy.addAll(refusals);
    this.refusals = Collections.unmodifiableSet(copy);
    this.currentPasswordCheck = currentPasswordCheck;
  }

  /** The password was stored; {@code currentPasswordCheck} is null for a set without one. */
  static PasswordChangeResult changed(@Nullable VerificationResult currentPasswordCheck) {
    return new PasswordChangeResult(Set.of(), currentPasswordCheck);
  }

  /** Nothing was stored, for these reasons (at least one). */
  static PasswordChangeResult refused(
      Set<PasswordRefusal> refusals, @Nullable VerificationResult currentPasswordCheck) {
    if (requireNonNull(refusals, "refusals").isEmpty()) {
      throw new IllegalArgumentException("a refusal needs at least one reason");
    }
    return new PasswordChangeResult(refusals, currentPasswordCheck);
  }

  /** True if the new password was stored; false if it was refused. */
  public boolean changed() {
    return refusals.isEmpty();
  }

  /** Every reason the password was refused, in declaration order; empty if it was stored. */
  public Set<PasswordRefusal> refusals() {
    return refusals;
  }

  /**
   * For {@link Authenticator#changePassword}: how the verification of the current password
   * ended (its outcome, and when a throttled caller may retry); empty for {@link
   * Authenticator#setPassword}.
   */
  public Optional<VerificationResult> currentPasswordCheck() {
    return Optional.ofNullable(currentPasswordCheck);
  }

  @Override
  public String toString() {
    if (changed()) {
      return "PasswordChangeResult[changed]";
    }
    return refusals.stream()
        .map(PasswordRefusal::name)
        .collect(Collectors.joining(", ", "PasswordChangeResult[refused: ", "]"));
  }
}
