// The SQLite database: one file under the data directory, WAL mode, foreign keys on,
// migrations applied at open. better-sqlite3 is synchronous, so a transaction is one
// uninterrupted stretch of JavaScript: nothing else in this process runs in between.
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
export const DATABASE_FILE = 'connectors.sqlite';

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
  const db = new Database(join(dataDir, DATABASE_FILE), { timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  // FULL: a commit survives power loss, not just a crashed process (NORMAL in WAL mode).
  db.pragma(`synchronous = ${synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  db.pragma('foreign_keys = ON');
  const applied = migrate(db);
  return { db, applied };
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
