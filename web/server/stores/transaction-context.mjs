// Which transaction the code running now belongs to. A store method called inside
// `db.transaction(fn)` runs its statements in that transaction (on its connection) without
// being handed it: the context follows `fn` across awaits. A context names the database it
// belongs to, so that code using two databases at once (a test, a migration tool) keeps
// them apart.
import { AsyncLocalStorage } from 'node:async_hooks';

const context = new AsyncLocalStorage();

/** The open transaction of `database` in the running code, or undefined. */
export function currentTransaction(database) {
  const tx = context.getStore();
  return tx && tx.database === database ? tx : undefined;
}

/** Runs `fn` with `tx` ({database, ...engine state}) as the current transaction. */
export function runInTransaction(tx, fn) {
  return context.run(tx, fn);
}
