import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseMysqlCnf, normalizeOptionName, type CnfOption } from './parser.ts';

const FIX = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(FIX, name), 'utf8');

describe('parseMysqlCnf', () => {
  test("Debian's mariadb.cnf: a group and two !includedir", () => {
    const { model, errors } = parseMysqlCnf(fixture('mariadb.cnf'), '/etc/mysql/mariadb.cnf');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      model.entries.map((e) => (e.kind === 'option' ? `${e.group}.${e.name}` : `${e.kind} ${e.path}`)),
      ['client-server.socket', 'includedir /etc/mysql/conf.d/', 'includedir /etc/mysql/mariadb.conf.d/'],
    );
  });

  test("Debian's 50-server.cnf: bind-address in [mysqld], names normalised", () => {
    const { model, errors } = parseMysqlCnf(fixture('50-server.cnf'), 's');
    assert.deepEqual(errors, []);
    const bind = model.entries.find((e): e is CnfOption => e.kind === 'option' && e.name === 'bind_address');
    assert.equal(bind?.group, 'mysqld');
    assert.equal(bind?.value, '127.0.0.1');
    assert.match(bind?.source.text ?? '', /^bind-address/);
  });

  test('bare options, loose- prefix, quotes, trailing comments, CRLF', () => {
    const { model, errors } = parseMysqlCnf(fixture('unusual.cnf'), 'u');
    assert.deepEqual(errors, []);
    const opts = model.entries.filter((e): e is CnfOption => e.kind === 'option').map((o) => [o.group, o.name, o.value]);
    assert.deepEqual(opts, [
      ['mysqld', 'skip_networking', null],
      ['mysqld', 'local_infile', '1'],
      ['mysqld', 'bind_address', '10.0.0.5'],
      ['mysqld', 'sql_mode', 'STRICT_TRANS_TABLES'],
      ['client', 'password', 's3cret'],
    ]);
  });

  test('broken lines are errors with line numbers', () => {
    const { errors } = parseMysqlCnf(fixture('broken.cnf'), 'b');
    assert.deepEqual(errors.map((e) => e.line), [1, 2, 3, 4, 6, 7]);
  });

  test('normalizeOptionName', () => {
    assert.equal(normalizeOptionName('Loose-Local-Infile'), 'local_infile');
    assert.equal(normalizeOptionName(' skip-grant-tables '), 'skip_grant_tables');
  });

  test('property: never throws, well-formed output', () => {
    const check = (text: string) => {
      const { model, errors } = parseMysqlCnf(text, 'p');
      const n = text.split('\n').length;
      for (const e of errors) assert.ok(e.line >= 1 && e.line <= n);
      for (const e of model.entries) assert.ok(e.source.line >= 1 && e.source.line <= n);
    };
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: 500 });
    const tok = fc.constantFrom('[mysqld]', '[', ']', '=', 'bind-address', 'skip-networking', '!include', '!includedir', ' /etc/x', '#', ';', '"', "'", ' ', '\r');
    fc.assert(fc.property(fc.array(fc.array(tok, { maxLength: 5 }).map((a) => a.join('')), { maxLength: 30 }).map((l) => l.join('\n')), check), { numRuns: 500 });
  });
});
