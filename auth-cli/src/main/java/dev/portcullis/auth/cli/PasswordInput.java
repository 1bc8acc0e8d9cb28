package dev.portcullis.auth.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the password as authctl's contract says: the first line of standard input, without its
 * line ending ({@code \n} or {@code \r\n}), which must be valid UTF-8. Nothing else is changed
 * (no trimming, no normalization), so the password is hashed exactly as typed.
 */
final class PasswordInput {

  private PasswordInput() {}

  /**
   * Reads the first line, refusing one longer than {@code maxLineBytes} before reading it all.
   *
   * @throws CommandFailure if there is no line, the line is too long, or it is not UTF-8
   */
  static char[] readFirstLine(InputStream in, long maxLineBytes) {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    boolean sawAnything = false;
    try {
      int next;
      while ((next = in.read()) != -1) {
        sawAnything = true;
        if (next == '\n') {
          break;
        }
        if (line.size() >= maxLineBytes) {
          throw new CommandFailure(
              "the password on standard input is longer than " + maxLineBytes
                  + " bytes (input.max-password-chars)");
        }
        line.write(next);
      }
    } catch (IOException e) {
      throw new CommandFailure("cannot read standard input: " + e.getMessage());
    }
    if (!sawAnything) {
      throw new CommandFailure(
          "no password on standard input (authctl reads the password from its first line)");
    }
    byte[] bytes = line.toByteArray();
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\r') {
      length--;
    }
    byte[] password = Arrays.copyOf(bytes, length);
    Arrays.fill(bytes, (byte) 0);
    try {
      return decodeUtf8(password);
    } finally {
      Arrays.fill(password, (byte) 0);
    }
  }

  private static char[] decodeUtf8(byte[] password) {
    CharBuffer chars;
    try {
      chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(password));
    } catch (CharacterCodingException e) {
      throw new CommandFailure("the password on standard input is not valid UTF-8");
    }
    char[] result = new char[chars.remaining()];
    chars.get(result);
    if (chars.hasArray()) {
      Arrays.fill(chars.array(), '\0');
    }
    return result;
  }
}
