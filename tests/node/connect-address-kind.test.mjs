// The address kinds behind OUTBOUND_NETWORKS (web/server/connection/address-kind.mjs), the
// setting's parsing and default (outbound-policy.mjs, config.mjs) and the refusal messages.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyAddress } from '../../web/server/connection/address-kind.mjs';
import {
  defaultOutboundNetworks, OutboundPolicy, parseOutboundNetworks,
} from '../../web/server/connection/outbound-policy.mjs';
import { ConfigError, loadConfig } from '../../web/server/config.mjs';

const kindOf = (address) => classifyAddress(address)?.kind ?? null;

function assertKinds(table) {
  for (const [address, kind] of Object.entries(table)) assert.equal(kindOf(address), kind, address);
}

describe('IPv4 kinds', () => {
  test('loopback, RFC 1918, shared address space and link-local, with their edges', () => {
    assertKinds({
      '127.0.0.1': 'loopback', '127.255.255.254': 'loopback', '126.255.255.255': 'public', '128.0.0.1': 'public',
      '10.0.0.0': 'private', '10.255.255.255': 'private', '11.0.0.0': 'public', '9.255.255.255': 'public',
      '172.16.0.0': 'private', '172.31.255.255': 'private', '172.15.255.255': 'public', '172.32.0.0': 'public',
      '192.168.0.1': 'private', '192.169.0.1': 'public',
      '100.64.0.0': 'private', '100.127.255.255': 'private', '100.63.255.255': 'public', '100.128.0.0': 'public',
      '169.254.169.254': 'link-local', '169.254.0.0': 'link-local', '169.255.0.1': 'public',
    });
  });

  test('unspecified, multicast, broadcast, reserved; documentation and benchmark ranges are private', () => {
    assertKinds({
      '0.0.0.0': 'unspecified', '0.255.255.255': 'unspecified',
      '224.0.0.1': 'multicast', '239.255.255.255': 'multicast',
      '255.255.255.255': 'broadcast', '240.0.0.1': 'reserved', '255.255.255.254': 'reserved',
      '192.0.2.10': 'private', '198.51.100.1': 'private', '203.0.113.9': 'private', '198.18.0.1': 'private', '198.19.255.255': 'private',
      '192.0.0.8': 'private', '198.20.0.1': 'public',
    });
  });

  test('public addresses', () => {
    assertKinds({ '8.8.8.8': 'public', '1.1.1.1': 'public', '93.184.215.14': 'public', '223.255.255.255': 'public' });
  });
});

describe('IPv6 kinds', () => {
  test('loopback, unspecified, unique local, link-local, multicast, documentation', () => {
    assertKinds({
      '::1': 'loopback', '0:0:0:0:0:0:0:1': 'loopback', '::': 'unspecified',
      'fc00::1': 'private', 'fd00:ec2::254': 'private', 'fdff:ffff::1': 'private', 'fbff::1': 'reserved',
      'fe80::1': 'link-local', 'fe80::1%eth0': 'link-local', 'febf:ffff::1': 'link-local', 'fec0::1': 'private',
      'ff02::1': 'multicast', '2001:db8::1': 'private', '3fff::1': 'private', '2001:2::1': 'private',
      '2001::1': 'reserved', '100::1': 'reserved', '4000::1': 'reserved',
      '2606:4700:4700::1111': 'public', '2a00:1450:4001::200e': 'public', '[2606:4700::1]': 'public',
    });
  });

  test('forms that carry an IPv4 address take its kind: mapped, compatible, translated, NAT64, 6to4', () => {
    assertKinds({
      '::ffff:127.0.0.1': 'loopback', '::ffff:7f00:1': 'loopback', '[::ffff:7f00:1]': 'loopback', '::FFFF:A9FE:A9FE': 'link-local',
      '::ffff:10.0.0.5': 'private', '::ffff:8.8.8.8': 'public', '::ffff:0.0.0.0': 'unspecified',
      '::127.0.0.1': 'loopback', '::7f00:1': 'loopback', '::a00:1': 'private',
      '::ffff:0:7f00:1': 'loopback',
      '64:ff9b::7f00:1': 'loopback', '64:ff9b::10.0.0.5': 'private', '64:ff9b::a9fe:a9fe': 'link-local', '64:ff9b::808:808': 'public',
      '64:ff9b:1::1': 'private',
      '2002:7f00:1::1': 'loopback', '2002:a00:5::': 'private', '2002:808:808::1': 'public',
    });
    assert.equal(classifyAddress('::ffff:7f00:1').embeddedIpv4, '127.0.0.1');
    assert.equal(classifyAddress('2002:a9fe:a9fe::1').embeddedIpv4, '169.254.169.254');
  });

  test('not an IP address: null (host names, short IPv4 forms the URL parser would normalise first)', () => {
    for (const text of ['localhost', 'example.com', '127.1', '2130706433', '0x7f.1', '', '1.2.3.4.5', '::g', undefined]) {
      assert.equal(classifyAddress(text), null, String(text));
    }
  });
});

