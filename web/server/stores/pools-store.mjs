// Persistence of connection pools ({id, name, limit, timeout}).
const COLUMNS = 'id, name, "limit", timeout, created_at AS "createdAt", updated_at AS "updatedAt"';

export class PoolStore {
  constructor(db) {
    this.db = db;
  }

  list() { return this.db.all(`SELECT ${COLUMNS} FROM pools ORDER BY name, id`); }

  async get(id) { return (await this.db.get(`SELECT ${COLUMNS} FROM pools WHERE id = ?`, [id])) ?? null; }

  async insert(pool) {
    const now = Date.now();
    await this.db.run('INSERT INTO pools (id, name, "limit", timeout, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      [pool.id, pool.name, pool.limit, pool.timeout ?? null, now, now]);
  }

  async update(pool) {
    const { changes } = await this.db.run('UPDATE pools SET name = ?, "limit" = ?, timeout = ?, updated_at = ? WHERE id = ?',
      [pool.name, pool.limit, pool.timeout ?? null, Date.now(), pool.id]);
    return changes === 1;
  }

  async delete(id) { return (await this.db.run('DELETE FROM pools WHERE id = ?', [id])).changes === 1; }

  async usedBy(id) { return (await this.db.get('SELECT count(*) AS n FROM instances WHERE pool_id = ?', [id])).n; }
}

/** The pool as the API and the catalog see it (architecture.md, "connection pool"). */
export function presentPool(row) {
  return { id: row.id, name: row.name, limit: row.limit, timeout: row.timeout, createdAt: row.createdAt, updatedAt: row.updatedAt };
}
