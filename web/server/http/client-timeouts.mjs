// How long a client may take, enforced by Node's HTTP server (docs/http-api.md,
// "Configuration"), and the answer to a client that runs out of time or sends something
// that is not HTTP:
//  - headers: the request line and headers must have arrived `headersMs` after the connection
//    opened or, on a kept-alive connection, after the request's first byte; a connection that
//    sends nothing is closed after the same time;
//  - request: the whole request, body included, within `requestMs` (a handler that runs
//    longer, such as a connection test, is not cut: the limit ends with the last body byte);
//  - keep-alive: a connection idle after an answer is closed after `keepAliveMs` (Node waits
//    up to one more second, so that a request crossing the close is not lost; the
//    `Keep-Alive: timeout=` header announces `keepAliveMs`).
// Node checks the header and request limits on a timer (`connectionsCheckingInterval`, 30 s
// unless set: a 30 s limit could take 60 s); here every second, so a limit holds to within a
// second. A client that runs out of time gets 408 when nothing was written on its connection
// yet (Node's own rule; a used keep-alive connection is closed without an answer).
import { STATUS_CODES } from 'node:http';
import { SECURITY_HEADERS } from './headers.mjs';

export const CHECK_INTERVAL_MS = 1000;

/** Fastify options that set the limits on the server fastify creates. */
export function timeoutOptions({ requestMs, headersMs, keepAliveMs }) {
  return {
    requestTimeout: requestMs,
    keepAliveTimeout: keepAliveMs,
    // the options of http.createServer: the only place for the checking interval
    http: {
      requestTimeout: requestMs,
      headersTimeout: headersMs,
      keepAliveTimeout: keepAliveMs,
      connectionsCheckingInterval: CHECK_INTERVAL_MS,
    },
    clientErrorHandler,
  };
}

// Errors of the HTTP parser and of the limits, answered before fastify sees a request.
const CLIENT_ERRORS = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'The request did not arrive in time.'],
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'The request headers are larger than the server accepts.'],
  // a target such as `api/pools`: Node's parser refuses it before routing (access.mjs answers
  // the forms the parser lets through with the same code)
  HPE_INVALID_URL: [400, 'bad_request_target', 'The request target must be a path such as /api/connectors.'],
};
const BAD_REQUEST = [400, 'bad_request', 'The request is not valid HTTP.'];

/** Fastify's `clientErrorHandler` (called with the fastify instance as `this`). */
export function clientErrorHandler(error, socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] = CLIENT_ERRORS[error.code] ?? BAD_REQUEST;
  // the error's code only: a parser error carries the raw bytes, which may hold a token
  this.log.debug({ code: error.code }, 'client error');
  if (socket.writable && socket.bytesWritten === 0) {
    const body = JSON.stringify({ message, code });
    const headers = {
      ...SECURITY_HEADERS,
      'cache-control': 'no-store',
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      connection: 'close',
    };
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines}\r\n${body}`);
  }
  socket.destroy(error);
}
