package dev.portcullis.auth.internal;

import static java.util.Objects.requireNonNull;

import dev.portcullis.auth.spi.AuthListener;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to {@link AuthListener}s on one daemon thread, through a bounded queue: the
 * verifying thread only offers (never blocks), a full queue drops and counts, and a listener's
 * exception is caught, counted and logged at most once a minute.
 */
public final class ListenerDispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ListenerDispatcher.class);
  private static final long LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final List<AuthListener> listeners = new CopyOnWriteArrayList<>();
  private final BlockingQueue<Consumer<AuthListener>> queue;
  private final LongAdder failures = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final AtomicLong lastFailureLog = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
  private final String threadName;
  private @Nullable Thread thread;
  private volatile boolean closed;

  /** A dispatcher with a queue of {@code capacity} events. */
  public ListenerDispatcher(int capacity, String threadName) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.threadName = requireNonNull(threadName, "threadName");
  }

  /** Adds a listener; the delivery thread starts with the first one. */
  public synchronized void add(AuthListener listener) {
    requireNonNull(listener, "listener");
    if (closed) {
      throw new IllegalStateException("telemetry is closed");
    }
    listeners.add(listener);
    if (thread == null) {
      Thread started = new Thread(this::deliverLoop, threadName);
      started.setDaemon(true);
      started.start();
      thread = started;
    }
  }

  /** Removes a listener; true if it was registered. */
  public boolean remove(AuthListener listener) {
    return listeners.remove(listener);
  }

  /** Whether anyone listens, so that callers can skip building an event nobody receives. */
  public boolean hasListeners() {
    return !listeners.isEmpty() && !closed;
  }

  /** Queues an event for every listener; never blocks. Free when nobody listens. */
  public void publish(Consumer<AuthListener> delivery) {
    if (listeners.isEmpty() || closed) {
      return;
    }
    if (!queue.offer(delivery)) {
      dropped.increment();
    }
  }

  /** Exceptions thrown by listeners so far. */
  public long failures() {
    return failures.sum();
  }

  /** Events dropped because the queue was full. */
  public long dropped() {
    return dropped.sum();
  }

  private void deliverLoop() {
    while (true) {
      Consumer<AuthListener> delivery;
      try {
        delivery = queue.take();
      } catch (InterruptedException e) {
        return; // closed
      }
      for (AuthListener listener : listeners) {
        try {
          delivery.accept(listener);
        } catch (RuntimeException | LinkageError | AssertionError e) {
          failures.increment();
          long now = System.nanoTime();
          long last = lastFailureLog.get();
          if (now - last >= LOG_INTERVAL_NANOS && lastFailureLog.compareAndSet(last, now)) {
            log.warn(
                "listener {} threw {}; isolated, verification unaffected (logged once a minute)",
                listener.getClass().getName(),
                e.getClass().getName());
          }
        }
      }
    }
  }

  /**
   * Delivers what is queued, for up to {@code timeoutMillis}, then stops the thread. Events
   * published afterwards are ignored.
   */
  public void close(long timeoutMillis) {
    Thread running;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = thread;
    }
    if (running == null) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (!queue.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    running.interrupt();
  }

  @Override
  public void close() {
    close(1_000);
  }
}
