package dev.portcullis.auth;

import dev.portcullis.auth.PreflightReport.CheckResult;
import dev.portcullis.auth.PreflightReport.Status;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.PreflightPolicy;
import dev.portcullis.auth.config.Secret;
import dev.portcullis.auth.spi.CredentialStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a forced or half-rolled-out deployment from damaging stored hashes. A config that lacks
 * a key the store uses, or that was started with failures downgraded by {@code
 * preflight.warn-only}, must not rehash users at login: the rehash would pepper them with a key
 * the good config (the one rolled back to) may lack, and they could not log in after the
 * rollback. And an instance that holds a key it does not use yet records that the key is
 * staged, so that the preflight can warn about a key made current before every instance had it.
 */
final class RotationGuard {

  private static final Logger log = LoggerFactory.getLogger(RotationGuard.class);

  private RotationGuard() {}

  /**
   * Why rehash-on-login must not run under {@code config}, if it must not: a check failure that
   * was forced through, a key that stored hashes use missing from the keyring (and not retired),
   * or a current key whose secret differs from the one recorded in the store. A recorded key
   * that no stored hash uses any more (dropped after a finished rotation) holds nothing.
   */
  static Optional<String> rehashHoldReason(
      AuthConfig config, CredentialStore store, PreflightReport report) {
    List<String> reasons = new ArrayList<>();
    boolean pepperChecked = false;
    for (CheckResult result : report.results()) {
      if (result.detail().endsWith(Preflight.DOWNGRADED)) {
        reasons.add("the " + result.check().id() + " check failed and was forced through by"
            + " preflight.warn-only");
      } else if (result.check() == PreflightPolicy.Check.PEPPER
          && (result.status() == Status.PASSED || result.status() == Status.WARNING)) {
        pepperChecked = true; // it proved that no missing, unretired key is in use
      }
    }
    try {
      currentKeyMismatch(config, store).ifPresent(reasons::add);
      if (!pepperChecked) {
        Set<String> missing = new TreeSet<>(KeyAccounting.recordedKeyIds(store));
        missing.removeAll(config.pepper().keys().keySet());
        missing.removeAll(config.pepper().retiredKeyIds());
        // the census costs a store aggregation: only when a recorded key is missing
        if (!missing.isEmpty() && !KeyAccounting.of(config.pepper(), store,
            StoredHashCensus.of(store, config.preflight().inventorySample()))
                .missingKeyProblems().isEmpty()) {
          reasons.add("pepper key(s) " + String.join(", ", missing) + " recorded in the store"
              + " are not in the keyring, and stored hashes may use them");
        }
      }
    } catch (RuntimeException e) {
      // a store that cannot answer cannot take a rehash write either
      log.debug("could not account for the recorded pepper keys: {}", e.getMessage());
    }
    return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
  }

  private static Optional<String> currentKeyMismatch(AuthConfig config, CredentialStore store) {
    Optional<String> current = config.pepper().currentKeyId();
    if (current.isEmpty()) {
      return Optional.empty();
    }
    String id = current.get();
    String expected = Preflight.keyCheckValue(config.pepper().key(id).orElseThrow());
    return store.metadata(Preflight.KEY_CHECK_VALUE_PREFIX + id)
        .filter(recorded -> !recorded.equals(expected))
        .map(recorded -> "the secret of current pepper key " + id + " differs from the one"
            + " recorded in this store (key check value mismatch)");
  }

  /**
   * Records, best effort, that this instance's keyring holds its non-current keys: {@code
   * pepper.staged.<id>} with the key's check value.
   */
  static void recordStagedKeys(AuthConfig config, CredentialStore store) {
    String current = config.pepper().currentKeyId().orElse(null);
    for (Map.Entry<String, Secret> key : config.pepper().keys().entrySet()) {
      if (key.getKey().equals(current)) {
        continue;
      }
      try {
        store.putMetadataIfAbsent(Preflight.STAGED_KEY_PREFIX + key.getKey(),
            Preflight.keyCheckValue(key.getValue()));
      } catch (RuntimeException e) {
        log.warn("could not record that pepper key {} is staged: {}", key.getKey(),
            e.getMessage());
      }
    }
  }
}
