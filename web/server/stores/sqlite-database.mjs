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
// shared COMMIT is on disk, never before.
//
// Durability at synchronous=FULL with group commit on: SQLite writes each commit to the WAL
// (running at NORMAL, it does not sync the WAL at a commit; it still syncs the WAL before a
// checkpoint, the database after one, and the WAL header when the WAL is reused), and this
// class then syncs the WAL file itself with fdatasync on libuv's thread pool. FULL's one
// other step at a commit, padding the WAL to a sector boundary, applies only to devices
// without powersafe overwrite, which SQLite's unix VFS assumes by default (better-sqlite3
// builds it so). The event loop goes on serving requests during the sync; when SQLite
// synced on the Node thread, the sync took about a fifth of that thread's time under a
// burst of creates. The guarantee is SQLite's FULL one:
//  - no write transaction's caller hears of its success before the sync that covers its
//    commit has returned (one sync covers every commit before it, so commits made while a
//    sync runs share the next one), and its afterCommit work runs only then;
//  - the write lock is held until then, so the next transaction starts on durable data;
//  - a read made while a commit is not yet on disk is answered once it is: nothing this
//    process answers shows data that a power loss could take back.
// A failed sync leaves unknown what reached the disk: the database refuses every later
// statement (DatabaseFailed) until the process restarts and SQLite recovers from the WAL.
// With group commit off, or synchronous=NORMAL, SQLite's own setting applies unchanged.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync, realpathSync, statSync } from 'node:fs';
import { open as openFile } from 'node:fs/promises';
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

