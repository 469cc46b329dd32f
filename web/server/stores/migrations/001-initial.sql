-- Initial schema. Times are epoch milliseconds. Secrets live only in instances.secret_blob
-- (AES-256-GCM under a per-instance data key); nothing else in this file holds a secret.

-- Master keys known to this database, by version. The fingerprint (an HMAC of a constant
-- under the key) tells a wrong key from the right one without storing the key.
CREATE TABLE master_keys (
  version     INTEGER PRIMARY KEY,
  fingerprint TEXT    NOT NULL UNIQUE,
  created_at  INTEGER NOT NULL,
  retired_at  INTEGER
);

-- API tokens: only a SHA-256 of each token is kept. 'admin' is created on first start.
CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  name       TEXT    NOT NULL UNIQUE,
  token_hash TEXT    NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);

-- Page sessions (cookie), stored as a SHA-256 of the session id.
CREATE TABLE sessions (
  id_hash    TEXT    PRIMARY KEY,
  token_id   INTEGER NOT NULL REFERENCES api_tokens(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE pools (
  id         TEXT    PRIMARY KEY,
  name       TEXT    NOT NULL,
  "limit"    INTEGER NOT NULL,
  timeout    INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- One row per connector instance. `document` is the normalised instance without its
-- secrets; `name_key` is the name as compared for duplicates (the UNIQUE constraint is what
-- settles two racing creates).
CREATE TABLE instances (
  id           TEXT    PRIMARY KEY,
  connector_id TEXT    NOT NULL,
  name         TEXT    NOT NULL,
  name_key     TEXT    NOT NULL,
  pool_id      TEXT    REFERENCES pools(id) ON DELETE RESTRICT,
  document     TEXT    NOT NULL,
  secret_paths TEXT    NOT NULL,   -- JSON array of the secret field paths that hold a value
  secret_blob  BLOB,               -- AES-256-GCM(data key) of the secret values
  wrapped_key  BLOB,               -- the data key, AES-256-GCM(master key `key_version`)
  key_version  INTEGER REFERENCES master_keys(version),
  revision     INTEGER NOT NULL DEFAULT 1,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL,
  UNIQUE (connector_id, name_key)
);
CREATE INDEX instances_key_version ON instances(key_version);
CREATE INDEX instances_pool ON instances(pool_id);

-- Results of creates sent with an Idempotency-Key, replayed on a retry. `request_mac` is an
-- HMAC of the request body under a key derived from master key `key_version`.
CREATE TABLE idempotency_keys (
  token_id    INTEGER NOT NULL,
  scope       TEXT    NOT NULL,
  key         TEXT    NOT NULL,
  request_mac TEXT    NOT NULL,
  key_version INTEGER NOT NULL,
  status      INTEGER NOT NULL,
  response    TEXT    NOT NULL,
  created_at  INTEGER NOT NULL,
  PRIMARY KEY (token_id, scope, key)
);
CREATE INDEX idempotency_age ON idempotency_keys(created_at);

-- Who did what to which object, when. `details` holds field names, never values.
CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  at           INTEGER NOT NULL,
  actor        TEXT    NOT NULL,
  via          TEXT    NOT NULL,
  ip           TEXT,
  action       TEXT    NOT NULL,
  subject_type TEXT    NOT NULL,
  subject_id   TEXT,
  connector_id TEXT,
  outcome      TEXT    NOT NULL,
  details      TEXT
);
CREATE INDEX audit_subject ON audit_log(subject_id, id);
