package dev.portcullis.auth.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.ThrottlePolicy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.state.Action;
import net.jqwik.api.state.ActionChain;
import net.jqwik.api.state.Transformer;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/**
 * The throttle against a model written the simplest way (plain maps, the rules read off
 * ThrottlePolicy's documentation): after any sequence of failures, successes and time passing,
 * both agree on whether and how long every account/source combination must wait.
 */
final class ThrottleProperties {

  private static final ThrottlePolicy POLICY =
      new ThrottlePolicy(true, 3, 6, false, 1_000, 60, 8, 120, 1_000, 3_600);
  private static final String[] USERS = {"alice", "bob", "carol"};
  private static final String[] SOURCES = {"10.0.0.1", "10.0.0.2", "10.0.0.3"};

  /** The model: consecutive failures, the time of the last failure, the source windows. */
  static final class Model {
    final Map<String, int[]> accountFailures = new HashMap<>();
    final Map<String, long[]> accountBlocked = new HashMap<>();
    final Map<String, int[]> pairFailures = new HashMap<>();
    final Map<String, long[]> pairBlocked = new HashMap<>();
    final Map<String, long[]> sourceWindow = new HashMap<>(); // {start, failures}

    static long delay(int beyond) {
      long delay = 1_000L;
      for (int i = 1; i < beyond; i++) {
        delay = Math.min(delay * 2, 60_000L);
      }
      return Math.min(delay, 60_000L);
    }

    void failure(String user, String source, long now) {
      int account = accountFailures.computeIfAbsent(user, k -> new int[1])[0] += 1;
      accountBlocked.put(user, new long[] {account > 6 ? now + delay(account - 6) : 0});
      String pair = user + "|" + source;
      int pairs = pairFailures.computeIfAbsent(pair, k -> new int[1])[0] += 1;
      pairBlocked.put(pair, new long[] {pairs > 3 ? now + delay(pairs - 3) : 0});
      long[] window = sourceWindow.get(source);
      if (window == null || now - window[0] >= 120_000) {
        sourceWindow.put(source, new long[] {now, 1});
      } else {
        window[1]++;
      }
    }

    /**
     * A charge taken back: the count is as before, but the delay restarts from the refunded
     * charge's time (the documented conservative side of a refund).
     */
    void refunded(String user, String source, long now) {
      int account = accountFailures.getOrDefault(user, new int[1])[0];
      if (account > 6) {
        accountBlocked.put(user, new long[] {now + delay(account - 6)});
      }
      String pair = user + "|" + source;
      int pairs = pairFailures.getOrDefault(pair, new int[1])[0];
      if (pairs > 3) {
        pairBlocked.put(pair, new long[] {now + delay(pairs - 3)});
      }
    }

    void sourceFailure(String source, long now) {
      long[] window = sourceWindow.get(source);
      if (window == null || now - window[0] >= 120_000) {
        sourceWindow.put(source, new long[] {now, 1});
      } else {
        window[1]++;
      }
    }

    void success(String user, String source) {
      accountFailures.remove(user);
      accountBlocked.remove(user);
      pairFailures.remove(user + "|" + source);
      pairBlocked.remove(user + "|" + source);
    }

    Optional<Duration> check(String user, String source, long now) {
      long until = 0;
      long[] account = accountBlocked.get(user);
      if (account != null) {
        until = Math.max(until, account[0]);
      }
      long[] pair = pairBlocked.get(user + "|" + source);
      if (pair != null) {
        until = Math.max(until, pair[0]);
      }
      long[] window = sourceWindow.get(source);
      if (window != null && window[1] >= 8 && now - window[0] < 120_000) {
        until = Math.max(until, window[0] + 120_000);
      }
      return until > now ? Optional.of(Duration.ofMillis(until - now)) : Optional.empty();
    }
  }

  /** The real throttle, the model and the clock they share. */
  static final class State {
    final Throttle real = new Throttle(POLICY);
    final Model model = new Model();
    long now = 1_700_000_000_000L;

    void assertAgree() {
      for (String user : USERS) {
        for (String source : SOURCES) {
          assertThat(real.check(user, source, now))
              .as("%s from %s at +%d ms", user, source, now)
              .isEqualTo(model.check(user, source, now));
        }
      }
    }

    @Override
    public String toString() {
      return "State[now=" + now + "]";
    }
  }