/** Every statement after a failed sync of the WAL: what is on disk is unknown until a restart. */
export class DatabaseFailed extends Error {
  constructor(cause) {
    super('the database could not sync its log to disk; restart the server (SQLite recovers from its log)', { cause });
    this.name = 'DatabaseFailed';
    this.code = 'database_failed';
  }
}

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
  groupCounters = { groups: 0, writes: 0, largest: 0, walSyncs: 0 };
  // The WAL synced by this class (synchronous=FULL with grouping on; see the top): commits
  // are numbered, `#durable` is the last one on disk, `#syncing` the sync running now.
  #syncsWal;
  #committed = 0;
  #durable = 0;
  #syncing = null;
  #syncWaiters = []; // {seq, resolve, reject}, by seq
  #wal = null; // FileHandle of the WAL file, opened at the first sync
  #failed = null;
  #syncFile; // (FileHandle) => Promise: fdatasync; a test holds or fails it

  /**
   * Opens (creating if needed) the database in `dataDir` and brings its schema up to date.
   * `syncFile(handle)` syncs the WAL when this class does (fdatasync; tests replace it).
   * Several processes may open the same file (the server and `cli.mjs`): each migration
   * runs under BEGIN IMMEDIATE and re-reads the schema version inside it.
   */
  constructor(dataDir, { synchronous = 'FULL', migrations, grouping = true, syncFile = (file) => file.datasync() }) {
    this.#grouping = grouping;
    this.#syncFile = syncFile;
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
    // the migrations committed at FULL; from here the WAL is synced by this class
    this.#syncsWal = grouping && synchronous !== 'NORMAL';
    if (this.#syncsWal) this.connection.pragma('synchronous = NORMAL');
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

  /** A read: in the open transaction, or else through the reader once what it saw is on disk. */
  async #read(sql, params, method) {
    if (this.#failed) throw new DatabaseFailed(this.#failed);
    if (currentTransaction(this)) return this.#statement(this.connection, sql)[method](...bind(params));
    const result = this.#statement(this.reader, sql)[method](...bind(params));
    if (this.#committed > this.#durable) await this.#onDisk(this.#committed);
    return result;
  }

  /** The newest migration applied to the database (a readiness check reads it). */
  async schemaVersion() {
    if (this.#failed) throw new DatabaseFailed(this.#failed);
    return this.reader.pragma('user_version', { simple: true });
  }

  async get(sql, params = []) {
    return this.#read(sql, params, 'get');
  }

  async all(sql, params = []) {
    return this.#read(sql, params, 'all');
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
      if (this.#failed) throw new DatabaseFailed(this.#failed);
      const tx = { database: this, committed: [] };
      this.connection.exec('BEGIN IMMEDIATE');
      let result;
      try {
        result = await runInTransaction(tx, fn);
        this.connection.exec('COMMIT');
      } catch (e) {
        if (this.connection.inTransaction) this.connection.exec('ROLLBACK');
        throw e;
      }
      await this.#commitOnDisk();
      for (const done of tx.committed) done();
      return result;
    });
  }

  /** After a COMMIT: resolves once it is on disk (at once when SQLite synced it itself). */
  #commitOnDisk() {
    if (!this.#syncsWal) return undefined;
    this.#committed += 1;
    return this.#onDisk(this.#committed);
  }

  /** Resolves once commit `seq` is on disk; rejects with DatabaseFailed when its sync failed. */
  #onDisk(seq) {
    if (this.#failed) return Promise.reject(new DatabaseFailed(this.#failed));
    if (seq <= this.#durable) return undefined;
    return new Promise((resolve, reject) => {
      this.#syncWaiters.push({ seq, resolve, reject });
      this.#syncWal();
    });
  }

  // One sync at a time: it covers every commit made before it started, and the commits made
  // while it runs wait for the next one.
  #syncWal() {
    if (this.#syncing) return;
    const upTo = this.#committed;
    this.#syncing = (async () => {
      this.#wal ??= await openFile(`${this.path}-wal`, 'r');
      await this.#syncFile(this.#wal);
    })().then(() => {
      this.#syncing = null;
      this.#durable = upTo;
      this.groupCounters.walSyncs += 1;
      const waiting = this.#syncWaiters;
      this.#syncWaiters = waiting.filter((w) => w.seq > upTo);
      for (const w of waiting) if (w.seq <= upTo) w.resolve();
      if (this.#syncWaiters.length > 0) this.#syncWal();
    }, (e) => {
      this.#syncing = null;
      this.#failed = e;
      const waiting = this.#syncWaiters;
      this.#syncWaiters = [];
      for (const w of waiting) w.reject(new DatabaseFailed(e));
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
    // {member, error} refused inside the group: answered after the COMMIT too, since the
    // refusal may rest on a write of the same group (a name taken by an earlier member)
    const refused = [];
    try {
      if (this.#failed) throw new DatabaseFailed(this.#failed);
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
          refused.push({ member, error });
          continue;
        }
        // the error ended the whole transaction: the others of the group run again (what
        // this one saw was durable or is rolled back, so its answer need not wait)
        member.reject(error);
        this.#retry([...done.map((d) => d.member), ...refused.map((r) => r.member), ...members.slice(index + 1)], error);
        return;
      }
    }
    try {
      this.#exec('COMMIT');
    } catch (e) {
      if (this.connection.inTransaction) this.connection.exec('ROLLBACK');
      for (const { member } of [...done, ...refused]) member.reject(e);
      return;
    }
    try {
      await this.#commitOnDisk();
    } catch (e) {
      for (const { member } of [...done, ...refused]) member.reject(e);
      return;
    }
    for (const { member, error } of refused) member.reject(error);
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
        // the VACUUM's commit, when the checkpoint did not take it into the database file
        await this.#commitOnDisk();
      }
    });
  }

  /** After the transactions in progress, grouped writes waiting included. */
  async close() {
    while (this.#groupScheduled || this.#waiting.length > 0) await new Promise((resolve) => { setImmediate(resolve); });
    await this.#mutex.run(async () => {
      await this.#syncing?.catch(() => {});
      await this.#wal?.close();
      this.#wal = null;
      this.reader.close();
      this.connection.close();
    });
  }
}
