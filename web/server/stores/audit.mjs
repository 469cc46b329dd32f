// The audit trail: who did what to which object, when, and how it ended. Callers pass
// field names in `details`, never values, so that nothing secret can land here.

/**
 * Appends one entry. Call it inside the transaction of the change it describes, so that
 * the entry and the change commit (or roll back) together.
 */
export async function recordAudit(db, { actor, via, ip = null, action, subjectType, subjectId = null, connectorId = null, outcome, details = null }) {
  await db.run(`INSERT INTO audit_log (at, actor, via, ip, action, subject_type, subject_id, connector_id, outcome, details)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    Date.now(), actor, via, ip, action, subjectType, subjectId, connectorId, outcome,
    details === null ? null : JSON.stringify(details),
  ]);
}

/** Newest first; filters are optional. */
export async function listAudit(db, { subjectId, action, limit = 100, beforeId } = {}) {
  const where = [];
  const args = [];
  if (subjectId) { where.push('subject_id = ?'); args.push(subjectId); }
  if (action) { where.push('action = ?'); args.push(action); }
  if (beforeId) { where.push('id < ?'); args.push(beforeId); }
  args.push(limit);
  const rows = await db.all(`SELECT id, at, actor, via, ip, action, subject_type AS "subjectType", subject_id AS "subjectId",
      connector_id AS "connectorId", outcome, details FROM audit_log
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`, args);
  return rows.map((r) => ({ ...r, details: r.details === null ? null : JSON.parse(r.details) }));
}
