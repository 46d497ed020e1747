import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RootDirTarget } from './root-dir.ts';
import { targetConformance } from './conformance.case.ts';

targetConformance('RootDirTarget', (dir) => ({ target: new RootDirTarget(dir), prefix: '' }), 'root-dir');

describe('RootDirTarget resolves links inside the root, as chroot would', () => {
  let dir: string;
  let t: RootDirTarget;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-root-'));
    fs.mkdirSync(path.join(dir, 'etc/sub'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'proc/1'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'etc/shadow'), 'inside-the-root\n');
    fs.writeFileSync(path.join(dir, 'proc/1/status'), 'fake\n');
    fs.symlinkSync('/etc/shadow', path.join(dir, 'etc/abs-link'));
    fs.symlinkSync('../../../../../../../etc/shadow', path.join(dir, 'etc/sub/climb'));
    fs.symlinkSync('/', path.join(dir, 'etc/rootlink'));
    fs.symlinkSync('/etc/passwd', path.join(dir, 'etc/host-passwd'));
    fs.symlinkSync('..', path.join(dir, 'etc/sub/up'));
    t = new RootDirTarget(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('an absolute link means a path under the root', async () => {
    const r = await t.readFile('/etc/abs-link');
    assert.ok(r.ok);
    assert.equal(r.text, 'inside-the-root\n');
  });

  test('.. never climbs above the root', async () => {
    const r = await t.readFile('/etc/sub/climb');
    assert.ok(r.ok && r.text === 'inside-the-root\n');
    const r2 = await t.readFile('/../../../etc/shadow');
    assert.ok(r2.ok && r2.text === 'inside-the-root\n');
    const r3 = await t.readFile('/etc/rootlink/etc/rootlink/etc/shadow');
    assert.ok(r3.ok && r3.text === 'inside-the-root\n');
    const r4 = await t.readFile('/etc/sub/up/sub/up/shadow');
    assert.ok(r4.ok && r4.text === 'inside-the-root\n');
  });

  test('a link to a host file that is absent from the root is ENOENT, never the host file', async () => {
    const r = await t.readFile('/etc/host-passwd');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.code, 'ENOENT');
  });

  test('the walk skips /proc, /sys, /dev and /run of the root', async () => {
    const paths: string[] = [];
    for await (const b of t.walk()) paths.push(...b.entries.map((e) => e.path));
    assert.ok(paths.includes('/proc'));
    assert.ok(!paths.includes('/proc/1'));
    assert.ok(paths.includes('/etc/sub/climb'));
  });

  test('info() reads hostname and os-release from the tree', async () => {
    fs.writeFileSync(path.join(dir, 'etc/hostname'), 'web01\n');
    fs.writeFileSync(path.join(dir, 'etc/os-release'), 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n');
    const info = await t.info();
    assert.equal(info.hostname, 'web01');
    assert.equal(info.os?.id, 'debian');
    assert.equal(info.kind, 'root-dir');
  });
});
