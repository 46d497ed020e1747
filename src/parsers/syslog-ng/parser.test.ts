import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { calls, firstWord, optionValue, parseSyslogNg } from './syslog-ng.ts';
import type { SngBlock } from './syslog-ng.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('parseSyslogNg', () => {
  test("Debian 12's syslog-ng.conf", () => {
    const { model, errors } = parseSyslogNg(fixture('debian12-syslog-ng.conf'), '/etc/syslog-ng/syslog-ng.conf');
    assert.deepEqual(errors, []);
    assert.equal(model.version, '3.38');
    assert.deepEqual(model.includes.map((i) => i.path), ['scl.conf', '/etc/syslog-ng/conf.d/*.conf']);
    const dests = model.blocks.filter((b) => b.type === 'destination');
    assert.equal(dests.length, 22);
    const auth = dests.find((d) => d.name === 'd_auth')!;
    assert.equal(firstWord(calls(auth.items, 'file')[0]!), '/var/log/auth.log');
    assert.equal(auth.source.line, 34);
    const options = model.blocks.find((b) => b.type === 'options')!;
    assert.equal(optionValue(options.items, 'perm'), '0640');
    assert.equal(optionValue(options.items, 'group'), 'adm');
    assert.equal(model.blocks.filter((b) => b.type === "log").length, 17);
  });

  test('TLS destination, plain destination, inline destination in a log path', () => {
    const { model, errors } = parseSyslogNg(fixture('tls-client.conf'), 't.conf');
    assert.deepEqual(errors, []);
    const central = model.blocks.find((b) => b.name === 'd_central')!;
    const drv = calls(central.items, 'syslog')[0]!;
    assert.equal(firstWord(drv), 'logs.example.org');
    assert.equal(optionValue(drv.args, 'transport'), 'tls');
    assert.equal(drv.source.line, 3);
    const tls = calls(drv.args, 'tls')[0]!;
    assert.equal(optionValue(tls.args, 'peer-verify'), 'required-trusted');
    const logs = model.blocks.filter((b) => b.type === 'log');
    const inline = logs[1]!.items.find((i): i is SngBlock => i.kind === 'block' && i.type === 'destination')!;
    assert.equal(firstWord(calls(inline.items, 'tcp')[0]!), 'backup.example.org');
    assert.equal(inline.source.line, 19);
  });

  test('CRLF', () => {
    const { model, errors } = parseSyslogNg(fixture('crlf.conf'), 'c');
    assert.deepEqual(errors, []);
    assert.equal(firstWord(calls(model.blocks[0]!.items, 'udp')[0]!), '10.1.1.1');
  });

  test('broken input: errors with lines', () => {
    const { errors } = parseSyslogNg(fixture('broken.conf'), 'b');
    assert.ok(errors.length >= 2, JSON.stringify(errors));
    assert.ok(errors.every((e) => e.line >= 1 && e.line <= 4));
    assert.ok(errors.some((e) => e.message === 'unterminated string'));
  });

  test('property: never throws, lines in range', () => {
    const check = (text: string) => {
      const { errors } = parseSyslogNg(text, 'p');
      const n = text.split('\n').length;
      for (const e of errors) assert.ok(e.line >= 1 && e.line <= n, `line ${e.line}`);
    };
    fc.assert(fc.property(fc.string(), check), { numRuns: 500 });
    const tok = fc.constantFrom('destination', 'd', '{', '}', '(', ')', ';', 'network("h"', 'transport(tls)', '@include "x"', '#', '"', 'log', '\n');
    fc.assert(fc.property(fc.array(tok, { maxLength: 40 }), (ts) => check(ts.join(' '))), { numRuns: 500 });
    assert.equal(parseSyslogNg('{'.repeat(10000), 'deep').errors.length > 0, true);
  });
});
