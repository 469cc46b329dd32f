-- What an API token may do, PostgreSQL dialect of ../003-token-scope.sql.
ALTER TABLE api_tokens ADD COLUMN scope text NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'proxy'));
ALTER TABLE api_tokens ADD COLUMN connectors text;
