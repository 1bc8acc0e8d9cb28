package dev.portcullis.auth.internal;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.config.StoreCallPolicy;
import dev.portcullis.auth.spi.StoreException;
import dev.portcullis.auth.telemetry.StoreCallHealth;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs store calls on a bounded helper pool and gives up on each at its deadline, so that a
 * store that hangs (a data source without timeouts, a stalled network) cannot hang a login: the
 * caller gets a {@link StoreException}, which the engine reports as {@code STORE_UNAVAILABLE}.
 *
 * <p>A driver blocked in a socket read ignores interrupts (and H2 closes its database on one, so
 * none is sent), so a call given up on keeps its helper thread until the driver returns. That is
 * why the calls in flight are bounded: while every permit is held, a new call waits for one up to
 * its deadline and then fails, rather than queueing behind stuck calls or starting a thread.
 * Calls still running past their deadline are reported by {@link #health()}, which is what lets
 * the spike detector see a stall while the calls are stuck, not only once they return.
 */
public final class StoreCallGuard implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StoreCallGuard.class);
  private static final int RUNNING = 0;
  private static final int DONE = 1;
  private static final int ABANDONED = 2;

  /** A store call running now. */
  private record Call(String operation, long startedNanos) {}

  private final String storeId;
  private final long timeoutNanos;
  private final int timeoutMillis;
  private final int maxCallsInFlight;
  /** One per call submitted and not yet returned, stuck ones included. */
  private final Semaphore permits;
  private final ThreadPoolExecutor helpers;
  private final Map<Long, Call> running = new ConcurrentHashMap<>();
  private final AtomicLong nextCallId = new AtomicLong();
  private final LongAdder timedOut = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder lateUndone = new LongAdder();

  /**
   * A guard with the policy's deadline and pool size, for the store named {@code storeId} (in
   * messages and thread names).
   *
   * @throws NullPointerException if an argument is null
   */
  public StoreCallGuard(StoreCallPolicy policy, String storeId) {
    requireNonNull(policy, "policy");
    this.storeId = requireNonNull(storeId, "storeId");
    this.timeoutMillis = policy.timeoutMillis();
    this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(policy.timeoutMillis());
    AtomicInteger threadNumber = new AtomicInteger();
    this.maxCallsInFlight = policy.maxCallsInFlight();
    this.permits = new Semaphore(maxCallsInFlight);
    // at most one thread per permit, started on demand, idle ones retiring after a minute; the
    // permits bound what is submitted, so the queue holds a call only for the moment it takes
    // a helper that has just released its permit to come back for work
    this.helpers =
        new ThreadPoolExecutor(
            maxCallsInFlight,
            maxCallsInFlight,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread =
                  new Thread(task, "portcullis-store-call-" + threadNumber.incrementAndGet());
              thread.setDaemon(true); // a driver stuck for ever must not keep the JVM alive
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
    helpers.allowCoreThreadTimeOut(true);
  }

  /**
   * Runs {@code call} on a helper and waits for it up to the deadline.
   *
   * @param operation what the call does, for messages ({@code find}, {@code replaceHash}, ...)
   * @return what the call returned
   * @throws StoreException if the call failed with one, did not finish within the deadline, could
   *     not start because every helper is busy, or the caller was interrupted while waiting
   * @throws RuntimeException whatever else the call threw, unchanged
   */
  public <T> T call(String operation, Supplier<T> call) {
    return guarded(operation, call, null);
  }

  /**
   * Like {@link #call(String, Supplier)}, for a write its caller must not leave behind once it has
   * given up on it: if the call is abandoned at its deadline and then succeeds after all (the
   * stall ends), {@code undoIfAbandoned} runs with its result on the helper thread. A failure
   * charge that lands after its login was answered {@code STORE_UNAVAILABLE} is refunded this way,
   * so an outage never counts against an account.
   */
  public <T> T call(String operation, Supplier<T> call, Consumer<T> undoIfAbandoned) {
    return guarded(operation, call, requireNonNull(undoIfAbandoned, "undoIfAbandoned"));
  }

  private <T> T guarded(String operation, Supplier<T> call, @Nullable Consumer<T> undo) {
    long startedNanos = System.nanoTime();
    acquirePermit(operation);
    long id = nextCallId.incrementAndGet();
    // RUNNING until the call succeeds (DONE) or its caller gives up (ABANDONED), whichever first
    AtomicInteger state = new AtomicInteger(RUNNING);
    Future<T> future;
    try {
      future =
          helpers.submit(
              () -> {
                try {
                  if (state.get() == ABANDONED) {
                    return null; // its caller gave up before a helper picked it up: not run
                  }
                  running.put(id, new Call(operation, startedNanos)); // its caller's clock
                  T result = call.get();
                  if (!state.compareAndSet(RUNNING, DONE) && undo != null) {
                    undoLate(operation, undo, result);
                  }
                  return result;
                } finally {
                  running.remove(id);
                  permits.release(); // always runs: tasks are never cancelled, only abandoned
                }
              });
    } catch (RejectedExecutionException e) {
      permits.release();
      rejected.increment();
      throw new StoreException("store " + storeId + ": " + operation + " refused, the authenticator"
          + " is closed");
    }
    long remainingNanos = timeoutNanos - (System.nanoTime() - startedNanos);
    try {
      return future.get(Math.max(0, remainingNanos), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      if (!state.compareAndSet(RUNNING, ABANDONED)) {
        return awaitDone(future); // it succeeded just now: its result stands
      }
      timedOut.increment();
      // no interrupt: pgjdbc ignores it and H2 closes its database file on one; the helper
      // comes back when the driver returns (its socket timeout), and health() shows it meanwhile
      throw new StoreException(
          "store " + storeId + ": " + operation + " did not answer within " + timeoutMillis
              + " ms (store.call-timeout-millis)");
    } catch (ExecutionException e) {
      throw unwrap(operation, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (!state.compareAndSet(RUNNING, ABANDONED)) {
        return awaitDone(future); // it succeeded just now: its result stands
      }
      throw new StoreException("interrupted while waiting for store " + storeId + ": " + operation);
    }
  }

  /**
   * Takes one of the {@code store.max-calls-in-flight} permits, waiting for one up to the
   * deadline: a burst of logins on a healthy store waits a moment, while a pool held by stuck
   * calls fails the login at its deadline instead of queueing behind them or starting threads.
   */
  private void acquirePermit(String operation) {
    try {
      if (permits.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for store " + storeId + ": " + operation);
    }
    rejected.increment();
    throw new StoreException(
        "store " + storeId + ": " + operation + " could not start within " + timeoutMillis
            + " ms, all " + maxCallsInFlight + " store calls allowed in flight were busy"
            + " (store.max-calls-in-flight; the store is stalled or too slow)");
  }

  /** The result of a call known to have succeeded, waiting out an interrupt if need be. */
  private <T> T awaitDone(Future<T> future) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return future.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw unwrap("store call", e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private RuntimeException unwrap(String operation, ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new StoreException(
        "store " + storeId + ": " + operation + " failed", cause == null ? e : cause);
  }

  /** Takes back a write that landed after its caller gave up; best effort, on the helper. */
  private <T> void undoLate(String operation, Consumer<T> undo, T result) {
    try {
      undo.accept(result);
      lateUndone.increment();
    } catch (RuntimeException e) {
      log.warn("store {}: {} landed after its caller gave up, and taking it back failed: {}",
          storeId, operation, e.getMessage());
    }
  }

  /** Runs a call that returns nothing (see {@link #call(String, Supplier)}). */
  public void run(String operation, Runnable call) {
    call(
        operation,
        () -> {
          call.run();
          return null;
        });
  }

  /** Calls running now, and those of them past their deadline. */
  public StoreCallHealth health() {
    long now = System.nanoTime();
    int inFlight = 0;
    int overdue = 0;
    long oldestNanos = 0;
    for (Call call : running.values()) {
      inFlight++;
      long age = now - call.startedNanos();
      if (age > timeoutNanos) {
        overdue++;
        oldestNanos = Math.max(oldestNanos, age);
      }
    }
    return new StoreCallHealth(
        inFlight, overdue, Duration.ofNanos(oldestNanos), timedOut.sum(), rejected.sum());
  }

  /** Writes that landed after their caller gave up and were taken back since creation. */
  public long lateWritesUndone() {
    return lateUndone.sum();
  }

  /** Threads the helper pool holds now (busy or idle), at most {@code store.max-calls-in-flight}. */
  public int helperThreads() {
    return helpers.getPoolSize();
  }

  /**
   * Stops the helpers: new calls are refused, calls in flight finish (helpers stuck in a driver
   * end when it returns; they are daemon threads).
   */
  @Override
  public void close() {
    helpers.shutdown();
  }
}