describe('OUTBOUND_NETWORKS', () => {
  test('parses kinds in any order and case, and "all"; anything else is refused with the accepted values', () => {
    assert.deepEqual(parseOutboundNetworks('public'), ['public']);
    assert.deepEqual(parseOutboundNetworks(' Loopback , public '), ['public', 'loopback']);
    assert.deepEqual(parseOutboundNetworks('public,private,loopback'), ['public', 'private', 'loopback']);
    assert.deepEqual(parseOutboundNetworks('all'), ['public', 'private', 'loopback', 'link-local']);
    assert.deepEqual(parseOutboundNetworks('private'), ['private'], 'an intranet-only server is a valid choice');
    for (const bad of ['intranet', 'public;private', ',', 'public,unspecified', 'none']) {
      assert.throws(() => parseOutboundNetworks(bad), /OUTBOUND_NETWORKS must be "all" or a comma-separated list of public, private, loopback, link-local/, bad);
    }
  });

  test('default: public and loopback only when nobody but this machine can reach the server', () => {
    assert.deepEqual(defaultOutboundNetworks({ host: '127.0.0.1' }), ['public', 'loopback']);
    assert.deepEqual(defaultOutboundNetworks({ host: 'localhost' }), ['public', 'loopback']);
    assert.deepEqual(defaultOutboundNetworks({ host: '::1' }), ['public', 'loopback']);
    assert.deepEqual(defaultOutboundNetworks({ host: '127.0.0.1', allowedOrigins: ['http://localhost:8080'] }), ['public', 'loopback']);
    assert.deepEqual(defaultOutboundNetworks({ host: '127.0.0.1', allowedOrigins: ['https://connectors.example.com'] }), ['public'],
      'a proxy serves the page to others');
    for (const host of ['0.0.0.0', '::', '10.0.0.2', 'connectors.internal']) assert.deepEqual(defaultOutboundNetworks({ host }), ['public'], host);
  });

  test('config.mjs reads it, with the default from HOST and ALLOWED_ORIGINS; a bad value is a ConfigError naming it', () => {
    assert.deepEqual(loadConfig({}).outboundNetworks, ['public', 'loopback']);
    assert.deepEqual(loadConfig({ HOST: '0.0.0.0' }).outboundNetworks, ['public']);
    assert.deepEqual(loadConfig({ ALLOWED_ORIGINS: 'https://connectors.example.com' }).outboundNetworks, ['public']);
    assert.deepEqual(loadConfig({ HOST: '0.0.0.0', OUTBOUND_NETWORKS: 'public,private' }).outboundNetworks, ['public', 'private']);
    assert.deepEqual(loadConfig({ OUTBOUND_NETWORKS: '' }).outboundNetworks, ['public', 'loopback'], 'empty means unset');
    assert.throws(() => loadConfig({ OUTBOUND_NETWORKS: 'lan' }), (e) => e instanceof ConfigError && /^OUTBOUND_NETWORKS must be/.test(e.message) && e.message.includes('"lan"'));
  });
});

describe('refusal messages', () => {
  const policy = new OutboundPolicy(['public']);

  test('a name that resolves to a private address: host, kind, address, the setting and what to do', () => {
    const e = policy.refusal(new URL('https://jira.corp.example/rest'), '10.0.0.5', classifyAddress('10.0.0.5'));
    assert.equal(e.code, 'blocked_address');
    assert.equal(e.host, 'jira.corp.example');
    assert.equal(e.reason, 'private');
    assert.equal(e.message, 'jira.corp.example resolves to 10.0.0.5, a private network address; the server\'s OUTBOUND_NETWORKS setting (public) '
      + 'does not allow private networks, so nothing was sent. Use the service\'s public address, or ask the server\'s administrator to add "private" to OUTBOUND_NETWORKS if it must be reached there.');
  });

  test('a literal host, an IPv4-mapped one, and kinds that are never allowed', () => {
    const metadata = policy.refusal(new URL('http://169.254.169.254/latest'), '169.254.169.254', classifyAddress('169.254.169.254'));
    assert.match(metadata.message, /^169\.254\.169\.254 is a link-local address \(where cloud metadata services answer\); .* does not allow link-local addresses/);
    const mapped = policy.refusal(new URL('https://[::ffff:127.0.0.1]:8443/'), '::ffff:7f00:1', classifyAddress('::ffff:7f00:1'));
    assert.match(mapped.message, /^\[::ffff:7f00:1\]:8443 \(IPv4 127\.0\.0\.1\) is a loopback address \(this server itself\); /);
    assert.equal(mapped.host, '[::ffff:7f00:1]:8443');
    const zero = new OutboundPolicy(['public', 'private', 'loopback', 'link-local']).refusal(new URL('https://0.0.0.0/'), '0.0.0.0', classifyAddress('0.0.0.0'));
    assert.equal(zero.message, '0.0.0.0 is the unspecified address (it reaches this server itself); connection tests never contact such addresses, so nothing was sent. Check the address.');
  });
});
