package dev.portcullis.auth.benchmarks;

import dev.portcullis.auth.spi.PhcFormatException;
import dev.portcullis.auth.spi.PhcString;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds to parse one encoded hash with {@link PhcString#parse}: strict grammar, canonical
 * base64, parameters. The engine parses a stored hash more than once per login (the pepper key
 * id, then the hasher's own parse and rehash check), so this is most of Portcullis' own work
 * around the native hash; the goal is under 1 µs.
 *
 * <pre>{@code
 * mvn -B -q package -DskipTests -pl auth-benchmarks -am \
 *   && java -jar auth-benchmarks/target/benchmarks.jar PhcParseBenchmark
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class PhcParseBenchmark {

  /** The reference argon2 command line's hash under the OWASP row, without and with a key id. */
  @Param({
    "$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$0qsHs573+LgGInzYb7sRqlOTBmqY4X6srNEm6ybpJ20",
    "$argon2id$v=19$m=19456,t=2,p=1,keyid=k2$MDEyMzQ1Njc4OWFiY2RlZg$0qsHs573+LgGInzYb7sRqlOTBmqY4X6srNEm6ybpJ20"
  })
  @SuppressWarnings("NullAway.Init") // JMH sets every @Param field before the first @Setup runs
  public String encoded;

  /**
   * Proves the input parses and round-trips, so the benchmark measures the success path.
   *
   * @throws IllegalStateException if it does not
   */
  @Setup(Level.Trial)
  public void setUp() throws PhcFormatException {
    HasherBenchmark.check(PhcString.parse(encoded).encode().equals(encoded), "no round trip");
  }

  @Benchmark
  public PhcString parse() throws PhcFormatException {
    return PhcString.parse(encoded);
  }
}
