-- Portcullis credential store, schema version 1, H2 2.x.
-- Applied by JdbcCredentialStore.createSchema() (and authctl init); idempotent. Services that run
-- their own migrations (Flyway, Liquibase, ...) can apply this file as it is instead.
-- Statements end with a semicolon at the end of a line.

CREATE TABLE IF NOT EXISTS portcullis_schema_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS portcullis_credentials (
  username VARCHAR(1024) PRIMARY KEY,
  password_hash VARCHAR(2048) NOT NULL,
  disabled BOOLEAN NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE IF NOT EXISTS portcullis_metadata (
  name VARCHAR(256) PRIMARY KEY,
  value_text VARCHAR(4096) NOT NULL
);

CREATE TABLE IF NOT EXISTS portcullis_throttle (
  throttle_key VARCHAR(600) PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_millis BIGINT NOT NULL
);

-- The fleet view: one row per running authenticator (its config revision and fingerprint),
-- refreshed by its heartbeat, removed on close; rows older than fleet.expiry-seconds are expired.
CREATE TABLE IF NOT EXISTS portcullis_instances (
  instance_id VARCHAR(200) PRIMARY KEY,
  revision VARCHAR(64) NOT NULL,
  fingerprint VARCHAR(128) NOT NULL,
  started_at_millis BIGINT NOT NULL,
  heartbeat_millis BIGINT NOT NULL
);

INSERT INTO portcullis_schema_version (id, version)
  SELECT 1, 1 WHERE NOT EXISTS (SELECT 1 FROM portcullis_schema_version WHERE id = 1);
