// The last connection test of each saved instance (table connection_tests). What the
// manage page shows: untested (no row), ok or failed with the message and time.
export class ConnectionResults {
  constructor(db) {
    this.stmt = {
      get: db.prepare(`SELECT status, code, message, http_status AS httpStatus, host, field, tested_at AS testedAt
        FROM connection_tests WHERE instance_id = ?`),
      upsert: db.prepare(`INSERT INTO connection_tests (instance_id, status, code, message, http_status, host, field, tested_at)
        VALUES (@id, @status, @code, @message, @httpStatus, @host, @field, @testedAt)
        ON CONFLICT(instance_id) DO UPDATE SET status = excluded.status, code = excluded.code, message = excluded.message,
          http_status = excluded.http_status, host = excluded.host, field = excluded.field, tested_at = excluded.tested_at`),
      delete: db.prepare('DELETE FROM connection_tests WHERE instance_id = ?'),
    };
  }

  /** {status: 'untested'} or the stored result (null members left out). */
  get(instanceId) {
    const row = this.stmt.get.get(instanceId);
    if (!row) return { status: 'untested' };
    return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null));
  }

  record(instanceId, result) {
    this.stmt.upsert.run({
      id: instanceId, status: result.status, code: result.code ?? null, message: result.message,
      httpStatus: result.httpStatus ?? null, host: result.host ?? null, field: result.field ?? null, testedAt: result.testedAt,
    });
  }

  clear(instanceId) {
    this.stmt.delete.run(instanceId);
  }
}
