import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parsePasswd } from './passwd.ts';
import { parseId, parseMemberList } from './colon-file.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('parsePasswd', () => {
  test('Debian 12 default: every account, fields and line numbers', () => {
    const { model, errors } = parsePasswd(fixture('debian12.passwd'), '/etc/passwd');
    assert.deepEqual(errors, []);
    assert.equal(model.entries.length, 23);
    const root = model.entries[0]!;
    assert.deepEqual([root.name, root.uid, root.gid, root.home, root.shell, root.password.state], ['root', 0, 0, '/root', '/bin/bash', 'shadowed']);
    const nobody = model.entries.find((e) => e.name === 'nobody')!;
    assert.deepEqual([nobody.uid, nobody.home, nobody.source.line], [65534, '/nonexistent', 18]);
    assert.equal(nobody.source.text, 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin');
  });

  test('CRLF line ends give the same model', () => {
    const lf = parsePasswd(fixture('debian12.passwd'), 'p').model;
    const crlf = parsePasswd(fixture('crlf.passwd'), 'p').model;
    assert.deepEqual(crlf, lf);
  });

  test('unusual input: comments, NIS entries, refused lines, hashes redacted', () => {
    const { model, errors } = parsePasswd(fixture('unusual.passwd'), 'u');
    assert.deepEqual(
      model.entries.map((e) => e.name),
      ['root', 'emptyshell', 'extra', 'hashed', 'nopass', 'big'],
    );
    assert.deepEqual(
      errors.map((e) => [e.line, e.message]),
      [
        [7, 'passwd entry has 4 field(s), needs 7: line ignored'],
        [8, 'passwd entry "baduid" has an invalid uid: line ignored'],
        [9, 'passwd entry "nouid" has an invalid uid: line ignored'],
        [10, 'passwd entry without a user name: line ignored'],
        [12, 'passwd entry has 8 fields instead of 7'],
        [16, 'passwd entry "toobig" has an invalid uid: line ignored'],
      ],
    );
    const byName = new Map(model.entries.map((e) => [e.name, e]));
    assert.equal(byName.get('emptyshell')!.shell, '');
    assert.equal(byName.get('extra')!.shell, '/bin/bash');
    assert.equal(byName.get('nopass')!.password.state, 'empty');
    const hashed = byName.get('hashed')!;
    assert.equal(hashed.password.state, 'hash');
    assert.ok(hashed.password.state === 'hash' && hashed.password.algorithm === 'sha512crypt');
    assert.doesNotMatch(JSON.stringify(model), /fixturesalt|rRRuGD4b/, 'the hash is nowhere in the model');
    assert.match(hashed.source.text, /^hashed:<redacted sha256:[0-9a-f]{8}>:1004:/);
    assert.equal(byName.get('big')!.uid, 4294967295);
  });

  test('parseId and parseMemberList', () => {
    assert.equal(parseId('0'), 0);
    assert.equal(parseId(' 1'), null);
    assert.equal(parseId('-1'), null);
    assert.equal(parseId('12345678901'), null);
    assert.deepEqual(parseMemberList(' a, b,,c '), ['a', 'b', 'c']);
    assert.deepEqual(parseMemberList(''), []);
  });

  test('a huge file is parsed quickly', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `u${i}:x:${i}:${i}::/home/u${i}:/bin/sh`).join('\n');
    const t = Date.now();
    const { model } = parsePasswd(text, 'big');
    assert.equal(model.entries.length, 100_000);
    assert.ok(Date.now() - t < 2000);
  });
});

const field = fc.stringMatching(/^[^:\n]{0,12}$/);
const passwdLine = fc.oneof(
  fc.tuple(field, field, fc.oneof(fc.nat().map(String), field), fc.nat().map(String), field, field, field).map((f) => f.join(':')),
  fc.string(),
  fc.constantFrom('', '# comment', '+::::::', '   ', 'x:$6$salt$hash:1:1::/:/bin/sh'),
);

describe('parsePasswd properties', () => {
  test('never throws; entries and errors are well formed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(passwdLine).map((l) => l.join('\n')), fc.array(passwdLine).map((l) => l.join('\r\n'))), (text) => {
        const { model, errors } = parsePasswd(text, 'f');
        const lines = text.split('\n').length;
        for (const e of model.entries) {
          assert.ok(e.name !== '' && Number.isInteger(e.uid) && Number.isInteger(e.gid));
          assert.ok(e.source.line >= 1 && e.source.line <= lines);
          assert.ok(!e.name.includes(':') && !e.shell.includes('\n'));
        }
        for (const e of errors) assert.ok(e.file === 'f' && e.line >= 1 && e.line <= lines && e.message.length > 0);
      }),
    );
  });

  test('a password field never appears in the model unless it is a marker', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9./$]{4,40}$/), (secret) => {
        fc.pre(secret !== 'x' && !secret.startsWith('##') && !['1000', '/home/u', '/bin/sh'].includes(secret));
        const { model } = parsePasswd(`u:${secret}:1000:1000::/home/u:/bin/sh`, 'f');
        assert.equal(model.entries.length, 1);
        assert.ok(!JSON.stringify(model).includes(`:${secret}:`));
      }),
    );
  });
});
