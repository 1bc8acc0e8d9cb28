package dev.portcullis.auth.hashers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The arena pool's bookkeeping: reuse, the cap on mapped memory, eviction of other sizes. The
 * mapper records what would be mapped (the real one, over the native library, is exercised by
 * {@link NativeArgon2BackendTest}).
 */
final class Argon2ArenaPoolTest {

  private static final long MIB = 1024 * 1024;

  private final RecordingMapper mapper = new RecordingMapper();
  private final AtomicLong cap = new AtomicLong(64 * MIB);
  private final Argon2ArenaPool pool = new Argon2ArenaPool(mapper, cap::get);

  @Test
  void checkout_afterRelease_returnsTheSameArenaWithoutMapping() {
    Argon2ArenaPool.Arena first = checkout(19 * MIB);
    pool.release(first);

    Argon2ArenaPool.Arena second = checkout(19 * MIB);

    assertThat(second).isSameAs(first);
    assertThat(mapper.mapped).containsExactly(19 * MIB);
  }

  @Test
  void checkout_concurrentHashes_eachGetsItsOwnArena() {
    Argon2ArenaPool.Arena first = checkout(19 * MIB);
    Argon2ArenaPool.Arena second = checkout(19 * MIB);

    assertThat(second.memory).isNotEqualTo(first.memory);
    assertThat(pool.mappedBytes()).isEqualTo(38 * MIB);
  }

  @Test
  void checkout_beyondTheCap_returnsNullAndMapsNothing() {
    checkout(40 * MIB);

    assertThat(pool.checkout(40 * MIB)).isNull();
    assertThat(mapper.mapped).containsExactly(40 * MIB);
    assertThat(pool.mappedBytes()).isEqualTo(40 * MIB);
  }

  @Test
  void checkout_newSizeOverTheCap_unmapsIdleArenasOfOtherSizesFirst() {
    pool.release(checkout(40 * MIB));

    Argon2ArenaPool.Arena other = pool.checkout(46 * MIB);

    assertThat(other).isNotNull();
    assertThat(mapper.unmapped).containsExactly(40 * MIB);
    assertThat(pool.mappedBytes()).isEqualTo(46 * MIB);
  }

  @Test
  void release_afterTheCapShrank_unmapsTheArena() {
    Argon2ArenaPool.Arena arena = checkout(40 * MIB);
    cap.set(16 * MIB);

    pool.release(arena);

    assertThat(mapper.unmapped).containsExactly(40 * MIB);
    assertThat(pool.mappedBytes()).isZero();
    assertThat(pool.idleArenas()).isZero();
  }

  @Test
  void checkout_systemRefusesTheMapping_returnsNullAndReservesNothing() {
    mapper.refuse = true;

    assertThat(pool.checkout(8 * MIB)).isNull();
    assertThat(pool.mappedBytes()).isZero();
  }

  @Test
  void checkout_mapperThrows_givesTheReservationBack() {
    mapper.failure = new OutOfMemoryError("test");

    assertThatThrownBy(() -> pool.checkout(8 * MIB)).isInstanceOf(OutOfMemoryError.class);

    assertThat(pool.mappedBytes()).isZero();
  }

  @Test
  void prefault_mapsIdleArenasUpToTheCountAndTheCap() {
    assertThat(pool.prefault(19 * MIB, 2)).isEqualTo(2);
    assertThat(mapper.mapped).containsExactly(19 * MIB, 19 * MIB);

    assertThat(pool.prefault(19 * MIB, 100)).isEqualTo(3); // 64 MiB hold three, not four
    assertThat(pool.mappedBytes()).isEqualTo(57 * MIB);
  }

  @Test
  void checkout_afterPrefault_mapsNothing() {
    pool.prefault(19 * MIB, 2);

    checkout(19 * MIB);
    checkout(19 * MIB);

    assertThat(mapper.mapped).hasSize(2);
  }

  @Test
  void checkout_otherSizeWhenPinned_isMappedForThatHashAloneWithinTheCap() {
    pool.prefault(19 * MIB, 3); // 57 of 64 MiB

    Argon2ArenaPool.Arena oneOff = checkout(40 * MIB);
    assertThat(pool.mappedBytes()).isLessThanOrEqualTo(64 * MIB);
    pool.release(oneOff);

    assertThat(mapper.unmapped).containsExactly(19 * MIB, 19 * MIB, 40 * MIB);
    assertThat(pool.mappedBytes()).isEqualTo(19 * MIB);
    assertThat(pool.idleArenas()).isEqualTo(1);
  }

  @Test
  void prefault_newSize_unmapsIdleArenasOfTheOldOne() {
    pool.prefault(19 * MIB, 2);

    pool.prefault(46 * MIB, 1);

    assertThat(mapper.unmapped).containsExactly(19 * MIB, 19 * MIB);
    assertThat(pool.mappedBytes()).isEqualTo(46 * MIB);
  }

  @Test
  void unmapIdle_unmapsEveryIdleArenaButNoneInUse() {
    pool.prefault(19 * MIB, 2);
    checkout(19 * MIB);

    pool.unmapIdle();

    assertThat(mapper.unmapped).containsExactly(19 * MIB);
    assertThat(pool.mappedBytes()).isEqualTo(19 * MIB);
  }

  private Argon2ArenaPool.Arena checkout(long bytes) {
    Argon2ArenaPool.Arena arena = pool.checkout(bytes);
    assertThat(arena).as("arena of %d bytes", bytes).isNotNull();
    return java.util.Objects.requireNonNull(arena);
  }

  private static final class RecordingMapper implements Argon2ArenaPool.Mapper {
    final List<Long> mapped = new ArrayList<>();
    final List<Long> unmapped = new ArrayList<>();
    boolean refuse;
    @Nullable Error failure;
    private long nextAddress = 0x10_0000;

    @Override
    public synchronized @Nullable Pointer map(long bytes) {
      if (refuse) {
        return null;
      }
      if (failure != null) {
        throw failure;
      }
      mapped.add(bytes);
      nextAddress += bytes;
      return new Pointer(nextAddress); // never dereferenced
    }

    @Override
    public synchronized void unmap(Pointer arena, long bytes) {
      unmapped.add(bytes);
    }
  }
}
