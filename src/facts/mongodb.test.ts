import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLegacyMongoConf, parseYamlMongoConf } from './mongodb.ts';

test('YAML: values with their line numbers', () => {
  const p = parseYamlMongoConf('net:\n  port: 27018\n  bindIp: 127.0.0.1,10.0.0.5\nsecurity:\n  authorization: enabled\n', '/etc/mongod.conf')!;
  assert.deepEqual(p.errors, []);
  assert.deepEqual(p.get(['net', 'bindIp']), { value: '127.0.0.1,10.0.0.5', source: { file: '/etc/mongod.conf', line: 3, text: '  bindIp: 127.0.0.1,10.0.0.5' } });
  assert.equal(p.get(['net', 'port'])?.value, '27018');
  assert.equal(p.get(['security', 'keyFile']), null);
});

test('YAML errors are reported with a line; a non-mapping document is not YAML config', () => {
  const p = parseYamlMongoConf('net:\n  port: [1,\n', 'f')!;
  assert.ok(p.errors.length > 0 && p.errors[0]!.line >= 1);
  assert.equal(parseYamlMongoConf('just a string', 'f'), null);
});

test('legacy key = value format', () => {
  const p = parseLegacyMongoConf('bind_ip = 0.0.0.0\nauth = true\nbroken line\n', 'f');
  assert.equal(p.get(['net', 'bindIp'])?.value, '0.0.0.0');
  assert.equal(p.get(['security', 'authorization'])?.value, 'enabled');
  assert.deepEqual(p.errors.map((e) => e.line), [3]);
});
