import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseListenerValue, parseRabbitmqConf } from './rabbitmq.ts';

test('rabbitmq.conf: key = value, comments, password values never kept', () => {
  const { entries, errors } = parseRabbitmqConf('# c\nlisteners.tcp.local = 127.0.0.1:5672\ndefault_pass = hunter2-secret\nbroken\n', 'f');
  assert.deepEqual(errors.map((e) => e.line), [4]);
  assert.equal(entries[0]?.value, '127.0.0.1:5672');
  assert.equal(entries[1]?.value, '<redacted>');
  assert.ok(!JSON.stringify(entries).includes('hunter2'));
});

test('listener values', () => {
  assert.deepEqual(parseListenerValue('5672'), { address: '*', port: 5672 });
  assert.deepEqual(parseListenerValue('::1:5672'), { address: '::1', port: 5672 });
  assert.deepEqual(parseListenerValue('[::1]:5671'), { address: '::1', port: 5671 });
  assert.equal(parseListenerValue('nonsense'), null);
});
