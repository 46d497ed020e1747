import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parsePgHba, parseHbaNameList, type HbaRecord } from './parser.ts';

const FIX = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(FIX, name), 'utf8');
const records = (text: string) => parsePgHba(text, 'f').model.entries.filter((e): e is HbaRecord => e.kind === 'record');

describe('parsePgHba', () => {
  test('the pg_hba.conf Debian writes for a new cluster', () => {
    const { model, errors } = parsePgHba(fixture('debian.conf'), '/etc/postgresql/15/main/pg_hba.conf');
    assert.deepEqual(errors, []);
    const recs = model.entries.filter((e): e is HbaRecord => e.kind === 'record');
    assert.deepEqual(
      recs.map((r) => [r.type, r.databases[0]?.value, r.users[0]?.value, r.address ?? null, r.method]),
      [
        ['local', 'all', 'all', null, 'peer'],
        ['host', 'all', 'all', '127.0.0.1/32', 'scram-sha-256'],
        ['host', 'all', 'all', '::1/128', 'scram-sha-256'],
        ['local', 'replication', 'all', null, 'peer'],
        ['host', 'replication', 'all', '127.0.0.1/32', 'scram-sha-256'],
        ['host', 'replication', 'all', '::1/128', 'scram-sha-256'],
      ],
    );
    assert.ok(recs.every((r) => r.source.file === '/etc/postgresql/15/main/pg_hba.conf' && r.source.text.includes(r.method)));
  });

  test('quotes, lists, separate netmask, options and include directives', () => {
    const { model, errors } = parsePgHba(fixture('unusual.conf'), 'u');
    assert.deepEqual(errors, []);
    const [local, quoted, lists, ssl, ldap, incDir, incIf] = model.entries;
    assert.equal(local?.kind === 'record' && local.method, 'peer');
    assert.ok(quoted?.kind === 'record');
    assert.deepEqual(quoted.databases, [{ value: 'all', quoted: true }]);
    assert.deepEqual(quoted.users, [{ value: 'my user', quoted: true }]);
    assert.ok(lists?.kind === 'record');
    assert.deepEqual(lists.databases.map((t) => t.value), ['sales', 'hr']);
    assert.deepEqual(lists.users.map((t) => t.value), ['+staff', '@admins']);
    assert.equal(lists.address, '192.168.0.0');
    assert.equal(lists.mask, '255.255.0.0');
    assert.equal(lists.method, 'md5');
    assert.ok(ssl?.kind === 'record');
    assert.equal(ssl.address, '.example.org');
    assert.deepEqual(ssl.options, { clientcert: 'verify-full' });
    assert.ok(ldap?.kind === 'record');
    assert.equal(ldap.options.ldapsuffix, ', dc=example, dc=org');
    assert.deepEqual([incDir?.kind, incIf?.kind], ['include_dir', 'include_if_exists']);
  });

  test('CRLF line endings', () => {
    const recs = records(fixture('crlf.conf'));
    assert.equal(recs.length, 2);
    assert.equal(recs[1]?.method, 'scram-sha-256');
    assert.doesNotMatch(recs[1]?.source.text ?? '', /\r/);
  });

  test('a trailing backslash continues the record (PostgreSQL 16)', () => {
    const recs = records('host all all \\\n   10.0.0.0/8 \\\n   scram-sha-256\n');
    assert.equal(recs.length, 1);
    assert.equal(recs[0]?.address, '10.0.0.0/8');
    assert.equal(recs[0]?.source.line, 1);
  });

  test('broken lines are errors naming their line; good lines survive', () => {
    const { model, errors } = parsePgHba(fixture('broken.conf'), 'b');
    assert.deepEqual(
      errors.map((e) => e.line),
      [1, 2, 3, 4, 5, 6],
    );
    assert.match(errors[0]!.message, /invalid connection type "hots"/);
    assert.match(errors[2]!.message, /invalid authentication method "magic"/);
    assert.equal(model.entries.length, 0);
  });

  test('@file name lists', () => {
    assert.deepEqual(parseHbaNameList('# roles\nalice, bob\n"Carol"  dave\n').map((t) => t.value), ['alice', 'bob', 'Carol', 'dave']);
  });

  test('huge input', () => {
    const line = 'host    all             all             10.0.0.0/8              scram-sha-256\n';
    const t0 = Date.now();
    assert.equal(records(line.repeat(50000)).length, 50000);
    assert.ok(Date.now() - t0 < 3000);
  });

  test('property: never throws; errors and records are well-formed', () => {
    const check = (text: string) => {
      const { model, errors } = parsePgHba(text, 'p');
      const n = text.split('\n').length;
      for (const e of errors) assert.ok(e.line >= 1 && e.line <= n);
      for (const e of model.entries) {
        assert.ok(e.source.line >= 1 && e.source.line <= n);
        if (e.kind === 'record') assert.ok(e.method.length > 0 && e.databases.length > 0 && e.users.length > 0);
      }
    };
    fc.assert(fc.property(fc.string({ maxLength: 300 }), check), { numRuns: 500 });
    const field = fc.constantFrom('local', 'host', 'hostssl', 'all', '"all"', 'replication', '10.0.0.0/8', '::1/128', '255.0.0.0', 'trust', 'md5', 'peer', 'a,b', '@file', '#', '"', '\\', 'x=y', 'include', '\t');
    const line = fc.array(field, { maxLength: 8 }).map((a) => a.join(' '));
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }).map((ls) => ls.join('\n')), check), { numRuns: 500 });
  });
});
