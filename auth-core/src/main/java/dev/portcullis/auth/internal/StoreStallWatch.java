package dev.portcullis.auth.internal;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One daemon thread for the whole process that runs every authenticator's periodic look at its
 * stuck store calls, so a stall is seen while no call returns and no login arrives. A task that
 * throws would stop its repetition, so every task is wrapped to survive its own failure.
 */
public final class StoreStallWatch {

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "portcullis-store-watch");
            thread.setDaemon(true);
            return thread;
          });

  private StoreStallWatch() {}

  /**
   * Runs {@code task} on {@code owner} every {@code period} until the returned future is
   * cancelled, or the owner is garbage (an authenticator dropped without {@code close()} is not
   * kept alive by its watch).
   */
  public static <T> ScheduledFuture<?> every(Duration period, T owner, Consumer<T> task) {
    WeakReference<T> reference = new WeakReference<>(owner);
    long millis = period.toMillis();
    return TIMER.scheduleWithFixedDelay(
        () -> {
          T target = reference.get();
          if (target == null) {
            throw new CancellationException("the owner is gone"); // ends the repetition
          }
          try {
            task.accept(target);
          } catch (RuntimeException e) {
            // the next round tries again; a failing look must not end the watch
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }
}
