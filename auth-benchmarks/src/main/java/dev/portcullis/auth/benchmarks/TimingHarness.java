package dev.portcullis.auth.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.portcullis.auth.Authenticator;
import dev.portcullis.auth.Outcome;
import dev.portcullis.auth.config.AuthConfig;
import dev.portcullis.auth.config.HashingPolicy;
import dev.portcullis.auth.config.PepperPolicy;
import dev.portcullis.auth.config.ThrottlePolicy;
import dev.portcullis.auth.hashers.Argon2Hasher;
import dev.portcullis.auth.spi.StoredCredential;
import dev.portcullis.auth.store.InMemoryCredentialStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.apache.commons.codec.digest.Sha2Crypt;

/**
 * A dudect-style check that a wrong password takes as long for every known user as for an
 * unknown one: classes interleaved in a random order every round, each timed around one {@code
 * Authenticator.verify}, Welch's t for every pair of classes on the raw timings and on timings
 * cropped at the pooled 99th and 90th percentiles; |t| above 4.5 is a leak. Classes: an unknown
 * user, a user on the live policy, bcrypt cost 5 (htpasswd's default), sha512-crypt 5000 rounds
 * (the shadow default) and Argon2id m=4096 t=3 p=1 (Spring Security's default). Throttling is off
 * (every guess is wrong) and the store is in memory, so the hashing is all that is measured.
 *
 * <pre>{@code
 * mvn -B -q package -DskipTests -pl auth-benchmarks -am && java -cp \
 *   auth-benchmarks/target/benchmarks.jar dev.portcullis.auth.benchmarks.TimingHarness \
 *   [samples-per-class=4000] [live-memory-kib=19456] [live-iterations=2]
 * }</pre>
 */
public final class TimingHarness {

  private static final char[] RIGHT = "correct horse battery staple".toCharArray();
  private static final char[] WRONG = "wrong horse battery staple".toCharArray();
  private static final String[] CLASSES = {"unknown", "live", "bcrypt-5", "sha512crypt-5000", "argon2id-m4096-t3"};
  private static final double LEAK = 4.5;

  private TimingHarness() {}

  public static void main(String[] args) {
    int samples = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    int memoryKib = args.length > 1 ? Integer.parseInt(args[1]) : 19_456;
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    HashingPolicy live = HashingPolicy.argon2id(memoryKib, iterations, 1);
    AuthConfig.Builder config = AuthConfig.builder()
        .revision("timing-harness")
        .hashing(live)
        .pepper(PepperPolicy.none())
        .legacySchemes(Set.of("2y", "6"))
        .throttle(new ThrottlePolicy(false, 5, 20, false, 1_000, 900, 100, 600, 10_000, 3_600));
    boolean weak = memoryKib < 19_456 || (memoryKib == 19_456 && iterations < 2);
    if (weak) {
      config.allowWeakHashing("the timing harness runs a lighter live policy to fit its time");
    }
    byte[] right = new String(RIGHT).getBytes(UTF_8);
    InMemoryCredentialStore store = new InMemoryCredentialStore();
    try (Authenticator auth = Authenticator.create(config.build(), store)) {
      auth.setPassword("live", RIGHT);
      store.put(StoredCredential.of("bcrypt-5",
          new String(BCrypt.with(BCrypt.Version.VERSION_2Y).hash(5, right), US_ASCII)));
      store.put(StoredCredential.of("sha512crypt-5000", Sha2Crypt.sha512Crypt(right, "$6$saltsaltsaltsalt")));
      store.put(StoredCredential.of("argon2id-m4096-t3",
          new Argon2Hasher().hash(right, HashingPolicy.argon2id(4096, 3, 1))));

      int warmup = Math.max(50, samples / 20);
      long[][] timings = new long[CLASSES.length][samples];
      List<Integer> order = new ArrayList<>();
      for (int c = 0; c < CLASSES.length; c++) {
        order.add(c);
      }
      // a fixed seed only orders the classes; it makes a run repeatable, not its timings
      Random random = new Random(16);
      long start = System.nanoTime();
      for (int round = -warmup; round < samples; round++) {
        Collections.shuffle(order, random);
        for (int c : order) {
          String user = c == 0 ? "nobody-" + round : CLASSES[c];
          long before = System.nanoTime();
          Outcome outcome = auth.verify(user, WRONG).outcome();
          long took = System.nanoTime() - before;
          if (outcome != (c == 0 ? Outcome.UNKNOWN_USER : Outcome.BAD_PASSWORD)) {
            throw new IllegalStateException(CLASSES[c] + " answered " + outcome);
          }
          if (round >= 0) {
            timings[c][round] = took;
          }
        }
      }
      System.out.printf(Locale.ROOT,
          "live policy Argon2id m=%d t=%d p=1, %d samples per class, interleaved, %d warm-up rounds,"
              + " %.0f s%n", memoryKib, iterations, samples, warmup, (System.nanoTime() - start) / 1e9);
      for (int c = 0; c < CLASSES.length; c++) {
        long[] sorted = timings[c].clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "  %-18s median %7.2f ms, mean %7.2f ms%n",
            CLASSES[c], sorted[samples / 2] / 1e6, mean(timings[c]) / 1e6);
      }
      double worst = 0;
      System.out.printf(Locale.ROOT, "  %-40s %8s %8s %8s%n", "pair", "raw t", "p99 t", "p90 t");
      for (int a = 0; a < CLASSES.length; a++) {
        for (int b = a + 1; b < CLASSES.length; b++) {
          double raw = welch(timings[a], timings[b], Long.MAX_VALUE);
          double p99 = welch(timings[a], timings[b], pooledPercentile(timings[a], timings[b], 0.99));
          double p90 = welch(timings[a], timings[b], pooledPercentile(timings[a], timings[b], 0.90));
          worst = Math.max(worst, Math.max(Math.abs(raw), Math.max(Math.abs(p99), Math.abs(p90))));
          System.out.printf(Locale.ROOT, "  %-40s %8.2f %8.2f %8.2f%n",
              CLASSES[a] + " vs " + CLASSES[b], raw, p99, p90);
        }
      }
      System.out.printf(Locale.ROOT, "largest |t| = %.2f: %s%n", worst,
          worst < LEAK ? "no leak (every |t| < 4.5)" : "LEAK (some |t| >= 4.5)");
    }
  }

  private static double mean(long[] values) {
    double sum = 0;
    for (long v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static long pooledPercentile(long[] a, long[] b, double percentile) {
    long[] pooled = new long[a.length + b.length];
    System.arraycopy(a, 0, pooled, 0, a.length);
    System.arraycopy(b, 0, pooled, a.length, b.length);
    Arrays.sort(pooled);
    return pooled[(int) Math.min(pooled.length - 1, Math.floor(percentile * pooled.length))];
  }

  /** Welch's t of the timings of a and b at or below {@code crop}. */
  static double welch(long[] a, long[] b, long crop) {
    double[] sa = stats(a, crop);
    double[] sb = stats(b, crop);
    return (sa[1] - sb[1]) / Math.sqrt(sa[2] / sa[0] + sb[2] / sb[0]);
  }

  /** count, mean, sample variance of the values at or below crop. */
  private static double[] stats(long[] values, long crop) {
    double n = 0;
    double mean = 0;
    double m2 = 0;
    for (long v : values) {
      if (v > crop) {
        continue;
      }
      n++;
      double delta = v - mean;
      mean += delta / n;
      m2 += delta * (v - mean);
    }
    return new double[] {n, mean, n > 1 ? m2 / (n - 1) : 0};
  }
}
