// The store on SQLite: one file under the data directory, WAL mode, foreign keys on,
// secure_delete on, migrations applied at open (db.mjs describes the interface).
//
// better-sqlite3 is synchronous, but a transaction here is an async function that may
// await between its statements. So that it stays atomic and no other write of this process
// lands inside it, write transactions are serialised by an in-process lock and run on the
// one writing connection with BEGIN IMMEDIATE (other processes wait for SQLite's write lock,
// up to the busy timeout). A statement outside a transaction reads through a second
// connection, which sees only committed data; a write outside a transaction is a
// transaction of its own.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AsyncMutex } from './async-mutex.mjs';
import { currentTransaction, runInTransaction } from './transaction-context.mjs';

export const DATABASE_FILE = 'connectors.sqlite';
// SQLite's companion files of the database: WAL, its shared-memory index, rollback journal.
const COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'];
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Mode 0600 for the database file and its companions. SQLite creates the WAL, the
 * shared-memory file and a journal with the mode of the database file, so creating that
 * file 0600 before SQLite opens it covers the others; files left 0644 by an older version
 * are tightened here, before anything is written.
 */
function restrictDatabaseFiles(path) {
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, ...COMPANION_SUFFIXES.map((suffix) => `${path}${suffix}`)]) {
    try {
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
  }
}

// One lock per database file: two SqliteDatabase objects of one process on the same file
// (the server and a tool, a test) take turns instead of one blocking the event loop in
// SQLite's busy wait while the other's transaction waits to go on.
const fileLocks = new Map();
const lockOf = (path) => {
  let lock = fileLocks.get(path);
  if (!lock) {
    lock = new AsyncMutex();
    fileLocks.set(path, lock);
  }
  return lock;
};

const bind = (params) => params.map((v) => (v === undefined ? null : v));

export class SqliteDatabase {
  engine = 'sqlite';
  // row locks are implicit: a write transaction holds the whole database
  forUpdate = '';
  forShare = '';
  #mutex;
  #statements = new WeakMap(); // connection -> Map(sql -> statement)

  /**
   * Opens (creating if needed) the database in `dataDir` and brings its schema up to date.
   * Several processes may open the same file (the server and `cli.mjs`): each migration
   * runs under BEGIN IMMEDIATE and re-reads the schema version inside it.
   */
  constructor(dataDir, { synchronous = 'FULL', migrations }) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.path = join(dataDir, DATABASE_FILE);
    restrictDatabaseFiles(this.path);
    this.#mutex = lockOf(realpathSync(this.path));
    /** The writing connection (better-sqlite3); tests read the file through it too. */
    this.connection = new Database(this.path, { timeout: BUSY_TIMEOUT_MS });
    // Deleted and overwritten content (an old secret blob, a wrapped key) is zeroed instead of
    // being left in free pages and free space inside pages. Per connection: every connection
    // that writes sets it.
    this.connection.pragma('secure_delete = ON');
    this.connection.pragma('journal_mode = WAL');
    // FULL: a commit survives power loss, not just a crashed process (NORMAL in WAL mode).
    this.connection.pragma(`synchronous = ${synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    this.connection.pragma('foreign_keys = ON');
    this.applied = this.#migrate(migrations);
    this.reader = new Database(this.path, { readonly: true, timeout: BUSY_TIMEOUT_MS });
  }

  #migrate(migrations) {
    const db = this.connection;
    const applied = [];
    const step = db.transaction((m) => {
      if (db.pragma('user_version', { simple: true }) >= m.version) return false;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
      return true;
    });
    for (const m of migrations) {
      if (step.immediate(m)) applied.push(m.version);
    }
    return applied;
  }

  #statement(connection, sql) {
    let cache = this.#statements.get(connection);
    if (!cache) {
      cache = new Map();
      this.#statements.set(connection, cache);
    }
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = connection.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  }

  #forRead(sql) {
    return this.#statement(currentTransaction(this) ? this.connection : this.reader, sql);
  }

  /** The newest migration applied to the database (a readiness check reads it). */
  async schemaVersion() {
    return this.reader.pragma('user_version', { simple: true });
  }

  async get(sql, params = []) {
    return this.#forRead(sql).get(...bind(params));
  }

  async all(sql, params = []) {
    return this.#forRead(sql).all(...bind(params));
  }

  /** A statement that changes rows: {changes}. Outside a transaction it is one by itself. */
  async run(sql, params = []) {
    if (!currentTransaction(this)) return this.transaction(() => this.run(sql, params));
    const { changes } = this.#statement(this.connection, sql).run(...bind(params));
    return { changes };
  }

  /** Statements of a migration or a maintenance step, no parameters. */
  async exec(sql) {
    if (!currentTransaction(this)) return this.transaction(() => this.exec(sql));
    this.connection.exec(sql);
    return undefined;
  }

  /** Inside a transaction: nothing to do, every write transaction already excludes the others. */
  async lockKey() {}

  async transaction(fn) {
    if (currentTransaction(this)) return fn(); // nested: part of the open one
    return this.#mutex.run(async () => {
      const tx = { database: this, committed: [] };
      this.connection.exec('BEGIN IMMEDIATE');
      try {
        const result = await runInTransaction(tx, fn);
        this.connection.exec('COMMIT');
        for (const done of tx.committed) done();
        return result;
      } catch (e) {
        if (this.connection.inTransaction) this.connection.exec('ROLLBACK');
        throw e;
      }
    });
  }

  /** Runs `fn` once the open transaction has committed (never if it rolls back); at once outside one. */
  afterCommit(fn) {
    const tx = currentTransaction(this);
    if (tx) tx.committed.push(fn);
    else fn();
  }

  /**
   * Removes deleted content from the database files: VACUUM rewrites the database without
   * free pages or free space inside pages, then a TRUNCATE checkpoint copies the result into
   * the database file (overwriting every page, cutting off the rest) and empties the WAL.
   *
   * Other connections keep working. Readers are not blocked; the VACUUM holds the write lock
   * while it copies the database, so writers wait for it (their busy timeout is 10 s). The
   * checkpoint needs a moment with no reader inside the WAL and holds off writers while it
   * waits, so each attempt waits only `busyMs` and the next one comes `pauseMs` later.
   * @returns {Promise<{compacted: boolean, attempts: number}>}  false: still busy after
   *   `attempts` (a long read transaction); running it again later finishes the job.
   */
  compact({ attempts = 40, busyMs = 250, pauseMs = 250 } = {}) {
    const db = this.connection;
    return this.#mutex.run(async () => {
      const timeout = db.pragma('busy_timeout', { simple: true });
      db.pragma(`busy_timeout = ${busyMs}`);
      try {
        let vacuumed = false;
        for (let attempt = 1; attempt <= attempts; attempt += 1) {
          try {
            if (!vacuumed) {
              db.exec('VACUUM');
              vacuumed = true;
            }
            const [{ busy, log }] = db.pragma('wal_checkpoint(TRUNCATE)');
            if (busy === 0 && log === 0) return { compacted: true, attempts: attempt };
          } catch (e) {
            if (e.code !== 'SQLITE_BUSY' && e.code !== 'SQLITE_LOCKED') throw e;
          }
          if (attempt < attempts) await sleep(pauseMs);
        }
        return { compacted: false, attempts };
      } finally {
        db.pragma(`busy_timeout = ${timeout}`);
      }
    });
  }

  /** After the transactions in progress. */
  async close() {
    await this.#mutex.run(() => {
      this.reader.close();
      this.connection.close();
    });
  }
}
