import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseDaemonJson } from './daemon-json.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('parseDaemonJson', () => {
  test('top-level options with their lines', () => {
    const { model, errors } = parseDaemonJson(fixture('hardened.json'), '/etc/docker/daemon.json');
    assert.deepEqual(errors, []);
    assert.deepEqual([...model.options.keys()], ['icc', 'userns-remap', 'live-restore', 'no-new-privileges', 'log-driver', 'hosts']);
    assert.equal(model.options.get('icc')?.value, false);
    assert.equal(model.options.get('userns-remap')?.source.line, 3);
    assert.equal(model.options.get('userns-remap')?.source.text, '  "userns-remap": "default",');
    assert.deepEqual(model.options.get('hosts')?.value, ['unix:///var/run/docker.sock']);
  });

  test('CRLF and multi-line arrays', () => {
    const { model, errors } = parseDaemonJson(fixture('crlf.json'), 'd.json');
    assert.deepEqual(errors, []);
    assert.equal(model.options.get('hosts')?.source.line, 2);
    assert.equal(model.options.get('icc')?.source.line, 4);
    assert.equal(model.options.get('icc')?.source.text, '  "icc": true');
  });

  test('unterminated input and comments are errors with a line', () => {
    const a = parseDaemonJson(fixture('unterminated.json'), 'u.json');
    assert.equal(a.errors.length, 1);
    assert.equal(a.errors[0]!.line, 4);
    assert.equal(a.model.options.size, 0);
    const b = parseDaemonJson(fixture('comment.json'), 'c.json');
    assert.deepEqual(b.errors.map((e) => e.line), [2]);
  });

  test('empty file, BOM, escapes, nested values, repeated key', () => {
    assert.deepEqual(parseDaemonJson('', 'e').errors, []);
    const { model, errors } = parseDaemonJson('\uFEFF{"a":{"b":[1,2.5e3,null]},"s":"x\\u0041\\n","a":true}', 'x');
    assert.deepEqual(errors, []);
    assert.equal(model.options.get('a')?.value, true);
    assert.equal(model.options.get('s')?.value, 'xA\n');
    assert.equal(parseDaemonJson('{"__proto__": 1}', 'p').model.options.get('__proto__')?.value, 1);
    assert.equal(parseDaemonJson('[1]', 'arr').errors.length, 1);
    assert.equal(parseDaemonJson('{} x', 'trail').errors.length, 1);
  });

  test('deep nesting is an error, not a crash', () => {
    const deep = `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    assert.equal(parseDaemonJson(deep, 'deep').errors.length, 1);
  });

  test('property: agrees with JSON.parse on generated JSON, never throws on text', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const text = JSON.stringify(obj, null, 2);
        const { model, errors } = parseDaemonJson(text, 'g');
        assert.deepEqual(errors, []);
        assert.deepEqual(Object.fromEntries([...model.options].map(([k, v]) => [k, v.value])), JSON.parse(text));
      }),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.string(), (t) => {
        const { errors } = parseDaemonJson(t, 's');
        let valid: boolean;
        try {
          const v: unknown = JSON.parse(t.replace(/^\uFEFF/, ''));
          valid = typeof v === 'object' && v !== null && !Array.isArray(v);
        } catch {
          valid = t.trim() === '';
        }
        assert.equal(errors.length === 0, valid);
      }),
      { numRuns: 500 },
    );
  });
});
