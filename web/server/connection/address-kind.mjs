// What kind of network an IP address belongs to, for the outbound policy
// (outbound-policy.mjs): public, private, loopback, link-local, or one of the kinds no
// connection test ever contacts (unspecified, multicast, broadcast, reserved).
//
// Sources: the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and
// updates). Addresses that are "not globally reachable" but not loopback or link-local
// (RFC 1918, shared address space 100.64/10, unique local fc00::/7, documentation and
// benchmark ranges) count as `private`: reachable, if at all, only inside some network.
// IPv6 forms that carry an IPv4 address (IPv4-mapped, -compatible, -translated, NAT64
// 64:ff9b::/96, 6to4 2002::/16) take the kind of that IPv4 address, so ::ffff:127.0.0.1
// is loopback and 64:ff9b::a00:5 is private.
import net from 'node:net';

/** Kinds an operator may allow (OUTBOUND_NETWORKS). */
export const NETWORK_KINDS = Object.freeze(['public', 'private', 'loopback', 'link-local']);
/** Kinds that are never a destination: not unicast, or not assigned. */
export const NEVER_KINDS = Object.freeze(['unspecified', 'multicast', 'broadcast', 'reserved']);

const EMBEDDED = 'embedded-ipv4';

// [first address, prefix length, kind]; the first match wins, so narrower ranges come first.
const IPV4_RANGES = [
  ['0.0.0.0', 8, 'unspecified'], // "this network"; Linux connects 0.0.0.0 to the local host
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // cloud metadata services (169.254.169.254) live here
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'private'], // IETF protocol assignments
  ['192.0.2.0', 24, 'private'], // documentation (TEST-NET-1)
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'private'], // benchmarking; also used by fake-IP DNS proxies
  ['198.51.100.0', 24, 'private'], // documentation (TEST-NET-2)
  ['203.0.113.0', 24, 'private'], // documentation (TEST-NET-3)
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
].map(([first, length, kind]) => ({ first: ipv4Value(first), length, kind }));

const IPV6_RANGES = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::ffff:0:0', 96, EMBEDDED], // IPv4-mapped
  ['::ffff:0:0:0', 96, EMBEDDED], // IPv4-translated (RFC 2765)
  ['::', 96, EMBEDDED], // IPv4-compatible (deprecated, but some stacks still route it)
  ['64:ff9b::', 96, EMBEDDED], // NAT64 well-known prefix (RFC 6052)
  ['64:ff9b:1::', 48, 'private'], // NAT64 local use (RFC 8215)
  ['100::', 64, 'reserved'], // discard-only
  ['2001::', 32, 'reserved'], // Teredo: tunnels to an IPv4 address hidden in the bits
  ['2001:2::', 48, 'private'], // benchmarking
  ['2001:db8::', 32, 'private'], // documentation
  ['3fff::', 20, 'private'], // documentation (RFC 9637)
  ['2002::', 16, EMBEDDED], // 6to4: the IPv4 address in bits 16-47
  ['fc00::', 7, 'private'], // unique local
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // site-local (deprecated)
  ['ff00::', 8, 'multicast'],
  ['2000::', 3, 'public'], // global unicast
  ['::', 0, 'reserved'], // everything else is unassigned
].map(([first, length, kind]) => ({ first: ipv6Value(first), length, kind }));

function ipv4Value(text) {
  return text.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

/** The 8 16-bit groups of an IPv6 address (`text` already valid per net.isIPv6). */
export function ipv6Groups(text) {
  const groupsOf = (part) => (part === '' ? [] : part.split(':').flatMap((g) => {
    if (!g.includes('.')) return [parseInt(g, 16)];
    const v4 = ipv4Value(g); // a trailing dotted quad: two groups
    return [Math.floor(v4 / 65536), v4 % 65536];
  }));
  const gap = text.indexOf('::');
  if (gap < 0) return groupsOf(text);
  const head = groupsOf(text.slice(0, gap));
  const tail = groupsOf(text.slice(gap + 2));
  return [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
}

function ipv6Value(text) {
  return ipv6Groups(text).reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

function ipv4Text(value) {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function matchIpv4(value) {
  return IPV4_RANGES.find((r) => Math.floor(value / 2 ** (32 - r.length)) === Math.floor(r.first / 2 ** (32 - r.length)))?.kind ?? 'public';
}

function matchIpv6(value) {
  return IPV6_RANGES.find((r) => (value >> BigInt(128 - r.length)) === (r.first >> BigInt(128 - r.length)));
}

/**
 * The kind of an IP address given as text (an IPv6 zone such as `%eth0` is ignored; the
 * brackets of a URL host are accepted). Not an IP address: null.
 * @param {string} text
 * @returns {{kind: string, family: 4|6, embeddedIpv4?: string} | null}
 */
export function classifyAddress(text) {
  if (typeof text !== 'string') return null;
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = net.isIP(bare);
  if (family === 4) return { kind: matchIpv4(ipv4Value(bare)), family };
  if (family !== 6) return null;
  const value = ipv6Value(bare.toLowerCase());
  const range = matchIpv6(value);
  if (range.kind !== EMBEDDED) return { kind: range.kind, family };
  // 6to4 carries the IPv4 address right after the prefix; the other forms in the low 32 bits.
  const v4 = Number(range.length === 16 ? (value >> 80n) & 0xffffffffn : value & 0xffffffffn);
  const embeddedIpv4 = ipv4Text(v4);
  return { kind: matchIpv4(v4), family, embeddedIpv4 };
}
