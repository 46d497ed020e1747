import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FileInfo } from '../target/target.ts';
import { Classifier, idsOf, SortedSample, underAny } from './filesystem.ts';

const entry = (path: string, type: FileInfo['type'], mode: number, uid = 0, gid = 0): FileInfo => ({
  path, type, mode, uid, gid, size: 0, mtimeMs: 0, dev: 1, ino: 1, nlink: 1,
});

test('SortedSample keeps the smallest paths in order and counts all', () => {
  fc.assert(
    fc.property(fc.array(fc.string(), { maxLength: 200 }), fc.integer({ min: 0, max: 10 }), (paths, n) => {
      const s = new SortedSample(n);
      for (const p of paths) s.add(p);
      assert.equal(s.count, paths.length);
      assert.deepEqual(s.paths, [...paths].sort().slice(0, n));
    }),
  );
});

test('underAny: literal and glob directories, never a mere name prefix', () => {
  const inData = underAny(['/srv', '/opt/*/data', '/DATA/']);
  assert.ok(inData('/srv/www/index.html'));
  assert.ok(!inData('/srvx/file'));
  assert.ok(!inData('/srv'));
  assert.ok(inData('/opt/app/data/x'));
  assert.ok(!inData('/opt/app/bin/x'));
  assert.ok(inData('/DATA/docker/a.out'));
});

test('idsOf reads passwd and group lines, skipping NIS markers and junk', () => {
  const ids = idsOf('root:x:0:0:root:/root:/bin/bash\n+@netgroup::::::\nbad\nstaff:x:50:\n');
  assert.deepEqual([...ids.entries()], [[0, 'root'], [50, 'staff']]);
});

test('Classifier puts each entry in the right categories', () => {
  const uids = new Map([[0, 'root'], [33, 'www-data']]);
  const gids = new Map([[0, 'root'], [50, 'staff'], [33, 'www-data']]);
  const c = new Classifier(5, ['/srv'], uids, gids, 50);
  const entries = [
    entry('/usr/bin/su', 'file', 0o4755),
    entry('/usr/bin/wall', 'file', 0o2755, 0, 5),
    entry('/usr/local/share/fonts', 'dir', 0o2775, 0, 50),
    entry('/usr/local/bin', 'dir', 0o2775, 0, 33),
    entry('/etc/app.conf', 'file', 0o664, 0, 33),
    entry('/etc/mine.conf', 'file', 0o664, 33, 33),
    entry('/tmp', 'dir', 0o1777),
    entry('/srv/upload', 'dir', 0o777, 33, 33),
    entry('/srv/www/index.html', 'file', 0o755, 33, 33),
    entry('/srv/www/notes', 'file', 0o666, 33, 33),
    entry('/srv/link', 'symlink', 0o777),
    entry('/home/old/file', 'file', 0o644, 1234, 0),
  ];
  for (const e of entries) c.add(e);
  assert.deepEqual(c.special.map((s) => s.path), ['/usr/bin/su', '/usr/bin/wall']);
  assert.deepEqual(c.groupWritableSystem.paths, ['/etc/app.conf', '/usr/local/bin']);
  assert.deepEqual(c.worldWritableDirs.paths, ['/srv/upload']);
  assert.deepEqual(c.worldWritableFiles.paths, ['/srv/www/notes']);
  assert.deepEqual(c.executableData.paths, ['/srv/www/index.html']);
  assert.deepEqual([...c.unknown.keys()].sort(), ['1234:', ':5']);
});
