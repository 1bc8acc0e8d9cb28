package dev.portcullis.auth.internal;

import dev.portcullis.auth.telemetry.LatencyHistogram;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** Counts latencies into fixed buckets from 100 µs to 10 s: constant memory, lock-free. */
public final class LatencyRecorder {

  private static final long[] UPPER_BOUNDS_MICROS = {
    100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
    1_000_000, 2_500_000, 10_000_000
  };

  private final LongAdder[] counts = new LongAdder[UPPER_BOUNDS_MICROS.length + 1];

  /** An empty recorder. */
  public LatencyRecorder() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** Counts one latency. */
  public void record(long nanos) {
    long micros = nanos / 1_000;
    int bucket = 0;
    while (bucket < UPPER_BOUNDS_MICROS.length && micros > UPPER_BOUNDS_MICROS[bucket]) {
      bucket++;
    }
    counts[bucket].increment();
  }

  /** A snapshot. */
  public LatencyHistogram snapshot() {
    List<Duration> bounds = new ArrayList<>();
    for (long micros : UPPER_BOUNDS_MICROS) {
      bounds.add(Duration.ofNanos(micros * 1_000));
    }
    List<Long> values = new ArrayList<>();
    for (LongAdder count : counts) {
      values.add(count.sum());
    }
    return new LatencyHistogram(bounds, values);
  }
}
