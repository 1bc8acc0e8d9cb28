package dev.portcullis.auth.hashers.legacy;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The hashes in src/test/resources/vectors/legacy/, written by each ecosystem's own tools. */
record LegacyVectors(String schemeId, String tool, String password, String encoded) {

  static final String LONG_94 = "0123456789".repeat(8) + "TAIL-BEYOND-72";
  static final List<String> FILES = List.of("unix-tools.tsv", "django.tsv", "spring-security.tsv");

  static List<LegacyVectors> all() {
    List<LegacyVectors> all = new ArrayList<>();
    FILES.forEach(file -> all.addAll(load(file)));
    return all;
  }

  static List<LegacyVectors> load(String file) {
    List<LegacyVectors> vectors = new ArrayList<>();
    try (InputStream in =
            Objects.requireNonNull(
                LegacyVectors.class.getResourceAsStream("/vectors/legacy/" + file), file);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        if (fields.length != 4) {
          throw new IllegalStateException(file + ": expected 4 fields in " + line);
        }
        vectors.add(new LegacyVectors(fields[0], fields[1], fields[2], fields[3]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return vectors;
  }

  @Override
  public String toString() {
    return schemeId + " by " + tool + " of " + (password.length() > 20 ? "a long password" : password);
  }
}
