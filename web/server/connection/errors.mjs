// The one error type of a connection test. Every failure has a stable `code` (the list is in
// docs/connection-test.md), a message a user can act on, and where it applies the field it
// concerns (`credentials.<key>`, `certificate`), the HTTP status and the host. Messages are
// built from codes, statuses and host names only: never from a credential.
export class ConnectionError extends Error {
  /**
   * @param {string} code
   * @param {string} message
   * @param {{field?: string, httpStatus?: number, host?: string, reason?: string}} [details]
   */
  constructor(code, message, details = {}) {
    super(message);
    this.name = 'ConnectionError';
    this.code = code;
    for (const key of ['field', 'httpStatus', 'host', 'reason']) {
      if (details[key] !== undefined) this[key] = details[key];
    }
  }

  /** The plain object an API answer carries. */
  toJSON() {
    const out = { code: this.code, message: this.message };
    for (const key of ['field', 'httpStatus', 'host', 'reason']) if (this[key] !== undefined) out[key] = this[key];
    return out;
  }
}

/** The host of a URL as shown in messages (with the port when it is not the default). */
export function displayHost(url) {
  return url.host;
}
