// Persistence of connection pools ({id, name, limit, timeout}).
const COLUMNS = 'id, name, "limit", timeout, created_at AS createdAt, updated_at AS updatedAt';

export class PoolStore {
  constructor(db) {
    this.stmt = {
      list: db.prepare(`SELECT ${COLUMNS} FROM pools ORDER BY name, id`),
      get: db.prepare(`SELECT ${COLUMNS} FROM pools WHERE id = ?`),
      insert: db.prepare('INSERT INTO pools (id, name, "limit", timeout, created_at, updated_at) VALUES (@id, @name, @limit, @timeout, @now, @now)'),
      update: db.prepare('UPDATE pools SET name = @name, "limit" = @limit, timeout = @timeout, updated_at = @now WHERE id = @id'),
      delete: db.prepare('DELETE FROM pools WHERE id = ?'),
      users: db.prepare('SELECT count(*) FROM instances WHERE pool_id = ?').pluck(),
    };
  }

  list() { return this.stmt.list.all(); }

  get(id) { return this.stmt.get.get(id) ?? null; }

  insert(pool) { this.stmt.insert.run({ ...pool, timeout: pool.timeout ?? null, now: Date.now() }); }

  update(pool) { return this.stmt.update.run({ ...pool, timeout: pool.timeout ?? null, now: Date.now() }).changes === 1; }

  delete(id) { return this.stmt.delete.run(id).changes === 1; }

  usedBy(id) { return this.stmt.users.get(id); }
}

/** The pool as the API and the catalog see it (architecture.md, "connection pool"). */
export function presentPool(row) {
  return { id: row.id, name: row.name, limit: row.limit, timeout: row.timeout, createdAt: row.createdAt, updatedAt: row.updatedAt };
}
