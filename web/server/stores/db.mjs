// The database every store uses, on SQLite (default: one file in the data directory) or on
// PostgreSQL (DATABASE_URL=postgres://...). Both implementations offer the same async
// interface, and the stores write their statements once, in the SQL both understand
// (`?` placeholders, quoted column aliases):
//
//   await db.get(sql, params)   first row or undefined     await db.all(sql, params)  rows
//   await db.run(sql, params)   {changes}                   await db.exec(sql)         no parameters
//   await db.transaction(fn)    runs async fn in one transaction: every statement of a store
//                               called while fn runs belongs to it (transaction-context.mjs);
//                               committed when fn resolves, rolled back when it throws; a
//                               nested call joins the open transaction
//   await db.groupedTransaction(fn)  the same for one write among many (a create): on SQLite
//                               writes waiting together share one transaction and one commit,
//                               each in a savepoint of its own, so that one that fails fails
//                               alone; its caller hears of it only after the commit
//   db.afterCommit(fn)          runs fn once the open transaction has committed (in-memory
//                               state that must change only with the data, e.g. taking over
//                               a wizard's test result); never when it rolls back or is retried
//   await db.lockKey(text)      inside a transaction: waits for, then holds until the end, a
//                               lock named `text` (a decision that must not be taken twice
//                               at once, e.g. replaying one Idempotency-Key)
//   db.forUpdate, db.forShare   suffixes of a SELECT that lock its rows until the end of
//                               the transaction (empty on SQLite, whose writes exclude each other)
//   await db.compact(options)   erase deleted content from the files (key rotation)
//   db.engine ('sqlite' | 'postgres'), db.applied (migrations applied by this open), await db.close()
//   await db.schemaVersion()    the newest migration applied (readiness)
//
// The guarantees are the same on both: a transaction per write, unique names settled by
// UNIQUE (connector_id, name_key), idempotency decided inside the write transaction.
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SqliteDatabase } from './sqlite-database.mjs';
import { PostgresDatabase } from './postgres-database.mjs';

export { DATABASE_FILE } from './sqlite-database.mjs';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** The same versions for PostgreSQL, in its dialect (bytea, bigint, identity columns). */
const POSTGRES_MIGRATIONS_DIR = join(MIGRATIONS_DIR, 'postgres');

/** The migrations, ordered by their numeric prefix (001-initial.sql -> version 1). */
export function listMigrations(dir = MIGRATIONS_DIR) {
  return readdirSync(dir)
    .filter((f) => /^\d+-[\w-]+\.sql$/.test(f))
    .map((f) => ({ version: Number.parseInt(f, 10), file: f, sql: readFileSync(join(dir, f), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/**
 * Opens the database the configuration names and brings its schema up to date.
 * @param {{dataDir: string, databaseUrl?: string|null, sqliteSynchronous?: string}} config  config.mjs
 * @param {{onError?: (e: Error) => void}} [o]  PostgreSQL: a pooled connection that failed while idle
 * @returns {Promise<SqliteDatabase|PostgresDatabase>}
 */
export async function openDatabase(config, { onError } = {}) {
  if (config.databaseUrl) {
    // no database file, but master.key (unless MASTER_KEY is set) lives there
    mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    const db = new PostgresDatabase(config.databaseUrl, { onError });
    try {
      return await db.migrate(listMigrations(POSTGRES_MIGRATIONS_DIR));
    } catch (e) {
      await db.close();
      throw e;
    }
  }
  return new SqliteDatabase(config.dataDir, {
    synchronous: config.sqliteSynchronous, grouping: config.sqliteGroupCommit ?? true, migrations: listMigrations(),
  });
}

/** The newest migration version this code knows for the engine of `db`. */
export function latestMigration(db) {
  const dir = db.engine === 'postgres' ? POSTGRES_MIGRATIONS_DIR : MIGRATIONS_DIR;
  return Math.max(0, ...listMigrations(dir).map((m) => m.version));
}

/** A warning when other users may enter or list `dataDir` (mode with group/other bits); else null. */
export function dataDirWarning(dataDir) {
  const mode = statSync(dataDir).mode & 0o777;
  if ((mode & 0o077) === 0) return null;
  return `the data directory ${dataDir} is accessible to other users (mode ${mode.toString(8)}); run: chmod 700 ${dataDir}`;
}

/** The columns a PostgreSQL unique or foreign key violation names ("Key (a, b)=(...)"), or []. */
const postgresKeyColumns = (error) => /^Key \(([^)]*)\)=/.exec(error.detail ?? '')?.[1].split(/,\s*/) ?? [];

/** A write refused by a UNIQUE or PRIMARY KEY constraint; with `column`, one that includes it. */
export function isUniqueViolation(error, column) {
  if (!error) return false;
  if (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return column === undefined || new RegExp(`\\.${column}\\b`).test(error.message);
  }
  if (error.code === '23505') return column === undefined || postgresKeyColumns(error).includes(column);
  return false;
}

/** A write refused by a foreign key (SQLite reports ON DELETE RESTRICT as a trigger constraint). */
export function isForeignKeyViolation(error) {
  if (!error) return false;
  if (error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || error.code === '23503') return true;
  return error.code === 'SQLITE_CONSTRAINT_TRIGGER' && /FOREIGN KEY constraint failed/.test(error.message);
}
