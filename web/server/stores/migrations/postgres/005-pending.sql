-- Short-lived sealed state every node reads back, PostgreSQL dialect of ../005-pending.sql.
CREATE TABLE pending (
  id          text    PRIMARY KEY,
  kind        text    NOT NULL,
  owner       text,
  blob        bytea   NOT NULL,
  wrapped_key bytea   NOT NULL,
  key_version integer NOT NULL REFERENCES master_keys(version),
  expires_at  bigint  NOT NULL
);
CREATE INDEX pending_expiry ON pending(kind, expires_at);
CREATE INDEX pending_owner ON pending(kind, owner, expires_at);
CREATE INDEX pending_key_version ON pending(key_version);
