package dev.portcullis.auth.micrometer;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.spi.AuthListener;
import dev.portcullis.auth.telemetry.AnomalyCause;
import dev.portcullis.auth.telemetry.AnomalyEvent;
import dev.portcullis.auth.telemetry.VerificationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * A Micrometer {@link MeterBinder} for an {@link Authenticator}:
 *
 * <ul>
 *   <li>{@code portcullis.verifications} (Timer; tags {@code outcome}, {@code category}, {@code
 *       scheme}): every verification and its latency;
 *   <li>{@code portcullis.rehash} (FunctionCounter; tag {@code result}: written, conflict,
 *       skipped, failed): rehash-on-login writes;
 *   <li>{@code portcullis.anomalies} (Counter; tag {@code cause}): anomalies raised by the spike
 *       detector, and {@code portcullis.anomalies.active} (Gauge): how many are active now;
 *   <li>{@code portcullis.listener.failures}, {@code portcullis.listener.dropped} (FunctionCounter):
 *       the telemetry plumbing's own health;
 *   <li>{@code portcullis.admission.memory.inflight} (Gauge, KiB) and {@code
 *       portcullis.admission.queue} (Gauge): the hashing memory budget in use and the hashes
 *       waiting for it;
 *   <li>{@code portcullis.cache.requests} (FunctionCounter; tag {@code result}: hit, miss) and
 *       {@code portcullis.cache.size} (Gauge): the verification cache, when enabled;
 *   <li>{@code portcullis.store.calls.inflight}, {@code portcullis.store.calls.overdue} (Gauges)
 *       and {@code portcullis.store.calls.overdue.oldest} (Gauge, seconds): store calls running,
 *       those past {@code store.call-timeout-millis}, and the oldest one's age, so a stall shows
 *       while the calls are stuck; {@code portcullis.store.calls.abandoned} (FunctionCounter; tag
 *       {@code reason}: timeout, refused): calls given up at their deadline or refused because
 *       every helper was busy;
 *   <li>{@code portcullis.throttle.reset.failures} (FunctionCounter): successful logins whose
 *       failure counters could not be reset (the logins stood).
 * </ul>
 *
 * <p>Every tag value comes from an enum or from the set of schemes the engine knows, never from
 * the request: a username or a scheme name invented by a stored string cannot create a time
 * series. Verifications are recorded from the authenticator's listener thread, so they appear a
 * moment after the login returns.
 *
 * <pre>{@code
 * new PortcullisMetrics(authenticator).bindTo(meterRegistry);
 * }</pre>
 */
public final class PortcullisMetrics implements MeterBinder {

  /** Scheme tags outside the engine's known set are reported as this. */
  static final String OTHER_SCHEME = "other";

  private final Authenticator authenticator;

