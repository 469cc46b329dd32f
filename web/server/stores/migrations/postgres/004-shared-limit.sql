-- An instance may use another instance's rate limit, PostgreSQL dialect of ../004-shared-limit.sql.
ALTER TABLE instances ADD COLUMN shared_limit_of text REFERENCES instances(id) ON DELETE RESTRICT;
CREATE INDEX instances_shared_limit ON instances(shared_limit_of);
