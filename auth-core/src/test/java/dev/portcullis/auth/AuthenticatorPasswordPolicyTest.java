package dev.portcullis.auth;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.PasswordPolicy;
import dev.portcullis.auth.config.Secret;
import dev.portcullis.auth.spi.AuthListener;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.telemetry.CredentialChangeEvent;
import dev.portcullis.auth.telemetry.VerificationEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * setPassword and changePassword under the password policy, as a service calling them sees it:
 * what is refused and why, what is stored, what is counted, and the events.
 */
final class AuthenticatorPasswordPolicyTest {

  private static final String PASSWORD = "correct horse battery staple";
  private static final String NEW_PASSWORD = "new saddle for the horse 7";

  private final DelegatingStore store = new DelegatingStore();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-26T12:00:00Z"));
  private final Listener listener = new Listener();
  private Authenticator auth = create(TestConfigs.fast());

  /** Records credential changes and verifications. */
  private static final class Listener implements AuthListener {
    final List<CredentialChangeEvent> changes = new CopyOnWriteArrayList<>();
    final List<VerificationEvent> verifications = new CopyOnWriteArrayList<>();

    @Override
    public void onCredentialChanged(CredentialChangeEvent event) {
      changes.add(event);
    }

    @Override
    public void onVerification(VerificationEvent event) {
      verifications.add(event);
    }
  }

  private Authenticator create(AuthConfig config) {
    return Authenticator.builder(config, store).clock(clock).listener(listener).build();
  }

