// Draining the HTTP server before the process stops (a rolling deploy sends SIGTERM): no new
// connection is accepted, every answer from now on carries `Connection: close`, and the
// requests running or still arriving on connections already open are served; once none has
// run for QUIET_MS (or after the time given, when what still runs is cut) the remaining
// connections are closed. Kept-alive connections are not closed as soon as they are idle: a
// balancer may be sending a request on one at that very moment, which then fails (a POST is
// not sent again). The answer to its next request closes it instead, and a balancer that
// checks passively stops choosing the node once a new connection is refused; after a quiet
// second, closing what is left rarely meets a request.
import net from 'node:net';

/** How long no request may have started before the connections left are closed. */
export const QUIET_MS = 1000;

export class Drain {
  #app;
  #draining = false;
  #inFlight = 0;
  #onStart = [];
  #whenIdle = []; // resolved when no request runs
  #lastStart = -Infinity; // performance.now() of the last request's start

  constructor(app) {
    this.#app = app;
    // every request the HTTP server parses, whatever fastify makes of it
    app.server.on('request', (req, res) => {
      this.#inFlight += 1;
      this.#lastStart = performance.now();
      res.once('close', () => {
        this.#inFlight -= 1;
        this.#settle();
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
   * Starts the drain and waits until no request has run for QUIET_MS or `timeoutMs` passed;
   * then closes every connection left (cutting what still runs).
   * @returns {Promise<{drained: boolean, cut: number}>}
   */
  async start(timeoutMs) {
    const deadline = performance.now() + timeoutMs;
    if (!this.#draining) {
      this.#draining = true;
      // Stop listening only. http.Server#close would also close the idle kept-alive
      // connections (and stop enforcing the client time limits on the others).
      if (this.#app.server.listening) net.Server.prototype.close.call(this.#app.server);
      for (const fn of this.#onStart) fn();
    }
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      if (this.#inFlight > 0) {
        await this.#until(new Promise((resolve) => { this.#whenIdle.push(resolve); }), left);
        continue;
      }
      const quietFor = performance.now() - this.#lastStart;
      if (quietFor >= QUIET_MS) break;
      await this.#until(null, Math.min(QUIET_MS - quietFor, left));
    }
    const cut = this.#inFlight;
    // what is left: idle kept-alive connections, connections that never completed a
    // request, and at the timeout the requests still running
    this.#app.server.closeAllConnections();
    return { drained: cut === 0, cut };
  }

  /** Waits for `promise` (or nothing) at most `ms`. */
  async #until(promise, ms) {
    let timer;
    const late = new Promise((resolve) => { timer = setTimeout(resolve, ms); });
    await (promise ? Promise.race([promise, late]) : late);
    clearTimeout(timer);
  }

  #settle() {
    if (this.#inFlight > 0) return;
    for (const resolve of this.#whenIdle.splice(0)) resolve();
  }
}
