// Every table that holds values sealed by crypto.mjs (a blob, its data key wrapped by master
// key `key_version`, in the column `wrapped_key`): what the start-up check and key rotation
// go through. A new sealed table is added here.
import { SEALED_INSTANCE_SECRETS } from './instances-store.mjs';
import { SEALED_OAUTH_TOKENS } from '../connection/token-store.mjs';
import { SEALED_PENDING } from './pending-store.mjs';

/** {name, label (for people), table, id (column), blob (column), owner(id) -> the owner id in the AAD}. */
export const SEALED_TABLES = Object.freeze([SEALED_INSTANCE_SECRETS, SEALED_OAUTH_TOKENS, SEALED_PENDING]);

/** The master key versions the rows of `table` are sealed under. */
export async function versionsUsed(db, { table }) {
  return (await db.all(`SELECT DISTINCT key_version AS v FROM ${table} WHERE key_version IS NOT NULL`)).map((r) => r.v);
}

/** How many rows of `table` are sealed under another version than `version`. */
export async function countNotUnder(db, { table }, version) {
  return (await db.get(`SELECT count(*) AS n FROM ${table} WHERE key_version IS NOT NULL AND key_version != ?`, [version])).n;
}
