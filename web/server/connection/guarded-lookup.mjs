// Enforces the outbound policy at the moment a socket is opened, not before: a check of the
// host name ahead of the request could be answered differently by the DNS a moment later
// (DNS rebinding: public when checked, 127.0.0.1 when connecting). http(s).request calls
// the `lookup` given here for the address to connect to; it resolves the name, checks EVERY
// address returned, and hands the socket exactly the addresses it checked. One address
// that is not allowed refuses the whole name: a name that mixes a public address with an
// internal one is the shape of a rebinding attack, and a legitimate service has no need of it.
//
// IP literals never reach `lookup` (Node connects to them directly), so they are checked
// here first. URL objects hold them in the canonical form of the WHATWG parser
// (2130706433, 0x7f.1, 0177.0.0.1 and 127.1 are all 127.0.0.1; [::ffff:127.0.0.1] is
// [::ffff:7f00:1]); anything else that getaddrinfo would still read as a number goes
// through `lookup` and is checked on the address it yields.
import dns from 'node:dns';
import { classifyAddress } from './address-kind.mjs';

/**
 * The `lookup` option for a request to `url` under `policy`, or undefined when the host is
 * an IP literal (checked here). Throws the `blocked_address` ConnectionError for a literal
 * that is not allowed: nothing is sent.
 * @param {URL} url
 * @param {import('./outbound-policy.mjs').OutboundPolicy} policy
 */
export function guardedLookup(url, policy) {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const literal = classifyAddress(host);
  if (literal) {
    if (!policy.allows(literal)) throw policy.refusal(url, host, literal);
    return undefined;
  }
  const resolve = policy.resolver ?? dns.lookup;
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error);
      const list = Array.isArray(addresses) ? addresses : [];
      if (list.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }));
      for (const { address } of list) {
        const classified = classifyAddress(address);
        // Something that is not an IP address cannot be checked: treat it as reserved.
        if (!policy.allows(classified)) return callback(policy.refusal(url, address, classified ?? { kind: 'reserved' }));
      }
      if (options?.all) return callback(null, list);
      return callback(null, list[0].address, list[0].family);
    });
  };
}
