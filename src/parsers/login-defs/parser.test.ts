import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { idRanges, parseCNumber, parseLoginDefs } from './login-defs.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('parseLoginDefs', () => {
  test('Debian 12 default file', () => {
    const { model, errors } = parseLoginDefs(fixture('debian12.login.defs'), '/etc/login.defs');
    assert.deepEqual(errors, []);
    assert.equal(model.settings.UID_MIN!.value, '1000');
    assert.equal(model.settings.ENV_SUPATH!.value, 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    assert.deepEqual(idRanges(model), { uidMin: 1000, uidMax: 60000, sysUidMin: 101, sysUidMax: 999, gidMin: 1000, gidMax: 60000, sysGidMin: 101, sysGidMax: 999 });
  });

  test('quotes, last occurrence wins, octal and hexadecimal, bad values fall back to defaults', () => {
    const { model, errors } = parseLoginDefs(fixture('unusual.login.defs'), 'l');
    assert.deepEqual(errors.map((e) => e.line), [9]);
    assert.equal(model.settings.UID_MIN!.source.line, 3);
    assert.equal(model.settings.ENCRYPT_METHOD!.value, 'YESCRYPT   # trailing text is part of the value for getdef');
    assert.equal(model.settings.EMPTY!.value, '');
    const r = idRanges(model);
    assert.deepEqual([r.uidMin, r.uidMax, r.sysUidMax, r.gidMin, r.sysGidMax], [2000, 60000, 511, 1000, 999]);
  });

  test('no file: shadow-utils defaults', () => {
    assert.deepEqual(idRanges(null), { uidMin: 1000, uidMax: 60000, sysUidMin: 101, sysUidMax: 999, gidMin: 1000, gidMax: 60000, sysGidMin: 101, sysGidMax: 999 });
  });

  test('parseCNumber reads like strtol(s, NULL, 0)', () => {
    assert.deepEqual(['022', '0x1F', '-0x10', '1000', '0', '+7', '08', '1e3', '', ' 12 '].map(parseCNumber), [18, 31, -16, 1000, 0, 7, null, null, null, 12]);
  });

  test('never throws; settings are well formed', () => {
    const line = fc.oneof(fc.string(), fc.tuple(fc.stringMatching(/^[A-Z_]{1,10}$/), fc.string({ maxLength: 10 })).map(([k, v]) => `${k} ${v}`));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.array(line).map((l) => l.join('\n'))), (text) => {
        const { model, errors } = parseLoginDefs(text, 'f');
        for (const [name, s] of Object.entries(model.settings)) {
          assert.match(name, /^[A-Za-z_][A-Za-z0-9_]*$/);
          assert.ok(s.source.line >= 1 && !s.value.startsWith('"') && !s.value.endsWith(' '));
        }
        for (const e of errors) assert.ok(e.line >= 1);
        const r = idRanges(model);
        for (const v of Object.values(r)) assert.ok(Number.isSafeInteger(v));
      }),
    );
  });
});
