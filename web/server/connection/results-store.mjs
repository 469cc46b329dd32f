// The last connection test of each saved instance (table connection_tests). What the
// manage page shows: untested (no row), ok or failed with the message and time.

// The members record() stores, as get() names them.
const RESULT_MEMBERS = ['status', 'code', 'message', 'httpStatus', 'host', 'field', 'testedAt'];
export const UNTESTED = Object.freeze({ status: 'untested' });

export class ConnectionResults {
  constructor(db) {
    this.db = db;
  }

  /** {status: 'untested'} or the stored result (null members left out). */
  async get(instanceId) {
    const row = await this.db.get(`SELECT status, code, message, http_status AS "httpStatus", host, field, tested_at AS "testedAt"
      FROM connection_tests WHERE instance_id = ?`, [instanceId]);
    return row ? ConnectionResults.answerOf(row) : UNTESTED;
  }

  /** What get() answers once `result` is recorded: its stored members, null ones left out. */
  static answerOf(result) {
    return Object.fromEntries(RESULT_MEMBERS.filter((k) => result[k] !== null && result[k] !== undefined).map((k) => [k, result[k]]));
  }

  async record(instanceId, result) {
    await this.db.run(`INSERT INTO connection_tests (instance_id, status, code, message, http_status, host, field, tested_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT(instance_id) DO UPDATE SET status = excluded.status, code = excluded.code, message = excluded.message,
        http_status = excluded.http_status, host = excluded.host, field = excluded.field, tested_at = excluded.tested_at`, [
      instanceId, result.status, result.code ?? null, result.message,
      result.httpStatus ?? null, result.host ?? null, result.field ?? null, result.testedAt,
    ]);
  }

  async clear(instanceId) {
    await this.db.run('DELETE FROM connection_tests WHERE instance_id = ?', [instanceId]);
  }
}