  private static Arbitrary<String> users() {
    return Arbitraries.of(USERS);
  }

  private static Arbitrary<String> sources() {
    return Arbitraries.of(SOURCES);
  }

  static final class Failure implements Action.Independent<State> {
    @Override
    public Arbitrary<Transformer<State>> transformer() {
      return Combinators.combine(users(), sources())
          .as((user, source) -> Transformer.mutate("failure " + user + " from " + source, state -> {
            Statistics.label("action").collect("failure");
            state.real.recordFailure(user, source, state.now);
            state.model.failure(user, source, state.now);
          }));
    }
  }

  static final class Success implements Action.Independent<State> {
    @Override
    public Arbitrary<Transformer<State>> transformer() {
      return Combinators.combine(users(), sources())
          .as((user, source) -> Transformer.mutate("success " + user + " from " + source, state -> {
            Statistics.label("action").collect("success");
            state.real.recordSuccess(user, source);
            state.model.success(user, source);
          }));
    }
  }

  /** How a charged attempt ends. */
  enum Ending {
    FAILURE,
    FAILURE_WHILE_CONFIGURATION_SUSPECTED,
    NOT_A_FAILURE,
    SUCCESS
  }

  /**
   * An attempt as the engine makes it: charged before hashing, then settled. One at a time it
   * must behave as the check-then-record it replaced.
   */
  static final class ChargedAttempt implements Action.Independent<State> {
    @Override
    public Arbitrary<Transformer<State>> transformer() {
      return Combinators.combine(users(), sources(), Arbitraries.of(Ending.class))
          .as((user, source, ending) ->
              Transformer.mutate("attempt " + user + " from " + source + ": " + ending, state -> {
                Optional<Duration> expected = state.model.check(user, source, state.now);
                Optional<Duration> wait = state.real.tryCharge(user, source, state.now);
                assertThat(wait).as("admission of %s from %s", user, source).isEqualTo(expected);
                Statistics.label("attempt").collect(wait.isPresent() ? "THROTTLED" : ending);
                if (wait.isPresent()) {
                  return;
                }
                switch (ending) {
                  case FAILURE -> {
                    state.real.keepCharge(user, source, state.now, false);
                    state.model.failure(user, source, state.now);
                  }
                  case FAILURE_WHILE_CONFIGURATION_SUSPECTED -> {
                    // counts like any failure: provoking the anomaly buys no extra guesses
                    state.real.keepCharge(user, source, state.now, true);
                    state.model.failure(user, source, state.now);
                  }
                  case NOT_A_FAILURE -> {
                    state.real.refund(user, source);
                    state.model.refunded(user, source, state.now);
                  }
                  case SUCCESS -> {
                    state.real.recordSuccess(user, source);
                    state.model.success(user, source);
                  }
                }
              }));
    }
  }

  static final class TimePasses implements Action.Independent<State> {
    @Override
    public Arbitrary<Transformer<State>> transformer() {
      return Arbitraries.longs().between(1, 90_000)
          .map(millis -> Transformer.mutate("wait " + millis + " ms", state -> {
            Statistics.label("action").collect("wait");
            state.now += millis;
          }));
    }
  }

  @Provide
  Arbitrary<ActionChain<State>> chains() {
    return ActionChain.startWith(State::new)
        .withAction(3, new Failure())
        .withAction(1, new Success())
        .withAction(3, new ChargedAttempt())
        .withAction(1, new TimePasses())
        .withMaxTransformations(60);
  }

  @Property(tries = 300)
  void throttle_agreesWithTheModel(@ForAll("chains") ActionChain<State> chain) {
    chain.withInvariant(State::assertAgree).run();
  }

  @Property(tries = 50)
  void chains_reachThrottledStates(@ForAll("chains") ActionChain<State> chain) {
    State end = chain.run();
    boolean throttled = false;
    for (String user : USERS) {
      for (String source : SOURCES) {
        @Nullable Duration wait = end.real.check(user, source, end.now).orElse(null);
        throttled |= wait != null;
      }
    }
    Statistics.label("ends throttled").collect(throttled);
    // the generators must reach throttled states, or the model comparison would prove little
    Statistics.label("ends throttled").coverage(coverage -> coverage.check(true).percentage(p -> p > 30));
  }
}
