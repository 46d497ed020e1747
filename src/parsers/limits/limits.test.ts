import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { limitValue, parseLimits } from './limits.ts';

test('Debian limits.conf examples, trailing comments, tabs, CRLF', () => {
  const text = '#<domain> <type> <item> <value>\n*\t\thard\tcore\t\t0\r\n@student - maxlogins 4 # at most four\nroot hard core 100000\n1000:2000 soft nofile unlimited\n';
  const { model, errors } = parseLimits(text, '/etc/security/limits.conf');
  assert.deepEqual(errors, []);
  assert.deepEqual(
    model.entries.map((e) => [e.domain, e.type, e.item, e.value, e.source.line]),
    [
      ['*', 'hard', 'core', '0', 2],
      ['@student', '-', 'maxlogins', '4', 3],
      ['root', 'hard', 'core', '100000', 4],
      ['1000:2000', 'soft', 'nofile', 'unlimited', 5],
    ],
  );
});

test('bad lines are reported and skipped', () => {
  const { model, errors } = parseLimits('* hard core\n* both core 0\n* hard cores 0\n* hard core 0 extra\n* HARD core 0\n* hard CORE 0\n', 'f');
  assert.deepEqual(
    errors.map((e) => e.line),
    [1, 2, 3, 4, 5],
  );
  assert.equal(model.entries[0]?.item, 'core');
});

test('limit values', () => {
  assert.equal(limitValue('0'), 0);
  assert.equal(limitValue('unlimited'), Infinity);
  assert.equal(limitValue('-1'), Infinity);
  assert.ok(Number.isNaN(limitValue('lots')));
});

test('never throws', () => {
  const lineArb = fc.oneof(fc.string(), fc.constantFrom('* hard core 0', '# c', '@g - core unlimited', '   ', 'x y z'));
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.array(lineArb).map((l) => l.join('\n'))), (s) => {
      const { model, errors } = parseLimits(s, 'x');
      for (const e of model.entries) assert.ok(['soft', 'hard', '-'].includes(e.type));
      for (const e of errors) assert.ok(e.line >= 1);
    }),
  );
});
