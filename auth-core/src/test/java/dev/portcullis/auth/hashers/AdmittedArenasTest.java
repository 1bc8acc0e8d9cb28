package dev.portcullis.auth.hashers;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.portcullis.auth.config.AdmissionPolicy;
import dev.portcullis.auth.config.Argon2idPolicy;
import dev.portcullis.auth.internal.Admission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An engine's arenas on the real native library: admission and arena checkout are one ledger (the
 * pool of an admission never maps more than its budget, however many threads hash), and arenas
 * are pre-faulted when the engine starts, so that an admitted hash takes no page faults.
 */
final class AdmittedArenasTest {

  private static final byte[] SALT = "sixteen byte salt".getBytes(UTF_8);

  @Test
  void prefault_thenAnAdmittedHash_takesNoPageFaults() throws IOException {
    NativeArgon2Backend backend = NativeArgon2Library.backend();
    Admission admission = new Admission(new AdmissionPolicy(8 * 1024, 2_000));
    Argon2Params params = new Argon2Params(Argon2Variant.ARGON2ID, 0x13, 1, 1_024, 1, 32);
    backend.rawHash(params, bytes("warm-up"), SALT, null, null); // loads classes, JITs the path

    int prefaulted = Argon2Arenas.prefault(admission, new Argon2idPolicy(1_024, 1, 1, 16, 32));
    long before = minorFaultsOfThisThread();
    byte[] tag = admitted(admission, 1_024, () -> backend.rawHash(params, bytes("pw"), SALT,
        null, null));
    long faults = minorFaultsOfThisThread() - before;

    assertThat(prefaulted).isEqualTo(Math.min(8, Runtime.getRuntime().availableProcessors()));
    assertThat(NativeArgon2Backend.poolOf(admission).mappedBytes())
        .isEqualTo(prefaulted * 1_024 * 1_024L);
    // a fresh 1 MiB arena is 256 pages, each a fault when first written
    assertThat(faults).as("minor page faults of one admitted hash").isLessThan(32);
    assertThat(tag).isEqualTo(backend.rawHash(params, bytes("pw"), SALT, null, null));
  }

  @Test
  void concurrentAdmittedHashes_neverMapMoreThanTheBudget() throws Exception {
    NativeArgon2Backend backend = NativeArgon2Library.backend();
    int budgetKib = 2_048; // four hashes of the live size at once, of the 16 threads
    Admission admission = new Admission(new AdmissionPolicy(budgetKib, 30_000));
    Argon2Arenas.prefault(admission, new Argon2idPolicy(512, 1, 1, 16, 32));
    Argon2Params live = new Argon2Params(Argon2Variant.ARGON2ID, 0x13, 1, 512, 1, 32);
    Argon2Params legacy = new Argon2Params(Argon2Variant.ARGON2ID, 0x13, 1, 1_536, 1, 32);
    byte[] liveTag = backend.rawHash(live, bytes("pw"), SALT, null, null);
    byte[] legacyTag = backend.rawHash(legacy, bytes("pw"), SALT, null, null);
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger wrong = new AtomicInteger();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        boolean oneOff = t % 4 == 0; // a quarter hash other parameters, a separate path
        Argon2Params params = oneOff ? legacy : live;
        byte[] expected = oneOff ? legacyTag : liveTag;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 10; i++) {
                    byte[] tag =
                        admitted(admission, params.memoryKib(),
                            () -> backend.rawHash(params, bytes("pw"), SALT, null, null));
                    if (!Arrays.equals(tag, expected)) {
                      wrong.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> future : done) {
        future.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    Argon2ArenaPool arenas = NativeArgon2Backend.poolOf(admission);
    assertThat(wrong).hasValue(0);
    assertThat(arenas.peakMappedBytes()).isLessThanOrEqualTo(budgetKib * 1024L);
    assertThat(arenas.mappedBytes()).isLessThanOrEqualTo(budgetKib * 1024L);
    assertThat(admission.inFlightKib()).isZero();
  }

  @Test
  void release_unmapsTheIdleArenas() {
    NativeArgon2Library.backend();
    Admission admission = new Admission(new AdmissionPolicy(4 * 1024, 2_000));
    Argon2Arenas.prefault(admission, new Argon2idPolicy(1_024, 1, 1, 16, 32));

    Argon2Arenas.release(admission);

    assertThat(NativeArgon2Backend.poolOf(admission).mappedBytes()).isZero();
  }

  private interface Hash {
    byte[] run();
  }

  /** What the engine does around a hash: admission first, released after. */
  private static byte[] admitted(Admission admission, int memoryKib, Hash hash) {
    assertThat(admission.acquire(memoryKib)).as("admitted").isTrue();
    try {
      return hash.run();
    } finally {
      admission.release(memoryKib);
    }
  }

  /** Field 10 of /proc/thread-self/stat: minor faults of the calling thread alone. */
  private static long minorFaultsOfThisThread() throws IOException {
    String stat = Files.readString(Path.of("/proc/thread-self/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[7]); // fields after "(comm)": state is field 3, minflt field 10
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
