package dev.portcullis.auth.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy between the driver and the database that a test can cut (every connection reset,
 * new ones refused) and restore on the same port, stall (connections stay open and new ones are
 * accepted, but no byte moves either way: a network that drops packets, or a database frozen by a
 * lock or a full disk) and resume, or slow down (every chunk delayed): outages without touching
 * the database.
 */
final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile @Nullable ServerSocket server;
  private volatile boolean stalled;
  private volatile long delayMillis;

  TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    ServerSocket first = bind(0);
    this.port = first.getLocalPort();
    start(first);
  }

  int port() {
    return port;
  }

  /** Accepts connections again, on the same port. */
  void restore() throws IOException {
    start(bind(port));
  }

  /** Holds every byte in both directions, on open and new connections alike, until {@link #resume()}. */
  void stall() {
    stalled = true;
  }

  /** Lets the bytes held by a stall through, and new ones as they come. */
  void resume() {
    stalled = false;
  }

  /** Delays every chunk forwarded by {@code millis} (0: no delay). */
  void slow(long millis) {
    delayMillis = millis;
  }

  /** Threads of this proxy now (acceptors and pumps), to tell them from the code under test's. */
  static boolean isProxyThread(Thread thread) {
    return thread.getName().startsWith("tcp-proxy-");
  }

  /** Resets every connection and refuses new ones. */
  void cut() {
    ServerSocket current = server;
    server = null;
    if (current != null) {
      closeQuietly(current);
    }
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
    sockets.clear();
  }

  @Override
  public void close() {
    stalled = false;
    cut();
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return socket;
  }

  private void start(ServerSocket listening) {
    server = listening;
    Thread acceptor =
        new Thread(
            () -> {
              while (!listening.isClosed()) {
                try {
                  Socket client = listening.accept();
                  Socket upstream = new Socket(targetHost, targetPort);
                  sockets.add(client);
                  sockets.add(upstream);
                  pump(client, upstream);
                  pump(upstream, client);
                } catch (IOException e) {
                  // closed by cut(), or the database refused: the client sees a reset
                }
              }
            },
            "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) != -1) {
                  hold();
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException e) {
                // a cut
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits out a stall and the delay of a slow network; a cut ends the wait. */
  private void hold() throws IOException {
    long delay = delayMillis;
    try {
      if (delay > 0) {
        Thread.sleep(delay);
      }
      while (stalled) {
        Thread.sleep(5);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // already closed
    }
  }
}
