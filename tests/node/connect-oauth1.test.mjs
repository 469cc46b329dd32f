// OAuth 1 (NetSuite token-based authentication): our signing (RFC 5849, HMAC-SHA256, realm)
// checked by an independent implementation, the `oauth-1.0a` package, inside a real server
// on 127.0.0.1; and against the examples published in RFC 5849 itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import { runCheck } from '../../web/server/connection/check.mjs';
import { authorizationHeader, signatureBaseString, sign } from '../../web/server/connection/oauth1.mjs';
import { json, startServer } from './helpers/connect-servers.mjs';

const ACCOUNT = '1234567_SB1';
const KEYS = {
  consumer_key: 'c'.repeat(63) + '1', consumer_secret: 'd'.repeat(63) + '2',
  token_key: 'e'.repeat(63) + '3', token_secret: 'f'.repeat(63) + '4',
};

/** Parses `OAuth k="v", ...` (values percent-encoded). */
function parseOAuthHeader(header) {
  assert.match(header, /^OAuth /);
  const out = {};
  for (const m of header.slice(6).matchAll(/([a-z_]+)="([^"]*)"/g)) out[m[1]] = decodeURIComponent(m[2]);
  return out;
}

let netsuite;
before(async () => {
  const verifier = new OAuth({
    consumer: { key: KEYS.consumer_key, secret: KEYS.consumer_secret },
    signature_method: 'HMAC-SHA256',
    hash_function: (base, key) => createHmac('sha256', key).update(base).digest('base64'),
  });
  netsuite = await startServer((req, res) => {
    const params = parseOAuthHeader(req.headers.authorization ?? 'OAuth ');
    if (params.realm !== ACCOUNT) return json(res, 401, { error: 'wrong realm' });
    if (params.oauth_consumer_key !== KEYS.consumer_key || params.oauth_token !== KEYS.token_key) return json(res, 401, { error: 'unknown key' });
    const expected = verifier.getSignature(
      { url: `${netsuite.url}${req.url}`, method: req.method },
      KEYS.token_secret,
      Object.fromEntries(Object.entries(params).filter(([k]) => k.startsWith('oauth_') && k !== 'oauth_signature')),
    );
    return expected === params.oauth_signature ? json(res, 200, { ok: true }) : json(res, 401, { error: 'INVALID_LOGIN_ATTEMPT' });
  });
});
after(() => netsuite?.close());

const method = () => ({
  id: 'token_based', type: 'oauth1',
  variables: [{ key: 'account_id' }, { key: 'realm' }, ...Object.keys(KEYS).map((key) => ({ key }))],
  oauth1: {
    consumerKey: '{{consumer_key}}', consumerSecret: '{{consumer_secret}}', token: '{{token_key}}', tokenSecret: '{{token_secret}}',
    realm: '{{realm}}', signatureMethod: 'HMAC-SHA256',
  },
  check: { method: 'GET', url: `${netsuite.url}/services/rest/record/v1/{{account_id}}/customer?limit=5&q=name%20has%20space&sort=-id` },
});

describe('OAuth 1 against a server that verifies with oauth-1.0a', () => {
  test('valid keys and secrets: ok (signature, realm and query parameters all agree)', async () => {
    const r = await runCheck({ method: method(), credentials: { account_id: ACCOUNT, realm: ACCOUNT, ...KEYS } });
    assert.equal(r.status, 'ok', r.message);
    const sent = parseOAuthHeader(netsuite.requests.at(-1).headers.authorization);
    assert.equal(sent.oauth_signature_method, 'HMAC-SHA256');
    assert.equal(sent.oauth_version, '1.0');
    assert.match(sent.oauth_nonce, /^[0-9a-f]{32}$/);
  });

  test('a wrong token secret gives a signature the server refuses: 401 with advice', async () => {
    const r = await runCheck({ method: method(), credentials: { account_id: ACCOUNT, realm: ACCOUNT, ...KEYS, token_secret: '0'.repeat(64) } });
    assert.equal(r.status, 'failed');
    assert.equal(r.message, `401 Unauthorized from ${new URL(netsuite.url).host}: check the consumer and token keys and secrets.`);
    assert.ok(!JSON.stringify(r).includes('0'.repeat(64)));
  });
});

describe('RFC 5849 published examples', () => {
  test('section 3.4.1.1: the signature base string', () => {
    const url = 'http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b';
    const pairs = [
      ['b5', '=%3D'], ['a3', 'a'], ['c@', ''], ['a2', 'r b'], // query, decoded
      ['c2', ''], ['a3', '2 q'], // form body
      ['oauth_consumer_key', '9djdj82h48djs9d2'], ['oauth_token', 'kkk9d7dh3k39sjv7'], ['oauth_signature_method', 'HMAC-SHA1'],
      ['oauth_timestamp', '137131201'], ['oauth_nonce', '7d8f3e4a'],
    ];
    assert.equal(signatureBaseString('POST', url, pairs),
      'POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D'
      + '%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1'
      + '%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7');
  });

  test('section 1.2: the signed request for the photos example (HMAC-SHA1)', () => {
    const header = authorizationHeader({
      method: 'GET', url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
      consumerKey: 'dpf43f3p2l4k3l03', consumerSecret: 'kd94hf93k423kf44', token: 'nnch734d00sl2jdk', tokenSecret: 'pfkkdhi9sl3r4s00',
      realm: 'Photos', signatureMethod: 'HMAC-SHA1', nonce: 'chapoH', timestamp: 137131202, includeVersion: false,
    });
    assert.equal(parseOAuthHeader(header).oauth_signature, 'MdpQcU8iPSUjWoN/UDMsK2sui9I=');
    assert.match(header, /^OAuth realm="Photos", oauth_consumer_key="dpf43f3p2l4k3l03", /);
  });

  test('the signing key encodes both secrets (section 3.4.2)', () => {
    const base = 'GET&http%3A%2F%2Fx%2F&a%3Db';
    assert.equal(sign(base, 'a&b', 'c d', 'HMAC-SHA256'), createHmac('sha256', 'a%26b&c%20d').update(base).digest('base64'));
  });
});
