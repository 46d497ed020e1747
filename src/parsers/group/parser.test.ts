import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseGroup } from './group.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('parseGroup', () => {
  test('Debian 12 default groups with the admin user in sudo', () => {
    const { model, errors } = parseGroup(fixture('debian12.group'), '/etc/group');
    assert.deepEqual(errors, []);
    const sudo = model.entries.find((g) => g.name === 'sudo')!;
    assert.deepEqual([sudo.gid, sudo.members, sudo.source.line, sudo.password.state], [27, ['alice'], 21, 'shadowed']);
    assert.deepEqual(model.entries.find((g) => g.name === 'nogroup')!.members, []);
  });

  test('unusual input: spaces in member lists, missing member field, refused lines', () => {
    const { model, errors } = parseGroup(fixture('unusual.group'), 'g');
    assert.deepEqual(model.entries.map((g) => [g.name, g.gid, g.members]), [
      ['root', 0, []],
      ['sudo', 27, ['alice', 'bob', 'carol']],
      ['nomembers', 100, []],
      ['toolong', 101, ['a']],
      ['hashed', 102, []],
    ]);
    assert.deepEqual(errors.map((e) => e.line), [3, 4, 5, 6]);
    assert.doesNotMatch(JSON.stringify(model), /fixturesalt/);
  });
});

describe('parseGroup properties', () => {
  const line = fc.oneof(
    fc.array(fc.stringMatching(/^[^:\n]{0,10}$/), { minLength: 1, maxLength: 6 }).map((f) => f.join(':')),
    fc.tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.nat(70000), fc.array(fc.stringMatching(/^[a-z ]{0,6}$/))).map(([n, g, m]) => `${n}:x:${g}:${m.join(',')}`),
    fc.string(),
  );
  test('never throws; groups are well formed', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(line).map((l) => l.join('\n'))), (text) => {
        const { model, errors } = parseGroup(text, 'f');
        const lines = text.split('\n').length;
        for (const g of model.entries) {
          assert.ok(g.name !== '' && Number.isInteger(g.gid) && g.members.every((m) => m !== '' && !m.includes(',')));
          assert.ok(g.source.line >= 1 && g.source.line <= lines);
        }
        for (const e of errors) assert.ok(e.file === 'f' && e.line >= 1 && e.line <= lines);
      }),
    );
  });
});
