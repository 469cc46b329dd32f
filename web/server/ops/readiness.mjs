// Readiness: whether this process should be sent requests now (GET /api/ready). It is a list
// of checks, each `{name, check: async () => {}}`, that resolve when what they check answers
// and reject otherwise; the store registers one (stores/readiness.mjs), and so can anything
// else a node depends on. Once the process starts shutting down it is not ready, whatever
// the checks say, so that a load balancer stops sending it requests.
//
// An answer names the failing checks and a stable code each, never an error's message: a
// driver's message may quote a host, a user or a connection string.

/** A check's way of saying why it fails: `code` is stable and safe to show. */
export class NotReady extends Error {
  constructor(code) {
    super(code);
    this.name = 'NotReady';
    this.code = code;
  }
}

/** A check that has not answered after this long fails with the code `timeout`. */
export const CHECK_TIMEOUT_MS = 2000;

const CHECK_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
const TIMED_OUT = Symbol('timed out');

export class Readiness {
  #checks = [];
  #stopping = false;
  #running = null;
  #lastFailing = '';

  /**
   * @param {object} o
   * @param {{name: string, check: () => Promise<void>}[]} [o.checks]
   * @param {{warn: Function, info: Function}} o.log
   * @param {number} [o.timeoutMs]
   */
  constructor({ checks = [], log, timeoutMs = CHECK_TIMEOUT_MS }) {
    this.log = log;
    this.timeoutMs = timeoutMs;
    for (const c of checks) this.add(c);
  }

  add({ name, check }) {
    if (!CHECK_NAME.test(name ?? '') || typeof check !== 'function') throw new TypeError(`a readiness check needs a name (${CHECK_NAME}) and a check function`);
    if (this.#checks.some((c) => c.name === name)) throw new TypeError(`the readiness check "${name}" is registered twice`);
    this.#checks.push({ name, check });
  }

  /** From now on the process is not ready (it is shutting down). */
  stop() {
    this.#stopping = true;
  }

  get stopping() {
    return this.#stopping;
  }

  /**
   * Runs the checks (concurrent callers share one run, so a burst of probes costs one).
   * @returns {Promise<{ready: boolean, code: string|null, checks: {name: string, status: 'ok'|'failed', code?: string}[]}>}
   */
  evaluate() {
    if (this.#stopping) return Promise.resolve({ ready: false, code: 'shutting_down', checks: [] });
    this.#running ??= this.#run().finally(() => { this.#running = null; });
    return this.#running;
  }

  async #run() {
    const checks = await Promise.all(this.#checks.map((c) => this.#one(c)));
    const failing = checks.filter((c) => c.status !== 'ok');
    this.#report(failing);
    return { ready: failing.length === 0, code: failing.length ? 'not_ready' : null, checks };
  }

  async #one({ name, check }) {
    let timer;
    const timeout = new Promise((resolve) => { timer = setTimeout(resolve, this.timeoutMs, TIMED_OUT); });
    try {
      const outcome = await Promise.race([check().then(() => null), timeout]);
      return outcome === TIMED_OUT ? { name, status: 'failed', code: 'timeout' } : { name, status: 'ok' };
    } catch (e) {
      return { name, status: 'failed', code: e instanceof NotReady ? e.code : 'check_failed' };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Logs changes only: a balancer probes every few seconds. */
  #report(failing) {
    const summary = failing.map((c) => `${c.name}:${c.code}`).join(',');
    if (summary === this.#lastFailing) return;
    this.#lastFailing = summary;
    if (summary) this.log.warn({ failing: summary }, 'not ready');
    else this.log.info('ready');
  }
}
