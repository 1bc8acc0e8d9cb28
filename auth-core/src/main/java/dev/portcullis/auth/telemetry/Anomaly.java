package dev.portcullis.auth.telemetry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An anomaly the spike detector raised: its likely cause and the evidence for that guess, in
 * words an operator can act on at 3 a.m. (shares, baselines, where failures concentrate).
 *
 * @param cause the likely cause
 * @param evidence why this cause, e.g. {@code BAD_PASSWORD 38% of 200 verifications (baseline
 *     7%); UNKNOWN_USER flat at 2%; 91% of them on pepper key k1}
 * @param since when it was raised
 */
public record Anomaly(AnomalyCause cause, String evidence, Instant since) {

  /**
   * Creates an anomaly.
   *
   * @throws NullPointerException if an argument is null
   */
  public Anomaly {
    requireNonNull(cause, "cause");
    requireNonNull(evidence, "evidence");
    requireNonNull(since, "since");
  }
}
