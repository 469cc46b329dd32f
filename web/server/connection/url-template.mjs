// URL and text templates of connector definitions: "https://{{store_name}}.example.com/x".
// What a placeholder is, is the module's rule (its template grammar, asked through
// package-adapter.mjs); this file expands the parts. Expansion depends on where a
// placeholder stands, because a value typed by a user must not change the URL's shape:
//  - the whole start of the URL ("{{site_url}}/rest/api"): the value must itself be an
//    absolute http(s) URL without user info, query or fragment (a path prefix is allowed);
//  - inside the host: only DNS label characters and dots (so "evil.com/x?" cannot turn
//    "{{shop}}.example.com" into another host), lower-cased, with "_" written as "-" (host
//    names cannot hold "_": NetSuite's account 1234567_SB1 is the host 1234567-sb1);
//  - path and query: percent-encoded (a "/" or "?" in a value stays data).
// A template whose host is entirely a variable is allowed: the test sends the user's own
// credentials to the host the same user typed (see docs/connection-test.md, "Hosts").
import { ConnectionError } from './errors.mjs';
import { templateParts } from '../package-adapter.mjs';

const HOST_VALUE = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/** The module's parts of a template; a malformed one is the definition's `invalid_template`. */
function parseTemplate(template) {
  try {
    return templateParts(template);
  } catch (e) {
    if (e.code !== 'invalid_template') throw e;
    throw new ConnectionError('invalid_template', `The connector definition has a malformed template "${template}". ${e.message}`);
  }
}

const present = (value) => value !== undefined && value !== null && value !== '';
const asText = (value) => (typeof value === 'string' ? value : String(value));

/**
 * Expands a text template (a header value, a user name, a scope). A variable without a value
 * expands to nothing; `required` lists variables that must have one.
 */
export function expandText(template, values, { required = false } = {}) {
  return parseTemplate(template).map((p) => {
    if (p.literal !== undefined) return p.literal;
    const value = values[p.variable];
    if (!present(value)) {
      if (required) throw missing(p.variable);
      return '';
    }
    return asText(value);
  }).join('');
}

function missing(key) {
  return new ConnectionError('missing_value', `A value for "${key}" is needed to test the connection.`, { field: `credentials.${key}` });
}

/** Where in the URL the expansion stands, updated as literal text is appended. */
function advance(region, text) {
  let r = region;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (r === 'scheme') {
      if (c === ':' && text.startsWith('//', i + 1)) { r = 'authority'; i += 2; }
    } else if (r === 'authority') {
      if (c === '/') r = 'path';
      else if (c === '?') r = 'query';
      else if (c === '#') r = 'fragment';
    } else if (r === 'path') {
      if (c === '?') r = 'query';
      else if (c === '#') r = 'fragment';
    } else if (r === 'query' && c === '#') {
      r = 'fragment';
    }
  }
  return r;
}

function baseUrlValue(key, value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || !/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash
      || !value.toLowerCase().startsWith(`${url.protocol}//`)) {
    throw new ConnectionError('invalid_url_value', `"${key}" must be an absolute https URL such as https://example.com, without query or fragment.`,
      { field: `credentials.${key}` });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Expands a URL template with the instance's values and returns a URL. Throws
 * ConnectionError (missing_value, invalid_url_value, invalid_url) with the field concerned.
 */
export function expandUrl(template, values) {
  let out = '';
  let region = 'scheme';
  const parts = parseTemplate(template);
  parts.forEach((p, index) => {
    if (p.literal !== undefined) {
      out += p.literal;
      region = advance(region, p.literal);
      return;
    }
    const value = values[p.variable];
    if (!present(value)) throw missing(p.variable);
    const text = asText(value);
    if (index === 0) {
      out += baseUrlValue(p.variable, text);
      region = 'path';
    } else if (region === 'authority') {
      const host = text.toLowerCase().replace(/_/g, '-');
      if (!HOST_VALUE.test(host)) {
        throw new ConnectionError('invalid_url_value',
          `"${p.variable}" is part of the server's host name: it may contain only letters, digits, dashes and dots.`,
          { field: `credentials.${p.variable}` });
      }
      out += host;
    } else if (region === 'scheme' || region === 'fragment') {
      throw new ConnectionError('invalid_template', `The connector definition places "{{${p.variable}}}" where a URL cannot take a value.`);
    } else {
      out += encodeURIComponent(text);
    }
  });
  let url;
  try {
    url = new URL(out);
  } catch {
    throw new ConnectionError('invalid_url', 'The connector definition and the values entered do not make a valid URL.');
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password) {
    throw new ConnectionError('invalid_url', 'The test URL must be an http(s) URL without user info.');
  }
  url.hash = '';
  return url;
}
