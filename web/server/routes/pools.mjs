// Connection pools: CRUD, validated by the WebAssembly module (validatePool). A pool that
// instances use cannot be deleted (409). Instance validation reads the pool list from the
// database on every call, so there is no cache to refresh.
import { randomBytes } from 'node:crypto';
import { objectBody } from '../http/body.mjs';
import { conflict, notFound, unprocessable } from '../http/errors.mjs';
import { isForeignKeyViolation, isUniqueViolation } from '../stores/db.mjs';
import { recordAudit } from '../stores/audit.mjs';
import { SIGNED_IN, actorOf } from '../http/access.mjs';
import { idempotencyKeyOf, replay } from '../stores/idempotency.mjs';
import { presentPool } from '../stores/pools-store.mjs';

const READ_ONLY = ['createdAt', 'updatedAt'];
const without = (body, keys) => Object.fromEntries(Object.entries(body).filter(([k]) => !keys.includes(k)));

export default function poolRoutes(app, { db, validation, pools, idempotency }) {
  const validated = (input) => {
    const result = validation.validatePool(input);
    if (!result.valid) throw unprocessable(validation.toLaravel(result.errors));
    return result.pool;
  };

  app.get('/api/pools', SIGNED_IN, async () => ({ data: (await pools.list()).map(presentPool) }));

  app.get('/api/pools/:poolId', SIGNED_IN, async (request) => {
    const row = await pools.get(request.params.poolId);
    if (!row) throw notFound('No such pool.');
    return presentPool(row);
  });

  // The replay decision and the insert are one transaction (as for instances).
  app.post('/api/pools', SIGNED_IN, async (request, reply) => {
    const body = objectBody(request);
    const key = idempotencyKeyOf(request);
    const scope = 'pools:create';
    const pool = validated({ id: `pool_${randomBytes(6).toString('hex')}`, ...without(body, READ_ONLY) });
    let answer;
    let prior = null;
    try {
      await db.transaction(async () => {
        prior = key ? await idempotency.find(request.principal.tokenId, scope, key, body) : null;
        if (prior) return;
        await pools.insert(pool);
        answer = presentPool(await pools.get(pool.id));
        if (key) await idempotency.save(request.principal.tokenId, scope, key, body, 201, answer);
        await recordAudit(db, { ...actorOf(request), action: 'pool.created', subjectType: 'pool', subjectId: pool.id, outcome: 'succeeded' });
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw unprocessable(validation.toLaravel([validation.poolIdTakenError(pool.id)]));
      throw e;
    }
    if (prior) return replay(reply, prior, { exists: async (response) => (await pools.get(response.id)) !== null });
    return reply.code(201).header('location', `/api/pools/${encodeURIComponent(pool.id)}`).send(answer);
  });

  app.put('/api/pools/:poolId', SIGNED_IN, async (request) => {
    const id = request.params.poolId;
    if (!(await pools.get(id))) throw notFound('No such pool.');
    const body = without(objectBody(request), READ_ONLY);
    const pool = validated({ ...body, id: body.id ?? id });
    if (pool.id !== id) throw unprocessable(validation.toLaravel([validation.poolIdChangedError()]));
    let answer;
    await db.transaction(async () => {
      if (!(await pools.update(pool))) throw notFound('No such pool.');
      answer = presentPool(await pools.get(id));
      await recordAudit(db, { ...actorOf(request), action: 'pool.updated', subjectType: 'pool', subjectId: id, outcome: 'succeeded' });
    });
    return answer;
  });

  app.delete('/api/pools/:poolId', SIGNED_IN, async (request, reply) => {
    const id = request.params.poolId;
    try {
      await db.transaction(async () => {
        const users = await pools.usedBy(id);
        if (users > 0) throw conflict(`The pool is used by ${users} instance${users === 1 ? '' : 's'}; move them to another pool first.`, 'pool_in_use');
        if (!(await pools.delete(id))) throw notFound('No such pool.');
        await recordAudit(db, { ...actorOf(request), action: 'pool.deleted', subjectType: 'pool', subjectId: id, outcome: 'succeeded' });
      });
    } catch (e) {
      // another process attached an instance between the count and the delete
      if (isForeignKeyViolation(e)) throw conflict('The pool is used by instances; move them to another pool first.', 'pool_in_use');
      throw e;
    }
    return reply.code(204).send();
  });
}
