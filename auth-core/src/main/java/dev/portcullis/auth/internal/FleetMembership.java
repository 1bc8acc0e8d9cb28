package dev.portcullis.auth.internal;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.FleetPolicy;
import dev.portcullis.auth.spi.CredentialStore;
import dev.portcullis.auth.spi.FleetMember;
import dev.portcullis.auth.spi.FleetRegistry;
import dev.portcullis.auth.telemetry.FleetView;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticator's entry in the fleet registry of its store: recorded at start, refreshed by
 * a heartbeat on a daemon thread ({@code fleet.heartbeat-seconds}), updated at once on reload,
 * removed on close. Each beat also drops entries older than {@code fleet.expiry-seconds} and
 * reads the fleet back, so {@link #view()} (which {@code health()} shows) never queries the store
 * itself.
 *
 * <p>The fleet view is optional: a store failure is logged (once per failure streak) and shown
 * in the view, never thrown to a login.
 */
public final class FleetMembership implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FleetMembership.class);
  /** How long close waits for a beat in flight before removing the entry. */
  private static final long CLOSE_WAIT_SECONDS = 10;

  private final @Nullable FleetRegistry registry;
  private final Clock clock;
  private final String instanceId;
  private final Instant startedAt;
  private final Consumer<FleetView> onView;
  private final @Nullable ScheduledExecutorService scheduler;
  private volatile AuthConfig config;
  private volatile FleetView view;
  private @Nullable ScheduledFuture<?> beating;
  private volatile boolean failing;

  private FleetMembership(
      @Nullable FleetRegistry registry,
      String instanceId,
      AuthConfig config,
      Clock clock,
      Consumer<FleetView> onView) {
    this.registry = registry;
    this.instanceId = instanceId;
    this.config = config;
    this.clock = clock;
    this.onView = onView;
    this.startedAt = clock.instant();
    this.view = registry == null
        ? FleetView.unavailable(FleetView.Status.NOT_SUPPORTED, "", startedAt)
        : FleetView.unavailable(FleetView.Status.UNAVAILABLE, "no heartbeat yet", startedAt);
    if (registry == null) {
      this.scheduler = null;
      return;
    }
    this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "portcullis-fleet-heartbeat");
      thread.setDaemon(true); // never keeps a JVM alive
      return thread;
    });
  }

  /**
   * Joins the fleet of {@code store} if it keeps a registry (and {@code join}): records this
   * instance at once, then on every heartbeat. {@code onView} receives each fresh view, on the
   * heartbeat thread.
   */
  public static FleetMembership join(
      CredentialStore store,
      @Nullable StoreCallGuard guard,
      boolean join,
      @Nullable String instanceId,
      AuthConfig config,
      Clock clock,
      Consumer<FleetView> onView) {
    requireNonNull(store, "store");
    FleetRegistry registry = join && store instanceof FleetRegistry r
        ? (guard != null ? guarded(r, guard) : r)
        : null;
    FleetMembership membership = new FleetMembership(
        registry, instanceId != null ? instanceId : defaultInstanceId(), config, clock, onView);
    if (registry != null) {
      membership.beat();
      membership.schedule(config.fleet());
    }
    return membership;
  }

  /**
   * {@code registry} with every call under the store call deadline, so that a stalled store
   * cannot hang {@code Authenticator.create} (the first beat), a reload or {@code close()} (the
   * leave).
   */
  static FleetRegistry guarded(FleetRegistry registry, StoreCallGuard guard) {
    return new FleetRegistry() {
      @Override
      public void heartbeat(FleetMember member) {
        guard.run("fleet heartbeat", () -> registry.heartbeat(member));
      }

      @Override
      public boolean leave(String instanceId) {
        return guard.call("fleet leave", () -> registry.leave(instanceId));
      }

      @Override
      public int removeExpired(Instant heartbeatBefore) {
        return guard.call("fleet removeExpired", () -> registry.removeExpired(heartbeatBefore));
      }

      @Override
      public List<FleetMember> members() {
        return guard.call("fleet members", registry::members);
      }
    };
  }

  /** Host name (a pod's name in Kubernetes), process id and a random suffix. */
  static String defaultInstanceId() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9._-]{1,100}")) {
      host = "host";
    }
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
  }

  /** This instance's id in the registry. */
  public String instanceId() {
    return instanceId;
  }

  /** The fleet as of the last heartbeat (or why it cannot be seen). */
  public FleetView view() {
    return view;
  }

  /** The config was swapped: records the new revision and fingerprint now, not at the next beat. */
  public synchronized void configChanged(AuthConfig newConfig) {
    FleetPolicy before = config.fleet();
    this.config = newConfig;
    ScheduledExecutorService executor = scheduler;
    if (executor == null || executor.isShutdown()) {
      return;
    }
    if (!before.equals(newConfig.fleet())) {
      schedule(newConfig.fleet());
    }
    executor.execute(this::beat);
  }

  private synchronized void schedule(FleetPolicy policy) {
    ScheduledExecutorService executor = requireNonNull(scheduler);
    if (beating != null) {
      beating.cancel(false);
    }
    long seconds = policy.heartbeatSeconds();
    beating = executor.scheduleWithFixedDelay(this::beat, seconds, seconds, TimeUnit.SECONDS);
  }

  /** Records this instance, drops expired entries, reads the fleet back. Never throws. */
  void beat() {
    FleetRegistry registry = this.registry;
    if (registry == null) {
      return;
    }
    AuthConfig current = config;
    Instant now = clock.instant();
    Duration expiry = Duration.ofSeconds(current.fleet().expirySeconds());
    try {
      registry.heartbeat(new FleetMember(
          instanceId, current.revision(), current.fingerprint(), startedAt, now));
      registry.removeExpired(now.minus(expiry));
      FleetView fresh = FleetView.of(registry.members(), now, expiry);
      view = fresh;
      if (failing) {
        failing = false;
        log.info("portcullis fleet registry recovered: {}", fresh.describe());
      }
      onView.accept(fresh);
    } catch (RuntimeException e) {
      view = FleetView.unavailable(FleetView.Status.UNAVAILABLE, describe(e), now);
      if (!failing) {
        failing = true;
        log.warn("portcullis fleet heartbeat failed (logins are not affected): {}", describe(e));
      }
    }
  }

  private static String describe(RuntimeException e) {
    // StoreException messages name the store and the SQLState, never a password or a URL secret
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + firstLine(message));
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** Stops the heartbeat thread and removes this instance's entry. */
  @Override
  public void close() {
    ScheduledExecutorService executor = scheduler;
    FleetRegistry registry = this.registry;
    if (executor == null || registry == null) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    try {
      registry.leave(instanceId);
    } catch (RuntimeException e) {
      log.warn("portcullis could not remove instance {} from the fleet registry; it expires in"
          + " {} s: {}", instanceId, config.fleet().expirySeconds(), describe(e));
    }
  }
}
