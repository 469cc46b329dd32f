-- Connection tests and OAuth 2 tokens (docs/connection-test.md).

-- The last connection test of each instance. No row: untested. The row is removed when the
-- instance's credentials change (the result no longer describes them).
CREATE TABLE connection_tests (
  instance_id TEXT    PRIMARY KEY REFERENCES instances(id) ON DELETE CASCADE,
  status      TEXT    NOT NULL CHECK (status IN ('ok', 'failed')),
  code        TEXT,
  message     TEXT    NOT NULL,
  http_status INTEGER,
  host        TEXT,
  field       TEXT,
  tested_at   INTEGER NOT NULL
);

-- OAuth 2 tokens of an instance, sealed like its secrets (AES-256-GCM under a fresh data key
-- wrapped by master key `key_version`); only the expiry is in clear.
CREATE TABLE oauth_tokens (
  instance_id TEXT    PRIMARY KEY REFERENCES instances(id) ON DELETE CASCADE,
  blob        BLOB    NOT NULL,
  wrapped_key BLOB    NOT NULL,
  key_version INTEGER NOT NULL REFERENCES master_keys(version),
  expires_at  INTEGER,
  updated_at  INTEGER NOT NULL
);
CREATE INDEX oauth_tokens_key_version ON oauth_tokens(key_version);
