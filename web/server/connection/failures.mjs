// Turns what Node reports when a request fails (DNS, TCP, TLS, HTTP status) into a
// ConnectionError with a stable code and a message that says what to check.
import { STATUS_CODES } from 'node:http';
import { ConnectionError } from './errors.mjs';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
// The server's certificate did not verify against the trusted authorities.
const UNTRUSTED = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends in a self-signed certificate that is not trusted',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer is not trusted',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is not trusted',
  UNABLE_TO_GET_ISSUER_CERT: 'its issuer is not trusted',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it is issued for another host name',
  CERT_REVOKED: 'it is revoked',
};
// TLS alerts the server sends about our client certificate.
const CLIENT_CERT_ALERTS = [
  [/CERTIFICATE_REQUIRED|HANDSHAKE_FAILURE/i, 'the server requires a client certificate: upload the certificate this server expects'],
  [/UNKNOWN_CA/i, 'the server does not trust the issuer of the client certificate'],
  [/CERTIFICATE_EXPIRED/i, 'the server says the client certificate has expired'],
  [/BAD_CERTIFICATE|CERTIFICATE_UNKNOWN|UNSUPPORTED_CERTIFICATE|CERTIFICATE_REVOKED|ACCESS_DENIED/i, 'the server rejected the client certificate'],
];

/** A network or TLS error of a request to `url`. */
export function networkFailure(error, url) {
  if (error instanceof ConnectionError) return error; // already ours: the outbound policy refused
  const host = url.host;
  const code = error?.code ?? '';
  if (DNS_CODES.has(code)) {
    return new ConnectionError('dns_error', `DNS error: the host name ${url.hostname} could not be resolved. Check the spelling of the address (store name, site URL).`, { host, reason: code });
  }
  if (code === 'ECONNREFUSED') {
    return new ConnectionError('connection_refused', `Connection refused by ${host}: nothing accepts connections on that port. Check the address and port.`, { host, reason: code });
  }
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EADDRNOTAVAIL') {
    return new ConnectionError('connection_failed', `Could not reach ${host} (${code}): check the address and the network.`, { host, reason: code });
  }
  if (UNTRUSTED[code]) {
    return new ConnectionError('tls_error', `TLS error: the certificate of ${host} is not trusted because ${UNTRUSTED[code]}.`, { host, reason: code });
  }
  if (/^ERR_SSL_/.test(code) || /alert|ssl|tls/i.test(error?.message ?? '')) {
    const text = `${code} ${error?.message ?? ''}`;
    const alert = CLIENT_CERT_ALERTS.find(([pattern]) => pattern.test(text));
    const why = alert ? alert[1] : 'the secure connection could not be set up';
    return new ConnectionError('tls_error', `TLS error with ${host}: ${why}.`, { host, reason: code || 'tls' });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(error?.message ?? '')) {
    return new ConnectionError('connection_reset', `The connection to ${host} was closed before an answer came. The server may require a client certificate or may not speak ${url.protocol === 'https:' ? 'HTTPS' : 'HTTP'} on that port.`, { host, reason: code || 'reset' });
  }
  return new ConnectionError('connection_failed', `The connection to ${host} failed${code ? ` (${code})` : ''}.`, { host, reason: code || 'unknown' });
}

export function timeoutFailure(url, timeoutMs) {
  return new ConnectionError('timeout', `Timeout: ${url.host} did not answer within ${formatSeconds(timeoutMs)}.`, { host: url.host });
}

function formatSeconds(ms) {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

// What to check, by status, with the credential wording of the auth type.
const CREDENTIAL_WORDS = {
  basic: 'the user name and password',
  token: 'the token',
  oauth2_client_credentials: 'the client ID, client secret and scope',
  oauth2_authorization_code: 'the authorisation (connect again)',
  oauth1: 'the consumer and token keys and secrets',
};

/** A response whose status is not one of the success statuses. */
export function statusFailure(status, url, authType, { field } = {}) {
  const reason = STATUS_CODES[status] ?? 'Unexpected status';
  const host = url.host;
  const what = CREDENTIAL_WORDS[authType] ?? 'the credentials';
  let hint;
  if (status === 401) hint = `check ${what}`;
  else if (status === 403) hint = `the credentials were accepted but lack permission: check ${what} and their access rights`;
  else if (status === 404) hint = 'check the address values (store name, site URL, account ID)';
  else if (status === 429) hint = 'the server is rate-limiting: try again later';
  else if (status >= 500) hint = 'the server has a problem: try again later';
  else if (status >= 300 && status < 400) hint = 'unexpected redirect: check the address values';
  else hint = `check ${what}`;
  return new ConnectionError('http_status', `${status} ${reason} from ${host}: ${hint}.`, { host, httpStatus: status, ...(field ? { field } : {}) });
}
