package dev.portcullis.auth;

import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.spi.CredentialStore;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stands before every hash write with the current pepper key: records the key's check value in
 * the store at its first use, and refuses the write when the store recorded a different one for
 * the same key id. A key id whose secret changed (a forced config with a wrong {@code
 * pepper.keys.k2}) would otherwise pepper users with a secret no other config has, and after the
 * rollback to the good config those users would fail as {@code BAD_PASSWORD}.
 */
final class KeyCheckValueGate {

  private static final Logger log = LoggerFactory.getLogger(KeyCheckValueGate.class);

  private final CredentialStore store;
  private final String storeId;
  /** "id check-value" pairs the store holds as they are; a reload with another secret re-checks. */
  private final Set<String> confirmed = ConcurrentHashMap.newKeySet();

  KeyCheckValueGate(CredentialStore store, String storeId) {
    this.store = store;
    this.storeId = storeId;
  }

  /**
   * Lets a hash be written under {@code pepper}'s current key, recording its check value first if
   * the store has none. Best effort when the store cannot answer: the write goes ahead and the
   * next one asks again.
   *
   * @throws IllegalStateException if the store recorded another check value for the current key
   *     id: nothing may be written under it
   */
  void beforeWrite(PepperPolicy pepper) {
    String keyId = pepper.currentKeyId().orElse(null);
    if (keyId == null) {
      return;
    }
    String expected = Preflight.keyCheckValue(pepper.key(keyId).orElseThrow());
    String pair = keyId + " " + expected;
    if (confirmed.contains(pair)) {
      return;
    }
    Optional<String> recorded;
    try {
      recorded = store.putMetadataIfAbsent(Preflight.KEY_CHECK_VALUE_PREFIX + keyId, expected);
    } catch (RuntimeException e) {
      log.warn("could not record the check value of pepper key {}: {}", keyId, e.getMessage());
      return;
    }
    if (recorded.isPresent() && !recorded.get().equals(expected)) {
      log.error("pepper key {} differs from the one first used with store {} (key check value"
          + " mismatch): no hash is written under it", keyId, storeId);
      throw new IllegalStateException(mismatch(keyId));
    }
    confirmed.add(pair);
  }

  /** Why nothing is written under {@code keyId}, and the fix. */
  static String mismatch(String keyId) {
    return "pepper key " + keyId + " differs from the one first used with this store (key check"
        + " value mismatch), so no hash is written under it (users written now could not log in"
        + " under any other config); restore the original secret of pepper.keys." + keyId
        + " (a new secret needs a new key id) and reload";
  }
}
