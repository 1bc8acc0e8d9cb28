package dev.portcullis.auth.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Allows one WARN line per key (an outcome's ordinal) per interval, counting what it holds back,
 * so that an outage cannot flood the log.
 */
public final class WarningLimiter {
  private final long intervalMillis;
  private final AtomicLongArray lastLogged;
  private final AtomicLongArray suppressedSinceLast;
  private final AtomicLong suppressedTotal = new AtomicLong();

  /** A limiter for keys {@code 0 .. keys-1}. */
  public WarningLimiter(int keys, long intervalMillis) {
    this.intervalMillis = intervalMillis;
    this.lastLogged = new AtomicLongArray(keys);
    this.suppressedSinceLast = new AtomicLongArray(keys);
    for (int i = 0; i < keys; i++) {
      lastLogged.set(i, Long.MIN_VALUE);
    }
  }

  /**
   * Whether to log now for {@code key}; returns -1 to suppress, or how many lines were suppressed
   * since the last one (to say so in the line).
   */
  public long tryAcquire(int key, long nowMillis) {
    long last = lastLogged.get(key);
    boolean due = last == Long.MIN_VALUE || nowMillis - last >= intervalMillis;
    if (due && lastLogged.compareAndSet(key, last, nowMillis)) {
      return suppressedSinceLast.getAndSet(key, 0);
    }
    suppressedSinceLast.incrementAndGet(key);
    suppressedTotal.incrementAndGet();
    return -1;
  }

  /** Lines suppressed so far. */
  public long suppressed() {
    return suppressedTotal.get();
  }
}
