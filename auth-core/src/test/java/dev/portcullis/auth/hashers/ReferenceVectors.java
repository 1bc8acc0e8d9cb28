package dev.portcullis.auth.hashers;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Hashes written by the reference {@code argon2} command line, read from the test resources:
 * {@code argon2-reference.tsv} (every variant, version and shape) and {@code argon2-backends.tsv}
 * (each with the backend that must compute it).
 */
final class ReferenceVectors {

  static final String REFERENCE = "/vectors/argon2-reference.tsv";
  static final String BACKENDS = "/vectors/argon2-backends.tsv";

  private ReferenceVectors() {}

  /** One line: name, password bytes, encoded hash and, in the backends file, the backend. */
  record Vector(String name, byte[] password, String encoded, @Nullable String backend) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Every vector of both files. */
  static List<Vector> all() {
    List<Vector> all = new ArrayList<>(read(REFERENCE));
    all.addAll(read(BACKENDS));
    return List.copyOf(all);
  }

  static List<Vector> read(String resource) {
    List<Vector> vectors = new ArrayList<>();
    try (InputStream in = ReferenceVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the test class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] columns = line.split("\t", -1);
        if (columns.length != 3 && columns.length != 4) {
          throw new IllegalStateException(
              "line of " + resource + " has " + columns.length + " columns: " + line);
        }
        vectors.add(
            new Vector(
                columns[0],
                HexFormat.of().parseHex(columns[1]),
                columns[2],
                columns.length == 4 ? columns[3] : null));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (vectors.isEmpty()) {
      throw new IllegalStateException(resource + " holds no vectors");
    }
    return List.copyOf(vectors);
  }
}
