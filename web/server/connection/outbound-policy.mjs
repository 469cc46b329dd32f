// Which networks the backend may send requests to on a user's behalf (connection tests,
// OAuth token requests, redirects): the OUTBOUND_NETWORKS setting. A user names the host a
// test calls (a Jira site URL, a store name), so without this anyone who may run tests
// could make the server call its own loopback port, the intranet or the cloud metadata
// service (server-side request forgery). The policy is enforced where the connection is
// made (guarded-lookup.mjs), on the address actually connected to.
//
// Kinds (address-kind.mjs): public, private, loopback, link-local; `all` is the four.
// Unspecified (0.0.0.0, ::), multicast, broadcast and reserved addresses are never allowed.
import { ConnectionError } from './errors.mjs';
import { classifyAddress, NETWORK_KINDS } from './address-kind.mjs';

export const SETTING = 'OUTBOUND_NETWORKS';

/**
 * Default when OUTBOUND_NETWORKS is not set. A server only this machine can reach (bound to
 * loopback, and no ALLOWED_ORIGINS beyond loopback, i.e. no proxy serving it to others)
 * serves its own operator, who can reach these addresses anyway: loopback is allowed so
 * that services on the same machine (local development, the test suite) can be tested.
 * Private and link-local networks stay closed even then: a same-host proxy can expose a
 * loopback-bound server, and an intranet is one line away (`public,private,loopback`).
 * Anything else is a shared server: public addresses only.
 * @param {{host: string, allowedOrigins?: string[]}} server
 * @returns {string[]}
 */
export function defaultOutboundNetworks({ host, allowedOrigins = [] }) {
  const local = (name) => /^localhost$/i.test(name) || classifyAddress(name)?.kind === 'loopback';
  const onlyThisMachine = local(host) && allowedOrigins.every((origin) => local(new URL(origin).hostname));
  return onlyThisMachine ? ['public', 'loopback'] : ['public'];
}

/**
 * Parses the setting: a comma-separated list of public, private, loopback, link-local, or
 * `all`. Throws an Error whose message says what is accepted.
 * @returns {string[]} the kinds, in a fixed order
 */
export function parseOutboundNetworks(text) {
  const names = String(text).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((n) => n !== 'all' && !NETWORK_KINDS.includes(n));
  if (names.length === 0 || unknown.length) {
    throw new Error(`${SETTING} must be "all" or a comma-separated list of ${NETWORK_KINDS.join(', ')}; got "${text}"`);
  }
  return names.includes('all') ? [...NETWORK_KINDS] : NETWORK_KINDS.filter((k) => names.includes(k));
}

// How a kind reads in a message: "<host> is <phrase>", "does not allow <plural>".
const PHRASES = {
  public: ['a public address', 'public addresses'],
  private: ['a private network address', 'private networks'],
  loopback: ['a loopback address (this server itself)', 'loopback addresses'],
  'link-local': ['a link-local address (where cloud metadata services answer)', 'link-local addresses'],
  unspecified: ['the unspecified address (it reaches this server itself)'],
  multicast: ['a multicast address'],
  broadcast: ['the broadcast address'],
  reserved: ['a reserved address (not in use on any network)'],
};

export class OutboundPolicy {
  /**
   * @param {string[]} networks  kinds allowed (see parseOutboundNetworks)
   * @param {object} [o]
   * @param {Function} [o.lookup]  the resolver (dns.lookup's signature); tests inject one
   */
  constructor(networks, { lookup } = {}) {
    this.networks = Object.freeze([...networks]);
    this.resolver = lookup;
    Object.freeze(this);
  }

  get setting() {
    return this.networks.join(',');
  }

  /** @param {{kind: string}|null} address  from classifyAddress */
  allows(address) {
    return Boolean(address) && this.networks.includes(address.kind);
  }

  /**
   * The failure of a request to `url` whose address is not allowed.
   * @param {URL} url
   * @param {string} address       the IP address (the host itself, or what it resolved to)
   * @param {{kind: string, embeddedIpv4?: string}} classified
   */
  refusal(url, address, classified) {
    const { kind, embeddedIpv4 } = classified;
    const [phrase, plural] = PHRASES[kind];
    const literal = classifyAddress(url.hostname) !== null;
    const what = literal
      ? `${url.host}${embeddedIpv4 ? ` (IPv4 ${embeddedIpv4})` : ''} is ${phrase}`
      : `${url.hostname} resolves to ${address}${embeddedIpv4 ? ` (IPv4 ${embeddedIpv4})` : ''}, ${phrase}`;
    const why = plural
      ? `the server's ${SETTING} setting (${this.setting}) does not allow ${plural}, so nothing was sent. `
        + `Use the service's public address, or ask the server's administrator to add "${kind}" to ${SETTING} if it must be reached there.`
      : 'connection tests never contact such addresses, so nothing was sent. Check the address.';
    return new ConnectionError('blocked_address', `${what}; ${why}`, { host: url.host, reason: kind });
  }
}

/** The policy of a server only this machine can reach; used when a caller passes none. */
export const LOCAL_SERVER_POLICY = new OutboundPolicy(defaultOutboundNetworks({ host: '127.0.0.1' }));
