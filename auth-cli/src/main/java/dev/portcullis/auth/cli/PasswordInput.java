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
 * line ending ({@code \n} or {@code \r\n}), which must be valid UTF-8. The bytes are returned as
 * they are, so the password is hashed exactly as typed.
 */
final class PasswordInput {

  /** Longest first line read, in bytes: the engine's default limit of 1024 chars, 4 bytes each. */
  static final int MAX_LINE_BYTES = 4 * 1024;

  private PasswordInput() {}

  /**
   * Reads the first line.
   *
   * @throws CommandFailure if there is no line, the line is too long, or it is not UTF-8
   */
  static byte[] readFirstLine(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    boolean sawAnything = false;
    try {
      int next;
      while ((next = in.read()) != -1) {
        sawAnything = true;
        if (next == '\n') {
          break;
        }
        if (line.size() >= MAX_LINE_BYTES) {
          throw new CommandFailure(
              "the password on standard input is longer than " + MAX_LINE_BYTES + " bytes");
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
    requireUtf8(password);
    return password;
  }

  /** Encodes a password typed at a console (echo off) as UTF-8. */
  static byte[] fromConsole(char[] typed) {
    try {
      ByteBuffer buffer =
          StandardCharsets.UTF_8
              .newEncoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .encode(CharBuffer.wrap(typed));
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (CharacterCodingException e) {
      throw new CommandFailure("the password typed is not valid Unicode");
    } finally {
      Arrays.fill(typed, '\0');
    }
  }

  private static void requireUtf8(byte[] password) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(password));
    } catch (CharacterCodingException e) {
      Arrays.fill(password, (byte) 0);
      throw new CommandFailure("the password on standard input is not valid UTF-8");
    }
  }
}
