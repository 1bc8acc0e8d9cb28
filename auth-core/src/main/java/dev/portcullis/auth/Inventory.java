package dev.portcullis.auth;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A census of the credentials in a store, as the preflight's inventory found them: how many users
 * per scheme, parameters and pepper key id, how many will be rehashed at their next login, and
 * every class of hash the live config cannot verify, with one example username each (never the
 * hash).
 *
 * @param scanned how many credentials were read
 * @param complete whether every credential was read (false when the scan was a sample)
 * @param groups users per scheme, parameters and pepper key id, largest first
 * @param problems hashes that cannot be verified under the config, by class, largest first
 */
public record Inventory(long scanned, boolean complete, List<Group> groups, List<Problem> problems) {

  /**
   * Users sharing a scheme, parameters and pepper key id.
   *
   * @param scheme the scheme id, e.g. {@code argon2id}
   * @param parameters the scheme's parameters as stored, e.g. {@code m=19456,t=2,p=1}, or {@code
   *     -}
   * @param pepperKeyId the pepper key id, or {@code -} for none
   * @param users how many
   * @param needRehash how many of them will be rehashed under the live policy at their next login
   */
  public record Group(
      String scheme, String parameters, String pepperKeyId, long users, long needRehash) {
    /**
     * @throws NullPointerException if a string is null
     */
    public Group {
      requireNonNull(scheme, "scheme");
      requireNonNull(parameters, "parameters");
      requireNonNull(pepperKeyId, "pepperKeyId");
    }
  }

  /**
   * A class of stored hash that cannot be verified under the config.
   *
   * @param outcome what a login of these users would end in, e.g. {@link
   *     Outcome#UNSUPPORTED_HASH}
   * @param what the class, e.g. {@code scheme 2b: no hasher enabled}
   * @param users how many users
   * @param exampleUsername one of them, to look at
   */
  public record Problem(Outcome outcome, String what, long users, String exampleUsername) {
    /**
     * @throws NullPointerException if an argument is null
     */
    public Problem {
      requireNonNull(outcome, "outcome");
      requireNonNull(what, "what");
      requireNonNull(exampleUsername, "exampleUsername");
    }
  }

  /**
   * Copies the lists.
   *
   * @throws NullPointerException if a list is null
   */
  public Inventory {
    groups = List.copyOf(groups);
    problems = List.copyOf(problems);
  }

  /** How many users will be rehashed at their next login. */
  public long needRehash() {
    return groups.stream().mapToLong(Group::needRehash).sum();
  }

  /** How many users cannot log in under the config. */
  public long unverifiable() {
    return problems.stream().mapToLong(Problem::users).sum();
  }
}
