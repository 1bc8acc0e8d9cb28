package dev.portcullis.auth.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.portcullis.auth.config.CachePolicy;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The opt-in verification cache: username to (the exact stored hash, HMAC-SHA-256 of the password
 * under a per-process random key). A hit needs both the same stored hash and the same digest,
 * compared in constant time; so a changed password misses and a wrong password never matches.
 * The key never leaves the process and dies with it.
 */
public final class VerificationCache {

  /** What one successful verification leaves behind. */
  private static final class Entry {
    final String storedHash;
    final byte[] digest;

    Entry(String storedHash, byte[] digest) {
      this.storedHash = storedHash;
      this.digest = digest;
    }
  }

  private final Cache<String, Entry> entries;
  private final byte[] key = new byte[32];
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** An empty cache with a fresh random key. */
  public VerificationCache(CachePolicy policy) {
    new SecureRandom().nextBytes(key);
    this.entries =
        Caffeine.newBuilder()
            // maintenance on the calling thread: bounds hold at once, no common-pool tasks
            .executor(Runnable::run)
            .maximumSize(policy.maxEntries())
            .expireAfterWrite(policy.ttlSeconds(), TimeUnit.SECONDS)
            .build();
  }

  /** The keyed digest of a password; the caller may keep it only as long as the attempt. */
  public byte[] digest(byte[] password) {
    return HmacSha256.mac(key, password);
  }

  /** Whether this user's last verified password, under this exact stored hash, has this digest. */
  public boolean matches(String username, String storedHash, byte[] digest) {
    Entry entry = entries.getIfPresent(username);
    boolean hit =
        entry != null
            && entry.storedHash.equals(storedHash)
            && MessageDigest.isEqual(entry.digest, digest);
    (hit ? hits : misses).increment();
    return hit;
  }

  /** Remembers a successful verification. */
  public void put(String username, String storedHash, byte[] digest) {
    entries.put(username, new Entry(storedHash, Arrays.copyOf(digest, digest.length)));
  }

  /** Forgets one user. */
  public void invalidate(String username) {
    entries.invalidate(username);
  }

  /** Forgets everyone. */
  public void invalidateAll() {
    entries.invalidateAll();
  }

  /** Hits so far. */
  public long hits() {
    return hits.sum();
  }

  /** Misses so far. */
  public long misses() {
    return misses.sum();
  }

  /** Entries now (an estimate). */
  public long size() {
    return entries.estimatedSize();
  }
}
