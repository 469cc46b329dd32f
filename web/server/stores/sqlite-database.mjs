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
//
// Group commit: writes started with `groupedTransaction` that wait for the lock at the same
// time share one BEGIN IMMEDIATE ... COMMIT, hence one fsync of the WAL at
// synchronous=FULL. Each runs inside a savepoint of its own, one after the other: a write
// that fails (a name already taken, by an earlier write of the same group too) rolls back to
// its savepoint and only its caller gets the error; every caller gets its answer once the
// shared COMMIT has returned, never before.
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
// At most this many writes share a commit (bounds the wait of the last one in a group).
const MAX_GROUP = 64;
// A write that lost its group's transaction through no fault of its own (SQLite rolled the
// whole transaction back for another write's error) is run again at most this many times.
const MAX_GROUP_ATTEMPTS = 3;

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
  #grouping;
  #waiting = []; // grouped writes waiting for the next group: {fn, resolve, reject, attempts}
  #groupScheduled = false;
  /** Group commit counters: transactions committed for grouped writes, writes in them, the largest group. */
  groupCounters = { groups: 0, writes: 0, largest: 0 };

  /**
   * Opens (creating if needed) the database in `dataDir` and brings its schema up to date.
   * Several processes may open the same file (the server and `cli.mjs`): each migration
   * runs under BEGIN IMMEDIATE and re-reads the schema version inside it.
   */
  constructor(dataDir, { synchronous = 'FULL', migrations, grouping = true }) {
    this.#grouping = grouping;
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

  /**
   * Like `transaction(fn)`, but the transaction may be shared with other grouped writes
   * waiting at the same time (group commit, described above); `fn` runs in a savepoint of
   * its own. With grouping off (SQLITE_GROUP_COMMIT=off), one transaction per call.
   */
  groupedTransaction(fn) {
    if (currentTransaction(this)) return fn(); // nested: part of the open one
    if (!this.#grouping) return this.transaction(fn);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ fn, resolve, reject, attempts: 0 });
      this.#scheduleGroup();
    });
  }

  // The group starts after the I/O callbacks of this turn of the event loop (setImmediate),
  // so that the requests read together join it, and after the transaction holding the lock.
  #scheduleGroup() {
    if (this.#groupScheduled) return;
    this.#groupScheduled = true;
    setImmediate(() => this.#mutex.run(() => this.#runGroup()));
  }

  #exec(sql) {
    this.#statement(this.connection, sql).run();
  }

  async #runGroup() {
    this.#groupScheduled = false;
    const members = this.#waiting.splice(0, MAX_GROUP);
    if (this.#waiting.length > 0) this.#scheduleGroup();
    try {
      await this.#commitGroup(members);
    } catch (e) {
      // the connection failed beyond a rollback: no member may wait forever (a settled
      // promise ignores the rejection)
      for (const member of members) member.reject(e);
      if (this.connection.inTransaction) this.connection.exec('ROLLBACK');
    }
  }

  async #commitGroup(members) {
    const done = []; // {member, tx, value} run without error, answered after the COMMIT
    try {
      this.#exec('BEGIN IMMEDIATE');
    } catch (e) {
      for (const member of members) member.reject(e);
      return;
    }
    for (const [index, member] of members.entries()) {
      const tx = { database: this, committed: [] };
      member.attempts += 1;
      try {
        this.#exec('SAVEPOINT grouped_write');
        const value = await runInTransaction(tx, member.fn);
        this.#exec('RELEASE grouped_write');
        done.push({ member, tx, value });
      } catch (error) {
        if (this.#rolledBackTo()) {
          member.reject(error);
          continue;
        }
        // the error ended the whole transaction: the others of the group run again
        member.reject(error);
        this.#retry([...done.map((d) => d.member), ...members.slice(index + 1)], error);
        return;
      }
    }
    try {
      this.#exec('COMMIT');
    } catch (e) {
      if (this.connection.inTransaction) this.connection.exec('ROLLBACK');
      for (const { member } of done) member.reject(e);
      return;
    }
    this.groupCounters.groups += 1;
    this.groupCounters.writes += members.length;
    this.groupCounters.largest = Math.max(this.groupCounters.largest, members.length);
    for (const { member, tx, value } of done) {
      try {
        for (const fn of tx.committed) fn();
        member.resolve(value);
      } catch (e) {
        member.reject(e);
      }
    }
  }

  /** After a grouped write failed: true when its savepoint was rolled back and the group goes on. */
  #rolledBackTo() {
    if (!this.connection.inTransaction) return false;
    try {
      this.#exec('ROLLBACK TO grouped_write');
      this.#exec('RELEASE grouped_write');
      return true;
    } catch {
      this.connection.exec('ROLLBACK');
      return false;
    }
  }

  /** Grouped writes whose transaction was rolled back under them: waiting again, first in line. */
  #retry(members, cause) {
    const again = [];
    for (const member of members) {
      if (member.attempts < MAX_GROUP_ATTEMPTS) again.push(member);
      else member.reject(cause);
    }
    if (again.length === 0) return;
    this.#waiting.unshift(...again);
    this.#scheduleGroup();
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

  /** After the transactions in progress, grouped writes waiting included. */
  async close() {
    while (this.#groupScheduled || this.#waiting.length > 0) await new Promise((resolve) => { setImmediate(resolve); });
    await this.#mutex.run(() => {
      this.reader.close();
      this.connection.close();
    });
  }
}
