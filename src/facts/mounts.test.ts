import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Target } from '../target/target.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import { collectFact, LiveRootDirTarget, tempTree } from './_testing.ts';
import mountsFact, { mountUnitName } from './mounts.ts';

const collect = (target: Target) => collectFact(mountsFact, target);

const TMP_MOUNT = '[Mount]\nWhat=tmpfs\nWhere=/tmp\nType=tmpfs\nOptions=mode=1777,strictatime,nosuid,nodev,size=50%%\n';

test('unit names follow systemd-escape --path', () => {
  assert.equal(mountUnitName('/tmp'), 'tmp.mount');
  assert.equal(mountUnitName('/var/log/audit'), 'var-log-audit.mount');
  assert.equal(mountUnitName('/srv/my-data'), 'srv-my\\x2ddata.mount');
  assert.equal(mountUnitName('/'), '-.mount');
});

test('fstab wins over a unit; swap and noauto are not mounts; an enabled unit counts', async () => {
  const dir = tempTree(
    {
      'etc/fstab': 'UUID=1 / ext4 errors=remount-ro 0 1\n/dev/sdb1 none swap sw 0 0\n/dev/sdc1 /srv ext4 noauto 0 2\n/dev/sdd1 /var/log ext4 defaults,nodev 0 2\n',
      'usr/lib/systemd/system/tmp.mount': TMP_MOUNT,
      'usr/lib/systemd/system/var-log.mount': '[Mount]\nWhat=/dev/x\nWhere=/var/log\nOptions=noexec\n',
    },
    {
      'usr/lib/systemd/system/local-fs.target.wants/tmp.mount': '../tmp.mount',
      'usr/lib/systemd/system/local-fs.target.wants/var-log.mount': '../var-log.mount',
    },
  );
  const { facts, diagnostics } = await collect(new RootDirTarget(dir));
  assert.deepEqual(diagnostics, []);
  assert.equal(facts.live, false);
  assert.deepEqual(facts.configured.map((m) => [m.mountPoint, m.origin]), [
    ['/', 'fstab'],
    ['/var/log', 'fstab'],
    ['/tmp', 'systemd-unit'],
  ]);
  assert.deepEqual(facts.at('/tmp')?.options, ['mode=1777', 'strictatime', 'nosuid', 'nodev', 'size=50%']);
  assert.equal(facts.at('/srv'), undefined);
});

test('a unit masked in /etc or not enabled is not a mount; drop-ins override Options', async () => {
  const masked = await collect(
    new RootDirTarget(tempTree({ 'etc/fstab': 'UUID=1 / ext4 defaults 0 1\n', 'usr/lib/systemd/system/tmp.mount': TMP_MOUNT }, {
      'usr/lib/systemd/system/local-fs.target.wants/tmp.mount': '../tmp.mount',
      'etc/systemd/system/tmp.mount': '/dev/null',
    })),
  );
  assert.equal(masked.facts.at('/tmp'), undefined);
  const disabled = await collect(new RootDirTarget(tempTree({ 'etc/fstab': 'UUID=1 / ext4 defaults 0 1\n', 'etc/systemd/system/tmp.mount': TMP_MOUNT })));
  assert.equal(disabled.facts.at('/tmp'), undefined);
  const dropin = await collect(
    new RootDirTarget(
      tempTree(
        { 'etc/systemd/system/tmp.mount': TMP_MOUNT, 'etc/systemd/system/tmp.mount.d/noexec.conf': '[Mount]\nOptions=nosuid,nodev,noexec\n' },
        { 'etc/systemd/system/local-fs.target.wants/tmp.mount': '/etc/systemd/system/tmp.mount' },
      ),
    ),
  );
  assert.equal(dropin.facts.fstabConfigured, false);
  assert.deepEqual(dropin.facts.at('/tmp')?.options, ['nosuid', 'nodev', 'noexec']);
  assert.equal(dropin.facts.at('/tmp')?.evidence.file, '/etc/systemd/system/tmp.mount.d/noexec.conf');
});

test('live: mountinfo decides, the configured view stays available', async () => {
  const dir = tempTree({
    'etc/fstab': 'UUID=1 / ext4 defaults 0 1\ntmpfs /tmp tmpfs nodev,nosuid,noexec 0 0\n',
    'proc/self/mountinfo': '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n40 27 0:40 / /tmp rw,nosuid,nodev shared:20 - tmpfs tmpfs rw,size=1048576k\n41 27 0:41 / /srv/a\\040b rw - ext4 /dev/vdb rw\n',
  });
  const { facts } = await collect(new LiveRootDirTarget(dir));
  assert.equal(facts.live, true);
  assert.deepEqual(facts.at('/tmp')?.options, ['rw', 'nosuid', 'nodev', 'rw', 'size=1048576k']);
  assert.equal(facts.at('/tmp')?.evidence.line, 2);
  assert.ok(facts.configuredAt('/tmp')?.options.includes('noexec'));
  assert.equal(facts.at('/srv/a b')?.source, '/dev/vdb');
});
