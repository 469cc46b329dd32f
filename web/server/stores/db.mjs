// The SQLite database: one file under the data directory, WAL mode, foreign keys on,
// secure_delete on, migrations applied at open. better-sqlite3 is synchronous, so a
// transaction is one uninterrupted stretch of JavaScript: nothing else in this process runs
// in between.
import Database from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
export const DATABASE_FILE = 'connectors.sqlite';
// SQLite's companion files of the database: WAL, its shared-memory index, rollback journal.
const COMPANION_SUFFIXES = ['-wal', '-shm', '-journal'];
const BUSY_TIMEOUT_MS = 10_000;

/** The migrations, ordered by their numeric prefix (001-initial.sql -> version 1). */
export function listMigrations(dir = MIGRATIONS_DIR) {
  return readdirSync(dir)
    .filter((f) => /^\d+-[\w-]+\.sql$/.test(f))
    .map((f) => ({ version: Number.parseInt(f, 10), file: f, sql: readFileSync(join(dir, f), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/**
 * Opens (creating if needed) the database in `dataDir` and brings its schema up to date.
 * Several processes may open the same file (the server and `cli.mjs`): the migration runs
 * under BEGIN IMMEDIATE and re-reads the schema version inside it.
 * @returns {{db: import('better-sqlite3').Database, applied: number[]}}
 */
export function openDatabase(dataDir, { synchronous = 'FULL' } = {}) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DATABASE_FILE);
  restrictDatabaseFiles(path);
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  // Deleted and overwritten content (an old secret blob, a wrapped key) is zeroed instead of
  // being left in free pages and free space inside pages. Per connection: every connection
  // that writes sets it.
  db.pragma('secure_delete = ON');
  db.pragma('journal_mode = WAL');
  // FULL: a commit survives power loss, not just a crashed process (NORMAL in WAL mode).
  db.pragma(`synchronous = ${synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  const applied = migrate(db);
  return { db, applied };
}

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

/** A warning when other users may enter or list `dataDir` (mode with group/other bits); else null. */
export function dataDirWarning(dataDir) {
  const mode = statSync(dataDir).mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  return `the data directory ${dataDir} is accessible to other users (mode ${mode.toString(8)}); run: chmod 700 ${dataDir}`;
}

function migrate(db) {
  const applied = [];
  const migrations = listMigrations();
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

/** Runs fn inside BEGIN IMMEDIATE ... COMMIT (rolled back if fn throws). */
export function inTransaction(db, fn) {
  return db.transaction(fn).immediate();
}

export function isUniqueViolation(error) {
  return error && (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY');
}

export function isForeignKeyViolation(error) {
  return error && error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Removes deleted content from the database files: VACUUM rewrites the database without
 * free pages or free space inside pages, then a TRUNCATE checkpoint copies the result into
 * the database file (overwriting every page, cutting off the rest) and empties the WAL.
 *
 * Other connections keep working. Readers are not blocked; the VACUUM holds the write lock
 * while it copies the database, so writers wait for it (their busy timeout is 10 s). The
 * checkpoint needs a moment with no reader inside the WAL and holds off writers while it
 * waits, so each attempt waits only `busyMs` and the next one comes `pauseMs` later.
 * @returns {{compacted: boolean, attempts: number}}  false: still busy after `attempts`
 *   (a long read transaction); running it again later finishes the job.
 */
export function compactDatabase(db, { attempts = 40, busyMs = 250, pauseMs = 250 } = {}) {
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
      if (attempt < attempts) sleep(pauseMs);
    }
    return { compacted: false, attempts };
  } finally {
    db.pragma(`busy_timeout = ${timeout}`);
  }
}
