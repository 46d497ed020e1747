import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseGshadow } from './gshadow.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('parseGshadow', () => {
  test('Debian 12 default', () => {
    const { model, errors } = parseGshadow(fixture('debian12.gshadow'), '/etc/gshadow');
    assert.deepEqual(errors, []);
    const sudo = model.entries.find((g) => g.name === 'sudo')!;
    assert.deepEqual([sudo.password.state, sudo.administrators, sudo.members], ['disabled', [], ['alice']]);
  });

  test('administrators, a group password (redacted) and a short line', () => {
    const { model, errors } = parseGshadow(fixture('unusual.gshadow'), 'gs');
    const project = model.entries.find((g) => g.name === 'project')!;
    assert.deepEqual([project.administrators, project.members, project.password.state], [['alice', 'bob'], ['carol'], 'hash']);
    assert.match(project.source.text, /^project:<redacted sha256:[0-9a-f]{8}>:alice,bob:carol$/);
    assert.deepEqual(model.entries.find((g) => g.name === 'oldline')!.password, { state: 'locked', hashed: false });
    assert.deepEqual(errors.map((e) => [e.line, e.message]), [[3, 'gshadow entry has 2 fields instead of 4']]);
    assert.doesNotMatch(JSON.stringify(model), /fixturesalt/);
  });

  test('never throws on any input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(fc.array(fc.string({ maxLength: 8 }), { maxLength: 6 }).map((f) => f.join(':'))).map((l) => l.join('\n'))), (text) => {
        const { model, errors } = parseGshadow(text, 'f');
        for (const g of model.entries) assert.ok(g.name !== '' && g.source.line >= 1);
        for (const e of errors) assert.ok(e.line >= 1 && e.file === 'f');
      }),
    );
  });
});
