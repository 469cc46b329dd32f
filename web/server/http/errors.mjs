import { applySecurityHeaders } from './headers.mjs';

// HTTP errors and the one place that turns any failure into a response. Bodies are
// `{message, code}` (`{message, errors}` for 422, Laravel's shape). Messages never quote the
// request body, and a 5xx never shows the internal error: it is logged with the request id.
export class HttpError extends Error {
  constructor(status, code, message, { body, headers } = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
    this.body = body ?? { message, code };
    this.headers = headers ?? {};
  }
}

export const badRequest = (message, code = 'bad_request') => new HttpError(400, code, message);
export const unauthenticated = () => new HttpError(401, 'unauthenticated', 'Unauthenticated.', { headers: { 'www-authenticate': 'Bearer' } });
export const forbidden = (message, code = 'forbidden') => new HttpError(403, code, message);
export const notFound = (message = 'Not found.') => new HttpError(404, 'not_found', message);
export const conflict = (message, code = 'conflict') => new HttpError(409, code, message);

/** 422 with the Laravel body {message, errors: {field: [messages]}}. */
export const unprocessable = (laravelBody) => new HttpError(422, 'validation_failed', laravelBody.message, { body: laravelBody });

// Fastify's own errors that are the client's fault: status, code and a fixed message (fastify's
// own messages may quote the URL or the body).
const FASTIFY_CLIENT_ERRORS = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'body_too_large', null],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'Send the body as application/json (UTF-8).'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad_content_length', 'The Content-Length header does not match the body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'empty_body', 'The request body is empty; send a JSON object.'],
  FST_ERR_CTP_INVALID_TYPE: [400, 'bad_content_type', 'The Content-Type header is not valid.'],
  FST_ERR_BAD_URL: [400, 'bad_url', 'The URL is not correctly percent-encoded.'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'url_too_long', 'A part of the URL is longer than the server accepts.'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'bad_request', 'The request could not be processed.'],
};

/** Fastify error handler. `bodyLimit` only feeds the 413 message. */
export function makeErrorHandler({ bodyLimit }) {
  return function errorHandler(error, request, reply) {
    if (error instanceof HttpError) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      return reply.code(error.status).headers(error.headers).send(error.body);
    }
    const known = FASTIFY_CLIENT_ERRORS[error.code];
    if (known) {
      const [status, code, fixed] = known;
      const message = fixed ?? `The request body is larger than the limit of ${bodyLimit} bytes.`;
      return reply.code(status).send({ message, code });
    }
    if (Number.isInteger(error.statusCode) && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ message: 'The request could not be processed.', code: 'bad_request' });
    }
    // Log the class and message (ours never embed user values) and the stack; no request body.
    request.log.error({ err: { type: error.name, message: error.message, code: error.code, stack: error.stack } }, 'internal error');
    return reply.code(500).send({ message: `Internal server error (request ${request.id}).`, code: 'internal' });
  };
}

/**
 * Fastify's `frameworkErrors`: errors raised before routing (a URL that cannot be decoded, a
 * parameter over the length limit). No hook runs for them, so the headers are set here.
 */
export function makeFrameworkErrorHandler(config) {
  const handle = makeErrorHandler(config);
  return function frameworkErrorHandler(error, request, reply) {
    applySecurityHeaders(reply);
    return handle(error, request, reply);
  };
}

export function notFoundHandler(request, reply) {
  reply.code(404).send({ message: 'Not found.', code: 'not_found' });
}
