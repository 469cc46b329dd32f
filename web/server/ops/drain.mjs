// Draining the HTTP server before the process stops (a rolling deploy sends SIGTERM): no new
// connection is accepted, kept-alive connections are closed as soon as they are idle, a new
// request on a connection that is still open is answered 503 `shutting_down` with
// Retry-After and `Connection: close` (its client sends it again and the balancer picks
// another node), and the requests already running finish, for at most the time given; what
// is still running then is cut. Routes registered with `whileDraining(...)` (health,
// readiness, metrics) keep answering until the end.
import { applySecurityHeaders } from '../http/headers.mjs';

/** Route options that keep a route answering while the server drains. */
export function whileDraining(options) {
  return { ...options, config: { ...options.config, whileDraining: true } };
}

export class Drain {
  #app;
  #draining = false;
  #inFlight = 0;
  #onStart = [];
  #idle = null; // resolves when nothing runs any more, once draining

  /**
   * Installs the hooks; must run before the access control's hooks, so that a new request
   * during a drain is refused before anything else is looked at.
   */
  constructor(app) {
    this.#app = app;
    // every request the HTTP server parses, whatever fastify makes of it
    app.server.on('request', (req, res) => {
      this.#inFlight += 1;
      res.once('close', () => {
        this.#inFlight -= 1;
        if (this.#draining) this.#settle();
      });
    });
    app.addHook('onRequest', (request, reply, done) => {
      if (!this.#draining || request.routeOptions.config?.whileDraining) {
        done();
        return;
      }
      applySecurityHeaders(reply);
      reply.code(503).headers({ 'retry-after': '1', connection: 'close' }).send({
        message: 'This server is shutting down; send the request again (another server will answer it).',
        code: 'shutting_down',
      });
    });
    app.addHook('onSend', (request, reply, payload, done) => {
      if (this.#draining) reply.header('connection', 'close');
      done(null, payload);
    });
  }

  get draining() {
    return this.#draining;
  }

  /** Requests the HTTP server is answering now. */
  get inFlight() {
    return this.#inFlight;
  }

  /** `fn` runs when the drain starts (the gateway answers the requests it has queued). */
  onStart(fn) {
    this.#onStart.push(fn);
  }

  /**
   * Starts the drain and waits until no request runs or `timeoutMs` passed; then cuts what
   * still runs.
   * @returns {Promise<{drained: boolean, cut: number}>}
   */
  async start(timeoutMs) {
    if (!this.#draining) {
      this.#draining = true;
      let resolve;
      this.#idle = new Promise((r) => { resolve = r; });
      this.#idle.resolve = resolve;
      // no new connection from here on; idle kept-alive ones are closed
      if (this.#app.server.listening) this.#app.server.close();
      for (const fn of this.#onStart) fn();
      this.#settle();
    }
    let timer;
    const late = new Promise((r) => { timer = setTimeout(r, timeoutMs, 'late'); });
    const outcome = await Promise.race([this.#idle, late]);
    clearTimeout(timer);
    const cut = outcome === 'late' ? this.#inFlight : 0;
    // what is left: requests cut at the timeout, connections that never completed a request
    // (their time limits are no longer checked once the server stops listening)
    this.#app.server.closeAllConnections();
    return { drained: cut === 0, cut };
  }

  #settle() {
    // a connection whose answer went out before the drain began has no Connection: close
    this.#app.server.closeIdleConnections();
    if (this.#inFlight === 0) this.#idle.resolve();
  }
}
