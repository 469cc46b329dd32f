// Instances of a connector: list, create, read, update, delete (the test of a stored
// instance is in connection.mjs). Every create and update is validated here with the same WebAssembly module
// as the page; the client's own checks are never trusted. A create validates (names taken)
// before its transaction and inserts in it; the UNIQUE constraint on (connector, name key)
// settles races with other transactions, in this process or on other nodes, and with the
// other creates of its group.
import { randomUUID } from 'node:crypto';
import { objectBody } from '../http/body.mjs';
import { conflict, notFound, unprocessable } from '../http/errors.mjs';
import { isForeignKeyViolation, isUniqueViolation } from '../stores/db.mjs';
import { recordAudit } from '../stores/audit.mjs';
import { SIGNED_IN, actorOf } from '../http/access.mjs';
import { idempotencyKeyOf, replay } from '../stores/idempotency.mjs';
import { dropMasks, extractSecrets, joinSecrets, mergeSecrets, presentSecrets } from '../security/secrets.mjs';
import { instanceValidator } from '../instance-validator.mjs';
import { pageLimit, pageOffset } from './query.mjs';
import { UNTESTED } from '../connection/results-store.mjs';

// Fields a read returns that a client may send back unchanged: left out of the input. The
// module's validation refuses any other member an instance does not have (unknown_field: a
// misspelt "timezone" must not silently fall back to the default).
const READ_ONLY = ['id', 'secrets', 'revision', 'createdAt', 'updatedAt', 'connection'];

