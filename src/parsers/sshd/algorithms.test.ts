import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAlgorithmSpec, DEFAULTS, expandAlgorithms } from './algorithms.ts';
import { convtime, parseInteger } from './values.ts';

const list = (r: ReturnType<typeof expandAlgorithms>) => ('list' in r ? r.list : r.error);

test('+ appends, - removes, ^ prepends, a plain list replaces', () => {
  assert.deepEqual(list(expandAlgorithms('cipher', '+aes128-cbc')), [...DEFAULTS.cipher, 'aes128-cbc']);
  assert.deepEqual(list(expandAlgorithms('cipher', '^aes128-cbc')), ['aes128-cbc', ...DEFAULTS.cipher]);
  assert.deepEqual(list(expandAlgorithms('mac', '-*sha1*,umac-64*')), DEFAULTS.mac.filter((m) => !m.includes('sha1') && !m.startsWith('umac-64')));
  assert.deepEqual(list(expandAlgorithms('kex', 'curve25519-sha256')), ['curve25519-sha256']);
  assert.deepEqual(list(expandAlgorithms('key', 'ssh-ed25519*')), ['ssh-ed25519', 'ssh-ed25519-cert-v01@openssh.com']);
  assert.deepEqual(list(expandAlgorithms('cipher', undefined)), [...DEFAULTS.cipher]);
  assert.match(String(list(expandAlgorithms('cipher', '-*'))), /removes every algorithm/);
});

test('sshd refuses unknown names, and wildcards outside key lists', () => {
  assert.equal(checkAlgorithmSpec('cipher', '+arcfour'), "unsupported algorithm 'arcfour' in '+arcfour'");
  assert.notEqual(checkAlgorithmSpec('cipher', 'aes*'), null);
  assert.equal(checkAlgorithmSpec('key', '+ssh-rsa*'), null);
  assert.equal(checkAlgorithmSpec('mac', '-anything*'), null);
});

test('times and integers as OpenSSH reads them', () => {
  assert.equal(convtime('1m30s'), 90);
  assert.equal(convtime('2H'), 7200);
  assert.equal(convtime('1w'), 604800);
  assert.equal(convtime('10x'), null);
  assert.equal(convtime('-5'), null);
  assert.equal(parseInteger('4'), 4);
  assert.equal(parseInteger('4x'), null);
  assert.equal(parseInteger('-1'), null);
});
