// The store on PostgreSQL (DATABASE_URL=postgres://...), for several server processes on
// several machines sharing one database (db.mjs describes the interface).
//
// A pg Pool; a transaction takes one client for BEGIN ... COMMIT at READ COMMITTED, and is
// run again from the start (at most MAX_ATTEMPTS times) when PostgreSQL aborts it as a
// deadlock victim or a serialization failure. What SQLite gets from its single writer is
// asked for explicitly here: unique constraints settle racing creates, `lockKey` (a
// transaction-scoped advisory lock) makes the second of two requests with one
// Idempotency-Key wait for the first, and `FOR UPDATE` / `FOR SHARE` lock the rows a
// re-encryption or a key rotation must not see change under it.
import pg from 'pg';
import { currentTransaction, runInTransaction } from './transaction-context.mjs';

const INT8_OID = 20;
// 40001 serialization_failure, 40P01 deadlock_detected: nothing was committed, try again
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;
// pg_advisory_lock key held while migrating: "conn" "inst" as two ASCII words
const MIGRATION_LOCK = [0x636f6e6e, 0x696e7374];

/**
 * bigint columns (epoch milliseconds, ids, counts) come from pg as text so that no precision
 * is lost; every one of ours is below 2^53, read as a number (and refused if not).
 */
function parseInt8(text) {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} is beyond the safe integer range`);
  return value;
}

const TYPES = {
  getTypeParser: (oid, format) => (oid === INT8_OID && format !== 'binary' ? parseInt8 : pg.types.getTypeParser(oid, format)),
};

// PostgreSQL's text cannot hold U+0000, which SQLite stores and the core accepts in a name.
// So that both engines store the same strings, NUL goes in as U+FFFF '0' and U+FFFF (a
// noncharacter, not expected in text) as U+FFFF U+FFFF: a one-to-one encoding, so equality
// (unique names, lookups) means the same as on SQLite; results are decoded.
const ESCAPE = '\uffff';
const encodeText = (value) => (typeof value === 'string' && /[\u0000\uffff]/.test(value)
  ? value.replace(/[\u0000\uffff]/g, (c) => (c === ESCAPE ? ESCAPE + ESCAPE : `${ESCAPE}0`)) : value);
const decodeText = (value) => (typeof value === 'string' && value.includes(ESCAPE)
  ? value.replace(/\uffff([\uffff0])/g, (_, c) => (c === ESCAPE ? ESCAPE : '\u0000')) : value);

function decodeRows(rows) {
  for (const row of rows) {
    for (const [column, value] of Object.entries(row)) if (typeof value === 'string' && value.includes(ESCAPE)) row[column] = decodeText(value);
  }
  return rows;
}

/** `?` placeholders (the statements are written for both engines) -> $1, $2, ... outside quotes. */
export function numberPlaceholders(sql) {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (m) => (m === '?' ? `$${(n += 1)}` : m));
}

export class PostgresDatabase {
  engine = 'postgres';
  forUpdate = ' FOR UPDATE';
  forShare = ' FOR SHARE';
  #sql = new Map(); // statement as written -> with numbered placeholders
  applied = [];

  /** @param {string} url  postgres://user:password@host:port/database (libpq's forms) */
  constructor(url, { poolSize = 10, onError = () => {} } = {}) {
    this.pool = new pg.Pool({ connectionString: url, max: poolSize, types: TYPES });
    // an idle client that loses its connection is dropped by the pool; without a listener
    // the 'error' event would end the process
    this.pool.on('error', onError);
  }

  /** The newest migration applied to the database (a readiness check reads it). */
  async schemaVersion() {
    const { rows: [{ version }] } = await this.pool.query('SELECT coalesce(max(version), 0) AS version FROM schema_version');
    return Number(version);
  }

  /** Applies the migrations not applied yet, under an advisory lock: of several processes starting at once, one migrates. */
  async migrate(migrations) {
    const client = await this.pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1, $2)', MIGRATION_LOCK);
      try {
        await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at bigint NOT NULL)');
        const { rows: [{ version }] } = await client.query('SELECT coalesce(max(version), 0) AS version FROM schema_version');
        for (const m of migrations) {
          if (m.version <= version) continue;
          await client.query('BEGIN');
          try {
            await client.query(m.sql);
            await client.query('INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)', [m.version, Date.now()]);
            await client.query('COMMIT');
          } catch (e) {
            await client.query('ROLLBACK');
            throw e;
          }
          this.applied.push(m.version);
        }
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, $2)', MIGRATION_LOCK);
      }
    } finally {
      client.release();
    }
    return this;
  }

  #query(sql, params) {
    let text = this.#sql.get(sql);
    if (text === undefined) {
      text = numberPlaceholders(sql);
      this.#sql.set(sql, text);
    }
    const runner = currentTransaction(this)?.client ?? this.pool;
    return runner.query(text, params.map(encodeText));
  }

  async get(sql, params = []) {
    return decodeRows((await this.#query(sql, params)).rows)[0];
  }

  async all(sql, params = []) {
    return decodeRows((await this.#query(sql, params)).rows);
  }

  async run(sql, params = []) {
    return { changes: (await this.#query(sql, params)).rowCount };
  }

  async exec(sql) {
    await this.#query(sql, []);
  }

  /**
   * Inside a transaction: waits until no other transaction holds `key`, then holds it until
   * this one ends (an advisory lock on a 64-bit hash of the text; a collision only makes two
   * unrelated transactions wait for each other).
   */
  async lockKey(key) {
    if (!currentTransaction(this)) throw new Error('lockKey outside a transaction');
    await this.#query('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
  }

  async transaction(fn) {
    if (currentTransaction(this)) return fn(); // nested: part of the open one
    for (let attempt = 1; ; attempt += 1) {
      const client = await this.pool.connect();
      const tx = { database: this, client, committed: [] };
      let broken;
      try {
        await client.query('BEGIN');
        const result = await runInTransaction(tx, fn);
        await client.query('COMMIT');
        for (const done of tx.committed) done();
        return result;
      } catch (e) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError; // the connection is unusable: the pool must not reuse it
        }
        if (!broken && RETRYABLE.has(e.code) && attempt < MAX_ATTEMPTS) continue;
        throw e;
      } finally {
        client.release(broken);
      }
    }
  }

  /**
   * A write that SQLite may group with others (db.mjs); here a transaction of its own: each
   * pooled connection commits by itself, and PostgreSQL already groups the WAL flushes of
   * commits that arrive together.
   */
  groupedTransaction(fn) {
    return this.transaction(fn);
  }

  /**
   * Runs `fn` once the open transaction has committed: never for an attempt that rolls back
   * or is run again; at once outside a transaction.
   */
  afterCommit(fn) {
    const tx = currentTransaction(this);
    if (tx) tx.committed.push(fn);
    else fn();
  }

  /**
   * Dead row versions are left to autovacuum; this rewrites the tables that held sealed
   * values and request HMACs so that their files keep no old version (VACUUM FULL). The
   * server's write-ahead log, its archives and replicas are PostgreSQL's to manage.
   */
  async compact() {
    await this.#query('VACUUM FULL instances, oauth_tokens, idempotency_keys', []);
    return { compacted: true, attempts: 1 };
  }

  async close() {
    await this.pool.end();
  }
}
