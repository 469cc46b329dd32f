-- Connection tests and OAuth 2 tokens, PostgreSQL dialect of ../002-connection.sql.

CREATE TABLE connection_tests (
  instance_id text    PRIMARY KEY REFERENCES instances(id) ON DELETE CASCADE,
  status      text    NOT NULL CHECK (status IN ('ok', 'failed')),
  code        text,
  message     text    NOT NULL,
  http_status integer,
  host        text,
  field       text,
  tested_at   bigint  NOT NULL
);

CREATE TABLE oauth_tokens (
  instance_id text    PRIMARY KEY REFERENCES instances(id) ON DELETE CASCADE,
  blob        bytea   NOT NULL,
  wrapped_key bytea   NOT NULL,
  key_version integer NOT NULL REFERENCES master_keys(version),
  expires_at  bigint,
  updated_at  bigint  NOT NULL
);
CREATE INDEX oauth_tokens_key_version ON oauth_tokens(key_version);
