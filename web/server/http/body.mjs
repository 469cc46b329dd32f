// Request bodies: JSON only, strict UTF-8, bounded nesting, no `__proto__` keys. The size
// limit is fastify's bodyLimit (413 before anything is parsed). Parse errors name the
// position, never the text around it: a body may hold a password.
import { badRequest, HttpError } from './errors.mjs';

export const MAX_DEPTH = 32;
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Walks the value without recursion (a deep document must not exhaust the stack). */
function checkStructure(root, maxDepth) {
  const stack = [[root, 1]];
  while (stack.length) {
    const [value, depth] = stack.pop();
    if (value === null || typeof value !== 'object') continue;
    if (depth > maxDepth) throw badRequest(`The JSON body is nested deeper than ${maxDepth} levels.`, 'too_deep');
    if (Array.isArray(value)) {
      for (const item of value) stack.push([item, depth + 1]);
    } else {
      for (const key of Object.keys(value)) {
        if (key === '__proto__') throw badRequest('The JSON body uses the reserved key "__proto__".', 'reserved_key');
        stack.push([value[key], depth + 1]);
      }
    }
  }
}

/** Buffer -> JSON value, or an HttpError 400 with a message that quotes nothing. */
export function parseJsonBody(buffer, { maxDepth = MAX_DEPTH } = {}) {
  let text;
  try {
    text = utf8.decode(buffer);
  } catch {
    throw badRequest('The request body is not valid UTF-8.', 'invalid_utf8');
  }
  if (text.trim() === '') throw badRequest('The request body is empty; send a JSON object.', 'empty_body');
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const at = /position (\d+)/.exec(e.message);
    throw badRequest(`The request body is not valid JSON${at ? ` (error at character ${at[1]})` : ''}.`, 'malformed_json');
  }
  checkStructure(value, maxDepth);
  return value;
}

/** Installs the JSON parser as the only one: other content types get 415. */
export function registerJsonBody(app) {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, buffer, done) => {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] || '');
    if (charset && charset[1].toLowerCase() !== 'utf-8' && charset[1].toLowerCase() !== 'utf8') {
      done(new HttpError(415, 'unsupported_media_type', 'Send the body as application/json (UTF-8).'));
      return;
    }
    try {
      done(null, parseJsonBody(buffer));
    } catch (e) {
      done(e);
    }
  });
}

/** The body of a create/update request: must be a JSON object. */
export function objectBody(request) {
  const body = request.body;
  if (body === undefined) throw badRequest('A JSON object body is required.', 'body_required');
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The request body must be a JSON object.', 'not_an_object');
  }
  return body;
}
