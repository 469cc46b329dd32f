-- Short-lived state that every node must read back (pending-store.mjs): OAuth 2 "Connect"
-- flows in progress and what the wizard tested or connected before the instance is saved.
-- Sealed like instance secrets; `id` is the kind and a SHA-256 of the key (an OAuth state
-- value never appears in clear); rows past `expires_at` are never read and are swept.
CREATE TABLE pending (
  id          TEXT    PRIMARY KEY,
  kind        TEXT    NOT NULL,
  owner       TEXT,
  blob        BLOB    NOT NULL,
  wrapped_key BLOB    NOT NULL,
  key_version INTEGER NOT NULL REFERENCES master_keys(version),
  expires_at  INTEGER NOT NULL
);
CREATE INDEX pending_expiry ON pending(kind, expires_at);
CREATE INDEX pending_owner ON pending(kind, owner, expires_at);
CREATE INDEX pending_key_version ON pending(key_version);
