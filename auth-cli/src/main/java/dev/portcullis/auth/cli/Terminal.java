package dev.portcullis.auth.cli;

import static java.util.Objects.requireNonNull;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Console;
import org.jspecify.annotations.Nullable;

/**
 * Where a command reads the password and writes its output: the process's streams in
 * production, in-memory streams in tests.
 */
final class Terminal {
  final InputStream in;
  final PrintWriter out;
  final PrintWriter err;
  final @Nullable Console console;

  Terminal(InputStream in, PrintWriter out, PrintWriter err, @Nullable Console console) {
    this.in = requireNonNull(in, "in");
    this.out = requireNonNull(out, "out");
    this.err = requireNonNull(err, "err");
    this.console = console;
  }
}
