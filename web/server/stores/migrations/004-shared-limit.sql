-- An instance may use another instance's rate limit instead of its own (requests through
-- both count against one window). The instance whose limit is shared cannot be deleted
-- while others use it (RESTRICT): they would otherwise send without any limit.
ALTER TABLE instances ADD COLUMN shared_limit_of TEXT REFERENCES instances(id) ON DELETE RESTRICT;
CREATE INDEX instances_shared_limit ON instances(shared_limit_of);
