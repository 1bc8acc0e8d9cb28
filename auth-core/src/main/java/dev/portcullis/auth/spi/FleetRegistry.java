package dev.portcullis.auth.spi;

import java.time.Instant;
import java.util.List;

/**
 * Where the instances sharing a store record which configuration each runs, so that a
 * half-updated deployment is visible ({@code health()}, {@code authctl fleet}). A credential
 * store that can keep it implements this interface too (the JDBC and in-memory stores do); the
 * engine then records its instance on a heartbeat and removes it on close.
 *
 * <p>Implementations must be thread-safe; several instances write concurrently, each only its
 * own entry. Times come from the instances' clocks. Every infrastructure failure is a {@link
 * StoreException}; the engine logs it and carries on (the fleet view is optional, a login never
 * fails because of it).
 */
public interface FleetRegistry {

  /**
   * Records {@code member}, replacing the entry of the same instance id (an upsert).
   *
   * @throws StoreException if the store cannot answer
   */
  void heartbeat(FleetMember member);

  /**
   * Removes an instance's entry (a clean close).
   *
   * @return true if there was one
   * @throws StoreException if the store cannot answer
   */
  boolean leave(String instanceId);

  /**
   * Removes the entries whose last heartbeat is before {@code heartbeatBefore}: instances that
   * stopped without closing.
   *
   * @return how many were removed
   * @throws StoreException if the store cannot answer
   */
  int removeExpired(Instant heartbeatBefore);

  /**
   * Every recorded entry, expired or not (the caller decides by the heartbeat's age), ordered by
   * instance id.
   *
   * @throws StoreException if the store cannot answer
   */
  List<FleetMember> members();
}
