import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { pgHbaWithMethod } from './databases.ts';

const scram = (_type: string, m: string) => (m === 'trust' || m === 'md5' ? 'scram-sha-256' : m);

describe('pgHbaWithMethod', () => {
  test('replaces the method of local, host and address/mask records, keeping blanks, options and comments', () => {
    assert.equal(pgHbaWithMethod('local   all   all   trust', scram), 'local   all   all   scram-sha-256');
    assert.equal(pgHbaWithMethod('host\tdb\tu\t10.0.0.0/8\tmd5\tclientcert=verify-ca # x', scram), 'host\tdb\tu\t10.0.0.0/8\tscram-sha-256\tclientcert=verify-ca # x');
    assert.equal(pgHbaWithMethod('host all all 10.0.0.0 255.0.0.0 trust', scram), 'host all all 10.0.0.0 255.0.0.0 scram-sha-256');
    assert.equal(pgHbaWithMethod('hostssl all all ::1/128 md5', scram), 'hostssl all all ::1/128 scram-sha-256');
  });
  test('a record too short to have a method is left as it is', () => {
    assert.equal(pgHbaWithMethod('host all all', scram), 'host all all');
  });
  test('only the method field changes, and a second pass changes nothing', () => {
    const word = fc.stringMatching(/^[a-z0-9./:_-]{1,12}$/);
    const blank = fc.constantFrom(' ', '  ', '\t', ' \t ');
    fc.assert(
      fc.property(fc.constantFrom('local', 'host', 'hostssl'), fc.array(fc.tuple(blank, word), { minLength: 3, maxLength: 7 }), (type, rest) => {
        const text = type + rest.map(([b, w]) => b + w).join('');
        const once = pgHbaWithMethod(text, scram);
        assert.equal(pgHbaWithMethod(once, scram), once);
        const a = text.split(/\s+/);
        const b = once.split(/\s+/);
        assert.equal(a.length, b.length);
        const idx = type === 'local' ? 3 : 4;
        for (let i = 0; i < a.length; i++) if (i !== idx && !(type !== 'local' && i === 5)) assert.equal(b[i], a[i]);
      }),
    );
  });
});