export default function instanceRoutes(app, { db, validation, instances, idempotency, pools, connections }) {
  const base = '/api/connectors/:connectorId/instances';

  const connectorOf = (request) => {
    const connector = validation.connector(request.params.connectorId);
    if (!connector) throw notFound('No such connector.');
    return request.params.connectorId;
  };

  const present = (row) => {
    const spec = validation.secretSpec(row.connectorId, row.document.authMethodId);
    const masked = presentSecrets(row.document, row.secretPaths, spec);
    return {
      id: row.id, ...row.document, ...masked, revision: row.revision, createdAt: row.createdAt, updatedAt: row.updatedAt,
    };
  };

  /** Request body -> instance input: read-only fields dropped, connectorId from the path. */
  const inputOf = (request, connectorId) => {
    const body = objectBody(request);
    const errors = [];
    if (body.connectorId !== undefined && body.connectorId !== connectorId) errors.push(validation.connectorMismatchError(connectorId));
    const input = Object.fromEntries(Object.entries(body).filter(([k]) => !READ_ONLY.includes(k)));
    return { input: { ...input, connectorId }, errors };
  };

  const validate = instanceValidator({ validation, instances, pools });

  /** Translates constraint failures of a write into the answer the client can act on. */
  const constraintError = async (e, instance) => {
    if (isUniqueViolation(e, 'name_key')) {
      return unprocessable(validation.toLaravel([validation.nameTakenError(instance)]));
    }
    if (isForeignKeyViolation(e)) {
      // the pool or the instance whose limit is shared was deleted meanwhile (SQLite does not say which)
      const poolGone = instance?.poolId && !(await pools.get(instance.poolId));
      return unprocessable(validation.toLaravel([poolGone ? validation.poolMissingError(instance) : validation.limitOwnerMissingError(instance)]));
    }
    return e;
  };

  /** The row to store: normalised document + secrets taken from the (merged) input. */
  const record = (id, connectorId, input, instance) => {
    const { secrets, paths } = extractSecrets(input, instance, validation.secretSpec(connectorId, instance.authMethodId));
    return {
      id, connectorId, name: instance.name, nameKey: validation.nameKey(instance.name), poolId: instance.poolId ?? null,
      sharedLimitOf: instance.sharedLimitOf ?? null, document: instance, secrets, paths,
    };
  };

  app.get(base, SIGNED_IN, async (request) => {
    const connectorId = connectorOf(request);
    const limit = pageLimit(request.query.limit);
    const offset = pageOffset(request.query.offset);
    const { rows, total } = await instances.list(connectorId, { limit, offset });
    return { data: await Promise.all(rows.map((r) => connections.withStatus(present(r)))), total, limit, offset };
  });

  app.get(`${base}/:id`, SIGNED_IN, async (request) => {
    const row = await instances.get(connectorOf(request), request.params.id);
    if (!row) throw notFound('No such instance.');
    return connections.withStatus(present(row));
  });

  // Before the write lock: the validation by the module (names and pools as committed now;
  // a name taken or a pool deleted since is settled by the UNIQUE and foreign keys at the
  // insert), the sealing of the secrets, the audit details. In the write, which may share
  // its transaction and commit with other creates (db.groupedTransaction): with an
  // Idempotency-Key, the replay decision first (a retry racing its original, in this process
  // or another one on the same database, waits for it and then gets its answer, even when
  // its own validation failed because the original took the name), then the insert, the
  // idempotency record and the audit entry.
  app.post(base, SIGNED_IN, async (request, reply) => {
    const connectorId = connectorOf(request);
    const body = objectBody(request);
    const key = idempotencyKeyOf(request);
    const scope = `instances:create:${connectorId}`;
    const { tokenId } = request.principal;
    const { input: raw, errors } = inputOf(request, connectorId);
    const input = dropMasks(raw, validation.secretSpec(connectorId, raw.authMethodId));
    let instance;
    let row;
    let refusal = null;
    try {
      instance = await validate(input, connectorId, { earlier: errors });
      row = await instances.seal(record(randomUUID(), connectorId, input, instance));
    } catch (e) {
      if (!key) throw e;
      refusal = e; // unless the key replays an earlier answer
    }
    const audit = row && {
      ...actorOf(request), action: 'instance.created', subjectType: 'instance', subjectId: row.id, connectorId,
      outcome: 'succeeded', details: { fields: changedFields(null, null, row, null) },
    };
    let answer;
    let connection;
    let prior = null;
    try {
      await db.groupedTransaction(async () => {
        prior = key ? await idempotency.find(tokenId, scope, key, body) : null;
        if (prior) return;
        if (refusal) throw refusal;
        // whether a limit may be shared depends on other rows no constraint guards: decided again here
        if (row.sharedLimitOf !== null) await validate(input, connectorId, { earlier: errors });
        const stored = await instances.insert(row);
        // a new id has no earlier result: what this write recorded, or untested (no read
        // after the commit, which would wait for the sync of later commits)
        connection = await connections.afterWrite(tokenId, connectorId, row.id, { stored: joinSecrets(instance, row.secrets) })
          ?? UNTESTED;
        answer = present(stored);
        if (key) await idempotency.save(tokenId, scope, key, body, 201, answer);
        await recordAudit(db, audit);
      });
    } catch (e) {
      throw await constraintError(e, instance);
    }
    if (prior) {
      return replay(reply, prior, {
        exists: async (response) => (await instances.get(connectorId, response.id)) !== null,
        present: (response) => connections.withStatus(response),
      });
    }
    return reply.code(201).header('location', `/api/connectors/${encodeURIComponent(connectorId)}/instances/${answer.id}`).send({ ...answer, connection });
  });

  app.put(`${base}/:id`, SIGNED_IN, async (request) => {
    const connectorId = connectorOf(request);
    const stored = await instances.get(connectorId, request.params.id);
    if (!stored) throw notFound('No such instance.');
    const { input: raw, errors } = inputOf(request, connectorId);
    const storedSecrets = await instances.readSecrets(stored);
    const input = mergeSecrets(raw, storedSecrets, {
      sameAuthMethod: (raw.authMethodId ?? stored.document.authMethodId) === stored.document.authMethodId,
      spec: validation.secretSpec(connectorId, raw.authMethodId ?? stored.document.authMethodId),
    });
    const instance = await validate(input, connectorId, { exceptId: stored.id, earlier: errors });
    const row = record(stored.id, connectorId, input, instance);
    const before = await connections.fingerprintOf(connectorId, stored.id);
    let answer;
    try {
      await db.transaction(async () => {
        if (!(await instances.update(row))) throw notFound('No such instance.');
        await connections.afterWrite(request.principal.tokenId, connectorId, row.id, { before });
        answer = present(await instances.get(connectorId, row.id));
        await recordAudit(db, {
          ...actorOf(request), action: 'instance.updated', subjectType: 'instance', subjectId: row.id, connectorId,
          outcome: 'succeeded', details: { fields: changedFields(stored, storedSecrets, row, row.secrets) },
        });
      });
    } catch (e) {
      throw await constraintError(e, instance);
    }
    return connections.withStatus(answer);
  });

  app.delete(`${base}/:id`, SIGNED_IN, async (request, reply) => {
    const connectorId = connectorOf(request);
    const sharedMessage = (names) => `Other instances use this instance's rate limit${names ? ` (${names})` : ''}; give them a limit of their own first.`;
    try {
      await db.transaction(async () => {
        const sharing = await instances.sharingLimitOf(request.params.id);
        if (sharing.length > 0) throw conflict(sharedMessage(sharing.join(', ')), 'limit_shared');
        if (!(await instances.delete(connectorId, request.params.id))) throw notFound('No such instance.');
        await recordAudit(db, {
          ...actorOf(request), action: 'instance.deleted', subjectType: 'instance', subjectId: request.params.id, connectorId,
          outcome: 'succeeded',
        });
      });
    } catch (e) {
      // another process made an instance share this one's limit between the check and the delete
      if (isForeignKeyViolation(e)) throw conflict(sharedMessage(''), 'limit_shared');
      throw e;
    }
    return reply.code(204).send();
  });
}

/** Field paths that differ between two versions (names only: this goes to the audit trail). */
function changedFields(before, beforeSecrets, after, afterSecrets) {
  // with nothing before, a field counts when it has a value: no need to write the values out
  const encode = before ? JSON.stringify : (v) => (v === undefined ? undefined : '');
  const flat = (row, secrets) => {
    const out = new Map();
    if (!row) return out;
    for (const [k, v] of Object.entries(row.document)) {
      if (k === 'credentials' || k === 'certificate') continue;
      out.set(k, encode(v));
    }
    for (const [k, v] of Object.entries(row.document.credentials ?? {})) out.set(`credentials.${k}`, encode(v));
    for (const path of row.paths ?? row.secretPaths) {
      const [group, field] = path.split('.');
      const value = group === 'credentials' ? secrets?.credentials?.[field] : secrets?.certificate?.[field];
      out.set(path, secrets ? encode(value) : '?');
    }
    return out;
  };
  const a = flat(before, beforeSecrets);
  const b = flat(after, afterSecrets ?? after?.secrets);
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).sort();
}
