// The audit trail, newest first: GET /api/audit?subjectId=&action=&limit=&before=
import { listAudit } from '../stores/audit.mjs';
import { pageLimit, positiveInteger } from './query.mjs';
import { SIGNED_IN } from '../http/access.mjs';

export default function auditRoutes(app, { db }) {
  app.get('/api/audit', SIGNED_IN, async (request) => {
    const q = request.query;
    const data = await listAudit(db, {
      subjectId: typeof q.subjectId === 'string' ? q.subjectId : undefined,
      action: typeof q.action === 'string' ? q.action : undefined,
      limit: pageLimit(q.limit),
      beforeId: q.before === undefined ? undefined : positiveInteger(q.before, 'before'),
    });
    return { data };
  });
}
