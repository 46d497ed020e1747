import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseRedisConf, splitRedisArgs } from './parser.ts';

const FIX = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(FIX, name), 'utf8');

describe('parseRedisConf', () => {
  test("Debian's redis.conf parses without errors", () => {
    const { model, errors } = parseRedisConf(fixture('debian-redis.conf'), '/etc/redis/redis.conf');
    assert.deepEqual(errors, []);
    const bind = model.directives.find((d) => d.name === 'bind');
    assert.deepEqual(bind?.args, ['127.0.0.1', '-::1']);
    assert.ok(model.directives.some((d) => d.name === 'proc-title-template' && d.args[0] === '{title} {listen-addr} {server-mode}'));
  });

  test('case-insensitive names, quotes, hex escapes, CRLF', () => {
    const { model, errors } = parseRedisConf(fixture('unusual.conf'), 'u');
    assert.deepEqual(errors, []);
    assert.deepEqual(model.directives.map((d) => [d.name, ...d.args]), [
      ['bind', '127.0.0.1', '-::1'],
      ['rename-command', 'CONFIG', ''],
      ['rename-command', 'FLUSHALL', 'FLUSH_9'],
      ['user', 'app', 'on', '>p@ss', '~app:*', '+@all'],
      ['proc-title-template', '{title} {listen-addr}'],
      ['requirepass', "it's"],
    ]);
  });

  test('unbalanced quotes are errors with line numbers', () => {
    const { model, errors } = parseRedisConf(fixture('broken.conf'), 'b');
    assert.deepEqual(errors.map((e) => e.line), [2, 3]);
    assert.equal(model.directives.length, 1);
  });

  test('splitRedisArgs mirrors sdssplitargs', () => {
    assert.deepEqual(splitRedisArgs('a "b c" \'d\\\'e\''), ['a', 'b c', "d'e"]);
    assert.equal(splitRedisArgs('"a"b'), null);
    assert.equal(splitRedisArgs('"open'), null);
  });

  test('property: never throws, well-formed output', () => {
    const check = (text: string) => {
      const { model, errors } = parseRedisConf(text, 'p');
      const n = text.split('\n').length;
      for (const e of errors) assert.ok(e.line >= 1 && e.line <= n);
      for (const d of model.directives) assert.ok(d.source.line >= 1 && d.source.line <= n && d.name.length > 0);
    };
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: 500 });
    const tok = fc.constantFrom('bind', 'requirepass', '"', "'", '\\x4', '\\', ' ', '#', 'include', '"a b"', '\r', '-::1');
    fc.assert(fc.property(fc.array(fc.array(tok, { maxLength: 6 }).map((a) => a.join('')), { maxLength: 30 }).map((l) => l.join('\n')), check), { numRuns: 500 });
  });
});
