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
import java.util.concurrent.SynchronousQueue;
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
 * <p>A driver blocked in a socket read ignores interrupts, so a call given up on keeps its helper
 * thread until the driver returns. That is why the pool is bounded and never queues: while every
 * helper is stuck, a new call fails at once rather than waiting behind them or starting a thread.
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
    // no core threads and a hand-off queue: a thread per concurrent call up to the bound, idle
    // ones retire after a minute, and beyond the bound execute() refuses instead of queueing
    this.helpers =
        new ThreadPoolExecutor(
            0,
            policy.maxCallsInFlight(),
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            task -> {
              Thread thread =
                  new Thread(task, "portcullis-store-call-" + threadNumber.incrementAndGet());
              thread.setDaemon(true); // a driver stuck for ever must not keep the JVM alive
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
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
    long id = nextCallId.incrementAndGet();
    // RUNNING until the call succeeds (DONE) or its caller gives up (ABANDONED), whichever first
    AtomicInteger state = new AtomicInteger(RUNNING);
    Future<T> future;
    try {
      future =
          helpers.submit(
              () -> {
                running.put(id, new Call(operation, System.nanoTime()));
                try {
                  T result = call.get();
                  if (!state.compareAndSet(RUNNING, DONE) && undo != null) {
                    undoLate(operation, undo, result);
                  }
                  return result;
                } finally {
                  running.remove(id);
                }
              });
    } catch (RejectedExecutionException e) {
      rejected.increment();
      throw new StoreException(
          "store " + storeId + ": " + operation + " refused at once, all "
              + helpers.getMaximumPoolSize() + " store calls allowed in flight are busy"
              + " (store.max-calls-in-flight; the store is stalled or too slow)");
    }
    try {
      try {
        return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (!state.compareAndSet(RUNNING, ABANDONED)) {
          return future.get(); // it succeeded just now: its result stands
        }
        timedOut.increment();
        future.cancel(true); // a driver that honours interrupts gives the thread back now
        throw new StoreException(
            "store " + storeId + ": " + operation + " did not answer within " + timeoutMillis
                + " ms (store.call-timeout-millis)");
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new StoreException(
          "store " + storeId + ": " + operation + " failed", cause == null ? e : cause);
    } catch (InterruptedException e) {
      state.compareAndSet(RUNNING, ABANDONED);
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted while waiting for store " + storeId + ": " + operation);
    }
  }

  /** Takes back a write that landed after its caller gave up; best effort, on the helper. */
  private <T> void undoLate(String operation, Consumer<T> undo, T result) {
    Thread.interrupted(); // the cancel's interrupt is for the abandoned call, not for the undo
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
   * Stops the helpers: calls in flight are interrupted, new ones refused. Helpers stuck in a
   * driver end when it returns (they are daemon threads).
   */
  @Override
  public void close() {
    helpers.shutdownNow();
  }
}
