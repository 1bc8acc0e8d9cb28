package dev.portcullis.auth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the import's CSV reader, {@link ImportCommand#csvFields}: a record written the
 * RFC 4180 way (a field quoted when it holds a comma or a quote, its quotes doubled) reads back
 * as exactly its fields, and no single line, however broken, makes it throw anything but its
 * line problem (a line error, never a failed run).
 */
final class ImportCsvProperties {

  /** The characters CSV treats specially, spaces, and a few non-ASCII ones (no line breaks). */
  private static final String CSV_CHARS =
      "ab,,,\"\"\"  \t'$=;:{}\u0000\u00a0äöé€ßİı\ud83d\udd12\ud83d\ufeff";

  @Property(tries = 1000)
  void csvFields_ofAStandardRecord_givesExactlyItsFields(
      @ForAll("fieldLists") List<String> fields, @ForAll boolean quoteEveryField)
      throws Exception {
    String line = encode(fields, quoteEveryField);
    Statistics.label("fields").collect(fields.size() == 1 ? "1" : fields.size() <= 4 ? "2-4" : "5+");
    Statistics.label("a field needing quotes")
        .collect(fields.stream().anyMatch(ImportCsvProperties::needsQuotes));
    Statistics.label("an empty field").collect(fields.contains(""));

    assertThat(ImportCommand.csvFields(line)).containsExactlyElementsOf(fields);

    Statistics.label("a field needing quotes")
        .coverage(coverage -> {
          coverage.check(true).percentage(p -> p > 30);
          coverage.check(false).percentage(p -> p > 10);
        });
    Statistics.label("an empty field").coverage(coverage -> coverage.check(true).count(n -> n > 0));
  }

  @Property(tries = 1000)
  void csvFields_anySingleLine_throwsOnlyItsLineProblem(@ForAll("lines") String line) {
    boolean refused;
    try {
      List<String> fields = ImportCommand.csvFields(line);
      assertThat(fields).isNotEmpty();
      refused = false;
    } catch (Exception e) {
      // LineProblem is private to ImportCommand: name it as the class it is
      assertThat(e.getClass().getName()).isEqualTo(ImportCommand.class.getName() + "$LineProblem");
      assertThat(e.getMessage()).contains("unterminated quoted field");
      refused = true;
    }
    Statistics.label("refused").collect(refused);
    Statistics.label("refused")
        .coverage(coverage -> {
          coverage.check(true).percentage(p -> p > 5);
          coverage.check(false).percentage(p -> p > 5);
        });
  }

  @Provide
  Arbitrary<List<String>> fieldLists() {
    Arbitrary<String> fields =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars(CSV_CHARS).ofMaxLength(12),
            Arbitraries.strings().excludeChars('\n', '\r').ofMaxLength(12),
            Arbitraries.of("", "\"", "\"\"", ",", " \"a\" ", "\"a\"b", "pbkdf2_sha256$1000$s$h="));
    return fields.list().ofMinSize(1).ofMaxSize(8);
  }

  @Provide
  Arbitrary<String> lines() {
    // a well-formed record cut anywhere: often inside a quoted field
    Arbitrary<String> cutRecords =
        Combinators.combine(fieldLists(), Arbitraries.doubles().between(0, 1))
            .as((fields, cut) -> {
              String line = encode(fields, true);
              return line.substring(0, (int) (cut * line.length()));
            });
    return Arbitraries.oneOf(
        Arbitraries.strings().withChars(CSV_CHARS).ofMaxLength(40),
        Arbitraries.strings().excludeChars('\n', '\r').ofMaxLength(40),
        cutRecords);
  }

  private static boolean needsQuotes(String field) {
    return field.indexOf(',') >= 0 || field.indexOf('"') >= 0;
  }

  /** RFC 4180: fields joined by commas, a field quoted when needed (or always), quotes doubled. */
  private static String encode(List<String> fields, boolean quoteEveryField) {
    List<String> encoded = new ArrayList<>();
    for (String field : fields) {
      encoded.add(
          quoteEveryField || needsQuotes(field)
              ? "\"" + field.replace("\"", "\"\"") + "\""
              : field);
    }
    return String.join(",", encoded);
  }
}
