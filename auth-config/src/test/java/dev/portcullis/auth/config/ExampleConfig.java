package dev.portcullis.auth.config;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The shipped examples/auth.properties, and a way to load variations of it. */
final class ExampleConfig {

  /** Maven runs tests in the module directory; the example lives at the repository root. */
  static final Path FILE = Path.of("..", "examples", "auth.properties");

  private ExampleConfig() {}

  static List<String> lines() {
    try {
      return Files.readAllLines(FILE, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads these lines as a file, with the given environment and no system properties. */
  static AuthConfig load(List<String> lines, Map<String, String> environment) {
    Path file = null;
    try {
      file = Files.createTempFile("auth", ".properties");
      Files.write(file, lines, UTF_8);
      return AuthConfigLoader.create()
          .file(file)
          .environment(environment)
          .systemProperties(Map.of())
          .load();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a leftover temp file does not change the result
        }
      }
    }
  }

  static AuthConfig load(List<String> lines) {
    return load(lines, Map.of());
  }

  /** The key of a "key = value" line, or null for comments and blank lines. */
  static String keyOf(String line) {
    String stripped = line.strip();
    if (stripped.isEmpty() || stripped.startsWith("#") || !stripped.contains("=")) {
      return "";
    }
    return stripped.substring(0, stripped.indexOf('=')).strip();
  }
}