  @AfterEach
  void close() {
    auth.close();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not reached within 10 s");
      }
      Thread.sleep(5);
    }
  }

  /**
   * Waits until the listener thread delivered everything published so far: events arrive in
   * order, so once the event of one more verification arrives, all before it have.
   */
  private void drain() throws InterruptedException {
    auth.verify("drain-marker-user", "x".toCharArray());
    long published = count(Outcome.UNKNOWN_USER);
    await(() -> listener.verifications.stream()
        .filter(event -> event.outcome() == Outcome.UNKNOWN_USER).count() == published);
  }

  private Outcome login(String user, String password) {
    return auth.verify(user, password.toCharArray()).outcome();
  }

  private long count(Outcome outcome) {
    return auth.metrics().outcomes().getOrDefault(outcome, 0L);
  }

  // ---------------------------------------------------------------- setPassword

  @Test
  void setPassword_acceptable_isStoredAndVerifies() {
    PasswordChangeResult result = auth.setPassword("alice", PASSWORD.toCharArray());

    assertThat(result.changed()).isTrue();
    assertThat(result.refusals()).isEmpty();
    assertThat(result.currentPasswordCheck()).isEmpty();
    assertThat(result).hasToString("PasswordChangeResult[changed]");
    assertThat(login("alice", PASSWORD)).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void setPassword_weak_isRefusedWithEveryReason_andNothingIsStored() {
    PasswordChangeResult result = auth.setPassword("alice", "alice".toCharArray());

    assertThat(result.changed()).isFalse();
    assertThat(result.refusals())
        .containsExactly(
            PasswordRefusal.TOO_SHORT, PasswordRefusal.BLOCKLISTED, PasswordRefusal.CONTAINS_USERNAME);
    assertThat(result).hasToString(
        "PasswordChangeResult[refused: TOO_SHORT, BLOCKLISTED, CONTAINS_USERNAME]");
    assertThat(store.find("alice")).isEmpty();
    assertThat(login("alice", "alice")).isEqualTo(Outcome.UNKNOWN_USER);
  }

  @Test
  void setPassword_refused_leavesTheOldPasswordInPlace() {
    auth.setPassword("alice", PASSWORD.toCharArray());
    String before = store.find("alice").orElseThrow().encodedHash();

    assertThat(auth.setPassword("alice", "12345678".toCharArray()).refusals())
        .contains(PasswordRefusal.BLOCKLISTED, PasswordRefusal.SEQUENTIAL);

    assertThat(store.find("alice").orElseThrow().encodedHash()).isEqualTo(before);
    assertThat(login("alice", PASSWORD)).isEqualTo(Outcome.SUCCESS);
  }

  @Test
  void setPassword_appliesTheConfiguredMinimumAndContextWords() {
    auth.close();
    auth =
        create(
            TestConfigs.fast().toBuilder()
                .passwordPolicy(new PasswordPolicy(15, List.of("Portcullis")))
                .build());

    assertThat(auth.setPassword("alice", "zq8!mwp3Lk-x9v".toCharArray()).refusals())
        .containsExactly(PasswordRefusal.TOO_SHORT);
    assertThat(auth.setPassword("alice", "my portcullis login".toCharArray()).refusals())
        .containsExactly(PasswordRefusal.CONTAINS_CONTEXT_WORD);
    assertThat(auth.setPassword("alice", "zq8!mwp3Lk-x9v2".toCharArray()).changed()).isTrue();
  }

  @Test
  void setPassword_overTheInputLimit_isTooLong_soEverySetPasswordCanBeVerified() {
    int max = auth.config().inputLimits().maxPasswordChars();
    String tooLong = "staple horse battery correct ".repeat(40).substring(0, max + 1);

    assertThat(auth.setPassword("alice", tooLong.toCharArray()).refusals())
        .containsExactly(PasswordRefusal.TOO_LONG);
    assertThat(login("alice", tooLong)).isEqualTo(Outcome.MALFORMED_INPUT);
  }

  @Test
  void setPassword_badUsername_isAProgrammingError() {
    assertThatThrownBy(() -> auth.setPassword("", PASSWORD.toCharArray()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("username must be 1 to 256 characters, was 0");
  }

  @Test
  void setPassword_publishesCreatedThenReset_withoutUsername() throws Exception {
    auth.setPassword("alice", PASSWORD.toCharArray());
    auth.setPassword("alice", NEW_PASSWORD.toCharArray());
    auth.setPassword("alice", "password".toCharArray()); // refused: no event
    drain();

    assertThat(listener.changes)
        .extracting(CredentialChangeEvent::kind)
        .containsExactly(CredentialChangeEvent.Kind.CREATED, CredentialChangeEvent.Kind.RESET);
    CredentialChangeEvent created = listener.changes.get(0);
    assertThat(created.time()).isEqualTo(clock.instant());
    assertThat(created.storeId()).isEqualTo("DelegatingStore");
    assertThat(created.configFingerprint()).isEqualTo(auth.config().fingerprint());
    assertThat(created.username()).isEmpty();
    assertThat(created.toString()).doesNotContain("alice").doesNotContain(PASSWORD);
  }

  @Test
  void credentialChangeEvents_carryTheKeyedUsernameHash_whenConfigured() throws Exception {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    auth.close();
    auth = create(TestConfigs.fast().toBuilder().usernameHashKey(Secret.of(key, "test")).build());

    auth.setPassword("alice", PASSWORD.toCharArray());
    auth.verify("alice", PASSWORD.toCharArray());
    await(() -> !listener.changes.isEmpty() && !listener.verifications.isEmpty());

    String hash = listener.changes.get(0).username().orElseThrow();
    assertThat(hash).matches("[0-9a-f]{32}").isEqualTo(listener.verifications.get(0).usernameHash());
  }

  // ------------------------------------------------------------- changePassword

  @Test
  void changePassword_withTheCurrentPassword_replacesIt() throws Exception {
    auth.setPassword("alice", PASSWORD.toCharArray());
    long successesBefore = count(Outcome.SUCCESS);

    PasswordChangeResult result =
        auth.changePassword("alice", PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray());

    assertThat(result.changed()).isTrue();
    assertThat(result.currentPasswordCheck().orElseThrow().outcome()).isEqualTo(Outcome.SUCCESS);
    assertThat(count(Outcome.SUCCESS))
        .as("the current password is verified and counted like a login")
        .isEqualTo(successesBefore + 1);
    assertThat(login("alice", NEW_PASSWORD)).isEqualTo(Outcome.SUCCESS);
    assertThat(login("alice", PASSWORD)).isEqualTo(Outcome.BAD_PASSWORD);
    drain();
    assertThat(listener.changes)
        .extracting(CredentialChangeEvent::kind)
        .containsExactly(CredentialChangeEvent.Kind.CREATED, CredentialChangeEvent.Kind.CHANGED);
  }

  @Test
  void changePassword_keepsADisabledFlagAndOtherFields() {
    auth.setPassword("alice", PASSWORD.toCharArray());
    StoredCredential before = store.find("alice").orElseThrow();

    auth.changePassword("alice", PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray());

    StoredCredential after = store.find("alice").orElseThrow();
    assertThat(after.disabled()).isEqualTo(before.disabled());
    assertThat(after.encodedHash()).isNotEqualTo(before.encodedHash());
  }

  @Test
  void changePassword_wrongCurrent_isRefused_countedAsABadPassword() throws Exception {
    auth.setPassword("alice", PASSWORD.toCharArray());
    long badBefore = count(Outcome.BAD_PASSWORD);

    PasswordChangeResult result =
        auth.changePassword("alice", "not the password".toCharArray(), NEW_PASSWORD.toCharArray());

    assertThat(result.refusals()).containsExactly(PasswordRefusal.CURRENT_PASSWORD_WRONG);
    assertThat(result.currentPasswordCheck().orElseThrow().outcome())
        .isEqualTo(Outcome.BAD_PASSWORD);
    assertThat(count(Outcome.BAD_PASSWORD)).isEqualTo(badBefore + 1);
    assertThat(login("alice", PASSWORD)).isEqualTo(Outcome.SUCCESS);
    drain();
    assertThat(listener.changes).extracting(CredentialChangeEvent::kind)
        .containsExactly(CredentialChangeEvent.Kind.CREATED);
  }

  @Test
  void changePassword_unknownUser_looksLikeAWrongCurrentPassword() {
    PasswordChangeResult result =
        auth.changePassword("nobody", PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray());

    assertThat(result.refusals()).containsExactly(PasswordRefusal.CURRENT_PASSWORD_WRONG);
    assertThat(store.find("nobody")).isEmpty();
  }

  @Test
  void changePassword_listsEveryReasonAtOnce() {
    auth.setPassword("alice", PASSWORD.toCharArray());

    PasswordChangeResult result =
        auth.changePassword("alice", "wrong".toCharArray(), "alice1".toCharArray());

    assertThat(result.refusals())
        .containsExactly(
            PasswordRefusal.TOO_SHORT,
            PasswordRefusal.BLOCKLISTED,
            PasswordRefusal.CONTAINS_USERNAME,
            PasswordRefusal.CURRENT_PASSWORD_WRONG);
  }

  @Test
  void changePassword_toTheSamePassword_isRefused_alsoInAnotherNormalForm() {
    auth.setPassword("alice", "Cr\u00e8me br\u00fbl\u00e9e 1984".toCharArray());

    assertThat(
            auth.changePassword(
                    "alice",
                    "Cr\u00e8me br\u00fbl\u00e9e 1984".toCharArray(),
                    "Cr\u00e8me br\u00fbl\u00e9e 1984".toCharArray())
                .refusals())
        .containsExactly(PasswordRefusal.SAME_AS_CURRENT);
    assertThat(
            auth.changePassword(
                    "alice",
                    "Cr\u00e8me br\u00fbl\u00e9e 1984".toCharArray(),
                    "Cre\u0300me bru\u0302le\u0301e 1984".toCharArray())
                .refusals())
        .containsExactly(PasswordRefusal.SAME_AS_CURRENT);
    assertThat(
            auth.changePassword(
                    "alice",
                    "Cr\u00e8me br\u00fbl\u00e9e 1984".toCharArray(),
                    "cr\u00e8me br\u00fbl\u00e9e 1984".toCharArray())
                .changed())
        .as("case is not normalized: another password")
        .isTrue();
  }

  @Test
  void changePassword_disabledAccount_isNotVerified_withTheOutcome() {
    auth.setPassword("alice", PASSWORD.toCharArray());
    store.put(new StoredCredential("alice", store.find("alice").orElseThrow().encodedHash(), true));

    PasswordChangeResult result =
        auth.changePassword("alice", PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray());

    assertThat(result.refusals()).containsExactly(PasswordRefusal.CURRENT_PASSWORD_NOT_VERIFIED);
    assertThat(result.currentPasswordCheck().orElseThrow().outcome()).isEqualTo(Outcome.DISABLED);
    assertThat(store.find("alice").orElseThrow().disabled()).isTrue();
  }

  @Test
  void changePassword_storeDown_isNotVerified_neverAWrongPassword() {
    DelegatingStore down =
        new DelegatingStore() {
          @Override
          public String probe() {
            return "answered at start-up"; // it fails from the first login on
          }

          @Override
          public Optional<StoredCredential> find(String username) {
            throw new StoreException("connection refused");
          }
        };
    try (Authenticator onDownStore = Authenticator.create(TestConfigs.fast(), down)) {
      PasswordChangeResult result =
          onDownStore.changePassword("alice", PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray());

      assertThat(result.refusals()).containsExactly(PasswordRefusal.CURRENT_PASSWORD_NOT_VERIFIED);
      assertThat(result.currentPasswordCheck().orElseThrow().outcome())
          .isEqualTo(Outcome.STORE_UNAVAILABLE);
    }
  }

  @Test
  void changePassword_passwordChangedInBetween_isNotOverwritten() throws Exception {
    DelegatingStore racing =
        new DelegatingStore() {
          @Override
          public boolean replaceHash(String username, String expectedHash, String newHash) {
            // an administrator reset the password after the current one was verified
            delegate.put(delegate.find(username).orElseThrow().withHash("$reset-by-admin$"));
            return super.replaceHash(username, expectedHash, newHash);
          }
        };
    try (Authenticator onRacingStore =
        Authenticator.builder(TestConfigs.fast(), racing).listener(listener).build()) {
      onRacingStore.setPassword("alice", PASSWORD.toCharArray());

      PasswordChangeResult result =
          onRacingStore.changePassword("alice", PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray());

      assertThat(result.refusals()).containsExactly(PasswordRefusal.CONCURRENT_CHANGE);
      assertThat(racing.find("alice").orElseThrow().encodedHash()).isEqualTo("$reset-by-admin$");
    }
  }

  @Test
  void changePassword_nullArguments_areRefusedNamingThem() {
    assertThatThrownBy(() -> auth.changePassword("alice", nullOf(char[].class), new char[1]))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("currentPassword");
    assertThatThrownBy(() -> auth.changePassword("alice", new char[1], nullOf(char[].class)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("newPassword");
  }

  @Test
  void changePassword_afterClose_isRefused() {
    auth.close();

    assertThatThrownBy(
            () -> auth.changePassword("alice", PASSWORD.toCharArray(), NEW_PASSWORD.toCharArray()))
        .isInstanceOf(IllegalStateException.class);
  }

  // ------------------------------------------------------------------ no secrets

  @Test
  void refusalsAndLogs_neverHoldThePasswordOrUsername() throws Exception {
    String user = "policy-log-user-5d21";
    String weak = "Policy-Log-Secret-1";
    String strong = "Policy-Log-Strong-Secret-8e7a";
    auth.setPassword(user, strong.toCharArray());

    List<PasswordChangeResult> results =
        List.of(
            auth.setPassword(user, (user + "x").toCharArray()),
            auth.changePassword(user, weak.toCharArray(), (user + "!").toCharArray()),
            auth.changePassword(user, strong.toCharArray(), strong.toCharArray()),
            auth.changePassword(user, strong.toCharArray(), weak.toCharArray()));

    for (PasswordChangeResult result : results) {
      assertThat(result.toString()).doesNotContain(user).doesNotContain(weak).doesNotContain(strong);
      for (PasswordRefusal refusal : result.refusals()) {
        assertThat(refusal.description()).doesNotContain(user).doesNotContain(weak);
      }
    }
    String log =
        Files.readString(
            Path.of(System.getProperty("test.log.file", "target/test-run.log")), UTF_8);
    assertThat(log).contains("password not changed, refused:");
    assertThat(log).doesNotContain(user).doesNotContain(weak).doesNotContain(strong);
  }

  @SuppressWarnings({"NullAway", "TypeParameterUnusedInFormals"})
  private static <T> T nullOf(Class<T> type) {
    return null;
  }
}
