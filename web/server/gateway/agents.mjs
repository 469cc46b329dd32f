// Kept-alive upstream connections of the gateway, one pool of sockets per instance and
// revision: a socket (and its TLS session, client certificate included) is reused only for
// the same instance with the same stored settings, never across instances, and an update of
// the instance starts from new connections. Connections are checked against the outbound
// policy when they are opened (the lookup runs per new socket).
import http from 'node:http';
import https from 'node:https';

const MAX_AGENTS = 1000;   // instances with kept connections; the least recently used go first
const IDLE_MS = 15_000;    // a kept socket unused this long is closed

export class InstanceAgents {
  #agents = new Map(); // key -> {http, https}

  /** The agent for a request of instance `id` at `revision` to `url`. */
  for(id, revision, url) {
    const key = `${id}\u0000${revision}`;
    let entry = this.#agents.get(key);
    if (entry) {
      this.#agents.delete(key); // re-inserted below: the map's order is the use order
    } else {
      for (const [other, agents] of this.#agents) {
        if (other.startsWith(`${id}\u0000`)) { // an older revision of the same instance
          this.#destroy(agents);
          this.#agents.delete(other);
        }
      }
      if (this.#agents.size >= MAX_AGENTS) {
        const [oldest, agents] = this.#agents.entries().next().value;
        this.#destroy(agents);
        this.#agents.delete(oldest);
      }
      const options = { keepAlive: true, timeout: IDLE_MS, scheduling: 'lifo' };
      entry = { http: new http.Agent(options), https: new https.Agent(options) };
    }
    this.#agents.set(key, entry);
    return url.protocol === 'https:' ? entry.https : entry.http;
  }

  close() {
    for (const agents of this.#agents.values()) this.#destroy(agents);
    this.#agents.clear();
  }

  #destroy(agents) {
    agents.http.destroy();
    agents.https.destroy();
  }
}
