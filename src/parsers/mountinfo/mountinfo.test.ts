import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseMountInfo } from './mountinfo.ts';

const SAMPLE = `22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw,discard
36 35 98:0 /mnt1 /mnt\\040two rw,noatime master:1 - ext3 /dev/root rw,errors=continue
40 27 0:40 / /tmp rw,nosuid,nodev,noexec shared:20 - tmpfs tmpfs rw,size=1048576k
`;

test('parses kernel mountinfo with optional fields and escapes', () => {
  const { model, errors } = parseMountInfo(SAMPLE, '/proc/self/mountinfo');
  assert.deepEqual(errors, []);
  assert.equal(model.length, 4);
  assert.equal(model[1]?.mountPoint, '/');
  assert.deepEqual(model[1]?.optional, ['shared:1']);
  assert.equal(model[2]?.mountPoint, '/mnt two');
  assert.equal(model[2]?.root, '/mnt1');
  assert.equal(model[3]?.fstype, 'tmpfs');
  assert.deepEqual(model[3]?.options, ['rw', 'nosuid', 'nodev', 'noexec']);
  assert.deepEqual(model[3]?.superOptions, ['rw', 'size=1048576k']);
  assert.equal(model[3]?.line, 4);
});

test('malformed lines are reported', () => {
  const { model, errors } = parseMountInfo('garbage\n1 2 3 4 5 6 7 8 9 10\nx 1 0:1 / / rw - ext4 /dev/x rw\n', 'm');
  assert.equal(model.length, 0);
  assert.deepEqual(
    errors.map((e) => e.line),
    [1, 2, 3],
  );
});

test('never throws', () => {
  const lineArb = fc.oneof(fc.string(), fc.constantFrom('1 2 0:1 / / rw - ext4 /dev/x rw', '1 2 0:1 / /a rw shared:1 - tmpfs t', '-'));
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.array(lineArb).map((l) => l.join('\n'))), (s) => {
      const { model, errors } = parseMountInfo(s, 'x');
      for (const m of model) assert.ok(Number.isInteger(m.id) && m.line >= 1);
      for (const e of errors) assert.ok(e.line >= 1);
    }),
  );
});