  /**
   * A binder for one authenticator.
   *
   * @throws NullPointerException if authenticator is null
   */
  public PortcullisMetrics(Authenticator authenticator) {
    this.authenticator = requireNonNull(authenticator, "authenticator");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    requireNonNull(registry, "registry");
    rehashCounter(registry, "written", a -> a.metrics().rehashWritten());
    rehashCounter(registry, "conflict", a -> a.metrics().rehashConflicts());
    rehashCounter(registry, "skipped", a -> a.metrics().rehashSkipped());
    rehashCounter(registry, "failed", a -> a.metrics().rehashFailed());
    FunctionCounter.builder(
            "portcullis.listener.failures", authenticator, a -> a.metrics().listenerFailures())
        .description("exceptions thrown by telemetry listeners (isolated)")
        .register(registry);
    FunctionCounter.builder(
            "portcullis.listener.dropped", authenticator, a -> a.metrics().listenerEventsDropped())
        .description("telemetry events dropped because the listener queue was full")
        .register(registry);
    Gauge.builder("portcullis.anomalies.active", authenticator, a -> a.health().activeAnomalies().size())
        .description("anomalies raised by the spike detector and not yet cleared")
        .register(registry);
    Gauge.builder("portcullis.admission.memory.inflight", authenticator,
            a -> a.metrics().admissionInFlightKib())
        .baseUnit("kibibytes")
        .description("Argon2 memory admitted and in use")
        .register(registry);
    Gauge.builder("portcullis.admission.queue", authenticator, a -> a.metrics().admissionQueueLength())
        .description("hashes waiting for room in the memory budget")
        .register(registry);
    FunctionCounter.builder("portcullis.cache.requests", authenticator, a -> a.metrics().cacheHits())
        .tag("result", "hit")
        .register(registry);
    FunctionCounter.builder("portcullis.cache.requests", authenticator, a -> a.metrics().cacheMisses())
        .tag("result", "miss")
        .register(registry);
    Gauge.builder("portcullis.cache.size", authenticator, a -> a.metrics().cacheSize())
        .description("users in the verification cache")
        .register(registry);
    Gauge.builder("portcullis.store.calls.inflight", authenticator,
            a -> a.health().storeCalls().inFlight())
        .description("store calls running now, stuck ones included")
        .register(registry);
    Gauge.builder("portcullis.store.calls.overdue", authenticator,
            a -> a.health().storeCalls().overdue())
        .description("store calls running past store.call-timeout-millis")
        .register(registry);
    Gauge.builder("portcullis.store.calls.overdue.oldest", authenticator,
            a -> a.health().storeCalls().oldestOverdue().toMillis() / 1_000.0)
        .baseUnit("seconds")
        .description("how long the oldest overdue store call has been running")
        .register(registry);
    FunctionCounter.builder("portcullis.store.calls.abandoned", authenticator,
            a -> a.health().storeCalls().timedOut())
        .tag("reason", "timeout")
        .description("store calls given up at their deadline, or refused with every helper busy")
        .register(registry);
    FunctionCounter.builder("portcullis.store.calls.abandoned", authenticator,
            a -> a.health().storeCalls().rejected())
        .tag("reason", "refused")
        .description("store calls given up at their deadline, or refused with every helper busy")
        .register(registry);
    FunctionCounter.builder("portcullis.throttle.reset.failures", authenticator,
            a -> a.metrics().throttleResetFailures())
        .description("successful logins whose failure counters could not be reset (they stood)")
        .register(registry);
    for (AnomalyCause cause : AnomalyCause.values()) {
      anomalies(registry, cause); // present at zero, so dashboards and alerts see the series
    }
    authenticator.addListener(new Recorder(registry, knownSchemes()));
  }

  private Set<String> knownSchemes() {
    return Set.copyOf(
        authenticator.hashers().all().stream()
            .flatMap(hasher -> hasher.schemeIds().stream())
            .collect(java.util.stream.Collectors.toSet()));
  }

  private void rehashCounter(
      MeterRegistry registry, String result, ToDoubleFunction<Authenticator> count) {
    FunctionCounter.builder("portcullis.rehash", authenticator, count)
        .tag("result", result)
        .description("rehash-on-login writes by result")
        .register(registry);
  }

  private static Counter anomalies(MeterRegistry registry, AnomalyCause cause) {
    return Counter.builder("portcullis.anomalies")
        .tag("cause", cause.id())
        .description("anomalies raised by the spike detector, by likely cause")
        .register(registry);
  }

  /** Records events into the registry on the authenticator's listener thread. */
  private static final class Recorder implements AuthListener {
    private final MeterRegistry registry;
    private final Set<String> knownSchemes;

    Recorder(MeterRegistry registry, Set<String> knownSchemes) {
      this.registry = registry;
      this.knownSchemes = knownSchemes;
    }

    @Override
    public void onVerification(VerificationEvent event) {
      String scheme = event.scheme();
      if (!scheme.equals("-") && !scheme.equals("unsupported") && !knownSchemes.contains(scheme)) {
        scheme = OTHER_SCHEME;
      }
      Timer.builder("portcullis.verifications")
          .tag("outcome", event.outcome().name())
          .tag("category", event.category().name())
          .tag("scheme", scheme)
          .description("password verifications by outcome")
          .register(registry)
          .record(event.duration());
    }

    @Override
    public void onAnomaly(AnomalyEvent event) {
      if (event.raised()) {
        anomalies(registry, event.anomaly().cause()).increment();
      }
    }
  }
}
