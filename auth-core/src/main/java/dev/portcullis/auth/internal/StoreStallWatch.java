package dev.portcullis.auth.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread for the whole process that runs every authenticator's periodic look at its
 * stuck store calls, so a stall is seen while no call returns and no login arrives. A task that
 * throws is logged by the caller's own code; here it would only stop its repetition, so every
 * task is wrapped to survive its own failure.
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

  /** Runs {@code task} every {@code period} until the returned future is cancelled. */
  public static ScheduledFuture<?> every(Duration period, Runnable task) {
    long millis = period.toMillis();
    return TIMER.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            // the next round tries again; a failing look must not end the watch
          }
        },
        millis,
        millis,
        TimeUnit.MILLISECONDS);
  }
}
