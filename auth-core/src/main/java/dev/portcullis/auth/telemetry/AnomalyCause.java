package dev.portcullis.auth.telemetry;

/** The likely cause of an anomaly, named from the outcome mix; the metric tag is {@link #id()}. */
public enum AnomalyCause {
  /**
   * The deployment's configuration: hashes the engine cannot verify (UNSUPPORTED_HASH,
   * PEPPER_KEY_MISSING, HASH_PARAMS_REJECTED), or BAD_PASSWORD rising while UNKNOWN_USER stays
   * flat, concentrated on one scheme or pepper key.
   */
  CONFIGURATION("configuration"),
  /** The credential store cannot answer (STORE_UNAVAILABLE). */
  STORE("store"),
  /** Hashing capacity is exhausted (OVERLOADED). */
  OVERLOAD("overload"),
  /** Failures spread over many users with UNKNOWN_USER rising: someone is replaying a list. */
  CREDENTIAL_STUFFING("credential-stuffing"),
  /** INTERNAL_ERROR: a bug in Portcullis or a plug-in. */
  INTERNAL("internal");

  private final String id;

  AnomalyCause(String id) {
    this.id = id;
  }

  /** Lower-case id for logs and metric tags, e.g. {@code credential-stuffing}. */
  public String id() {
    return id;
  }
}
