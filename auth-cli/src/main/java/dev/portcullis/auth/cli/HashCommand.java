package dev.portcullis.auth.cli;

import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.internal.Platform;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code authctl hash}: prints the encoded hash of stdin's password. */
@Command(
    name = "hash",
    description = {
      "Prints the encoded hash of the password on standard input's first line.",
      "Policy: Argon2id m=19456 KiB, t=2, p=1, 16-byte salt, 32-byte tag "
          + "(the OWASP minimum row), until configuration files arrive."
    },
    mixinStandardHelpOptions = true)
final class HashCommand implements Callable<Integer> {

  /** The policy authctl writes without a config: OWASP's usual minimum for Argon2id. */
  static final Argon2idPolicy POLICY = HashingPolicy.argon2id(19_456, 2, 1);

  private final Terminal terminal;

  HashCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    byte[] password = AuthCtl.readPassword(terminal);
    try {
      if (password.length == 0) {
        throw new CommandFailure("the password is empty");
      }
      Argon2Hasher hasher = loadHasher();
      terminal.out.println(hasher.hash(password, POLICY));
      return 0;
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  private static Argon2Hasher loadHasher() {
    Argon2Hasher hasher;
    try {
      hasher = new Argon2Hasher();
    } catch (LinkageError e) {
      throw new CommandFailure(
          "argon2 (argon2-jvm) could not load libargon2 on " + Platform.describe() + ": " + e);
    }
    try {
      hasher.selfTest();
    } catch (IllegalStateException e) {
      throw new CommandFailure(String.valueOf(e.getMessage()) + " on " + Platform.describe());
    }
    return hasher;
  }
}
