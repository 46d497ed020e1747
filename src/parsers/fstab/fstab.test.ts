import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mountFlags, parseFstab } from './fstab.ts';

const DEBIAN = `# /etc/fstab: static file system information.
#
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
# / was on /dev/vda1 during installation
UUID=3f1c2a3e-1b2c-4d5e-8f90-0a1b2c3d4e5f /               ext4    errors=remount-ro 0       1
# /var/log was on /dev/vda5 during installation
UUID=0b1c2a3e-1b2c-4d5e-8f90-0a1b2c3d4e5f /var/log        ext4    defaults,nodev,nosuid        0       2
/dev/vda6 none swap sw 0 0
tmpfs	/tmp	tmpfs	defaults,nosuid,nodev,noexec,size=1G
/dev/sr0        /media/cdrom0   udf,iso9660 user,noauto     0       0
`;

test('a Debian installer fstab', () => {
  const { model, errors } = parseFstab(DEBIAN, '/etc/fstab');
  assert.deepEqual(errors, []);
  assert.deepEqual(
    model.entries.map((e) => [e.file, e.vfstype, e.source.line]),
    [
      ['/', 'ext4', 5],
      ['/var/log', 'ext4', 7],
      ['none', 'swap', 8],
      ['/tmp', 'tmpfs', 9],
      ['/media/cdrom0', 'udf,iso9660', 10],
    ],
  );
  assert.equal(model.entries[0]?.spec, 'UUID=3f1c2a3e-1b2c-4d5e-8f90-0a1b2c3d4e5f');
  assert.equal(model.entries[1]?.passno, 2);
  assert.deepEqual(model.entries[3]?.options, ['defaults', 'nosuid', 'nodev', 'noexec', 'size=1G']);
});

test('octal escapes, missing optional fields, bad numbers, too few or too many fields', () => {
  const { model, errors } = parseFstab('/dev/sdb1 /srv/my\\040data ext4\nLABEL=x /a ext4 defaults x 0\n/a /b\n/a /b c d 0 0 extra\r\n', 'f');
  assert.equal(model.entries[0]?.file, '/srv/my data');
  assert.deepEqual(model.entries[0]?.options, ['defaults']);
  assert.deepEqual(
    errors.map((e) => e.line),
    [2, 3, 4],
  );
});

test('mount flags apply left to right', () => {
  assert.deepEqual(mountFlags(['defaults']), { nodev: false, nosuid: false, noexec: false, readOnly: false, noauto: false });
  assert.equal(mountFlags(['noexec', 'exec']).noexec, false);
  assert.equal(mountFlags(['user']).noexec, true);
  assert.equal(mountFlags(['users', 'exec']).noexec, false);
  assert.equal(mountFlags(['nodev', 'nosuid', 'noexec', 'ro']).readOnly, true);
  assert.equal(mountFlags(['nodev', 'defaults']).nodev, false);
});

test('never throws', () => {
  const lineArb = fc.oneof(fc.string(), fc.constantFrom('tmpfs /tmp tmpfs defaults 0 0', '#', '/a\\040b /c ext4', '  '));
  fc.assert(
    fc.property(fc.oneof(fc.string(), fc.array(lineArb).map((l) => l.join('\n'))), (s) => {
      const { model, errors } = parseFstab(s, 'x');
      for (const e of model.entries) assert.ok(e.options.length >= 0 && e.source.line >= 1);
      for (const e of errors) assert.ok(e.line >= 1);
    }),
  );
});
