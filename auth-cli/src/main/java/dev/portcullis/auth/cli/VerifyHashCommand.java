package dev.portcullis.auth.cli;

import dev.portcullis.auth.PasswordHashers;
import dev.portcullis.auth.PreflightException;
import dev.portcullis.auth.config.HashParameterCaps;
import dev.portcullis.auth.spi.PasswordHasher;
import dev.portcullis.auth.spi.PhcFormatException;
import dev.portcullis.auth.spi.PhcString;
import dev.portcullis.auth.spi.UnverifiableHashException;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code authctl verify-hash --encoded E}: checks stdin's password against an encoded hash, like
 * {@code htpasswd -v}. Recognizes every scheme Portcullis knows; parameters are capped with the
 * default caps before any work.
 */
@Command(
    name = "verify-hash",
    description = {
      "Checks the password on standard input's first line against an encoded hash.",
      "Exit 0 match, 1 mismatch, 2 cannot verify (malformed, unsupported, over the caps)."
    },
    mixinStandardHelpOptions = true)
final class VerifyHashCommand implements Callable<Integer> {

  private final Terminal terminal;

  @Option(
      names = "--encoded",
      required = true,
      paramLabel = "E",
      description = "The encoded hash, e.g. '$argon2id$v=19$m=19456,t=2,p=1$...$...'.")
  private String encoded = "";

  VerifyHashCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  @Override
  public Integer call() {
    PasswordHashers hashers;
    try {
      hashers = PasswordHashers.discover();
    } catch (PreflightException e) {
      throw new CommandFailure(String.valueOf(e.getMessage()));
    }
    String scheme =
        PasswordHashers.schemeIdOf(encoded)
            .orElseThrow(() -> new CommandFailure("cannot verify: no scheme id in the encoded hash"));
    PasswordHasher hasher =
        hashers
            .forEncodedHash(encoded)
            .orElseThrow(
                () ->
                    new CommandFailure(
                        "cannot verify: unsupported scheme '" + scheme + "', known: " + hashers));
    if (hasPepperKeyId(encoded)) {
      throw new CommandFailure(
          "cannot verify: the hash was peppered (keyid parameter) and authctl has no pepper keyring");
    }
    byte[] password = AuthCtl.readPassword(terminal);
    try {
      boolean matches = hasher.verify(password, encoded, HashParameterCaps.defaults());
      terminal.out.println(matches ? "match" : "mismatch");
      return matches ? 0 : 1;
    } catch (IllegalArgumentException e) {
      throw new CommandFailure("cannot verify: " + e.getMessage());
    } catch (UnverifiableHashException e) {
      throw new CommandFailure(
          "cannot verify ("
              + e.reason().name().toLowerCase(Locale.ROOT).replace('_', ' ')
              + "): "
              + e.getMessage());
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  private static boolean hasPepperKeyId(String encoded) {
    try {
      return PhcString.parse(encoded).param("keyid").isPresent();
    } catch (PhcFormatException e) {
      return false; // the hasher reports the format problem
    }
  }
}
