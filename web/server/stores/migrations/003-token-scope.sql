-- What an API token may do: 'all' (every API route and the page) or 'proxy' (only the
-- request gateway and the usage of instances), optionally limited to some connectors
-- (a JSON array of connector ids; NULL: every connector).
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'all' CHECK (scope IN ('all', 'proxy'));
ALTER TABLE api_tokens ADD COLUMN connectors TEXT;
