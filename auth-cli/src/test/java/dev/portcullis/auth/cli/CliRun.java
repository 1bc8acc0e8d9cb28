package dev.portcullis.auth.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** One in-process authctl run, as a script sees it: stdin in; stdout, stderr, exit code out. */
final class CliRun {
  final int exitCode;
  final String out;
  final String err;

  private CliRun(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  static CliRun authctl(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode =
        AuthCtl.run(
            args,
            new ByteArrayInputStream(stdin),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8));
    return new CliRun(exitCode, out.toString(UTF_8), err.toString(UTF_8));
  }

  static CliRun authctl(String stdin, String... args) {
    return authctl(stdin.getBytes(UTF_8), args);
  }
}
