import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parsePostgresqlConf, type PgConfSetting } from './parser.ts';

const FIX = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(FIX, name), 'utf8');
const settings = (text: string) => parsePostgresqlConf(text, 'f').model.entries.filter((e): e is PgConfSetting => e.kind === 'setting');

describe('parsePostgresqlConf', () => {
  test('the shipped sample: everything commented out, no errors', () => {
    const { model, errors } = parsePostgresqlConf(fixture('postgresql.conf.sample'), 's');
    assert.deepEqual(errors, []);
    assert.deepEqual(model.entries, []);
  });

  test('= optional, case-insensitive names, quoting, escapes, includes, CRLF', () => {
    const { model, errors } = parsePostgresqlConf(fixture('unusual.conf'), 'u');
    assert.deepEqual(errors, []);
    const got = model.entries.map((e) => (e.kind === 'setting' ? [e.name, e.value] : [e.kind, e.path]));
    assert.deepEqual(got, [
      ['listen_addresses', '*'],
      ['port', '5433'],
      ['ssl', 'on'],
      ['ssl_ciphers', 'HIGH:!aNULL'],
      ['search_path', '"$user", public'],
      ['log_line_prefix', "it's %m ' x"],
      ['include_dir', 'conf.d'],
      ['include_if_exists', '/etc/pg/extra.conf'],
      ['shared_buffers', '128MB'],
    ]);
    assert.equal(model.entries[2]?.source.line, 3);
  });

  test('broken lines are reported with their line numbers', () => {
    const { errors } = parsePostgresqlConf(fixture('broken.conf'), 'b');
    assert.deepEqual(errors.map((e) => e.line), [1, 2, 3, 4]);
  });

  test('huge input', () => {
    assert.equal(settings("work_mem = '4MB'\n".repeat(100000)).length, 100000);
  });

  test('property: never throws, well-formed output', () => {
    const check = (text: string) => {
      const { model, errors } = parsePostgresqlConf(text, 'p');
      const n = text.split('\n').length;
      for (const e of errors) assert.ok(e.line >= 1 && e.line <= n);
      for (const e of model.entries) {
        assert.ok(e.source.line >= 1 && e.source.line <= n);
        if (e.kind === 'setting') assert.match(e.name, /^[a-z_]/);
      }
    };
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: 500 });
    const tok = fc.constantFrom('ssl', '=', 'on', "'", "''", '\\', '#', ' ', 'include', "'x'", '5432', 'listen_addresses', '\r');
    fc.assert(fc.property(fc.array(fc.array(tok, { maxLength: 6 }).map((a) => a.join('')), { maxLength: 30 }).map((l) => l.join('\n')), check), { numRuns: 500 });
  });
});
