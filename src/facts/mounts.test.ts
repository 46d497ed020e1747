import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Diagnostic, FactContext } from '../core/fact.ts';
import { defaultAuditOptions } from '../core/options.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import type { TargetCapabilities } from '../target/target.ts';
import mountsFact, { mountUnitName } from './mounts.ts';

const temps: string[] = [];
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>, links: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-mounts-'));
  temps.push(dir);
  for (const [p, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  for (const [p, to] of Object.entries(links)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.symlinkSync(to, path.join(dir, p));
  }
  return dir;
}

class LiveTree extends RootDirTarget {
  override readonly capabilities: TargetCapabilities = { live: true, exec: false };
}

async function collect(target: RootDirTarget) {
  const diagnostics: Diagnostic[] = [];
  const ctx: FactContext = {
    target,
    info: await target.info(),
    options: defaultAuditOptions(),
    get: () => Promise.reject(new Error('not needed')),
    diagnostic: (d) => diagnostics.push(d),
    parseErrors: (errs) => errs.forEach((e) => diagnostics.push({ path: e.file, line: e.line, message: e.message })),
  };
  return { facts: await mountsFact.collect(ctx), diagnostics };
}

const TMP_MOUNT = '[Mount]\nWhat=tmpfs\nWhere=/tmp\nType=tmpfs\nOptions=mode=1777,strictatime,nosuid,nodev,size=50%%\n';

test('unit names follow systemd-escape --path', () => {
  assert.equal(mountUnitName('/tmp'), 'tmp.mount');
  assert.equal(mountUnitName('/var/log/audit'), 'var-log-audit.mount');
  assert.equal(mountUnitName('/srv/my-data'), 'srv-my\\x2ddata.mount');
  assert.equal(mountUnitName('/'), '-.mount');
});

test('fstab wins over a unit; swap and noauto are not mounts; an enabled unit counts', async () => {
  const dir = tree(
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
    new RootDirTarget(tree({ 'etc/fstab': 'UUID=1 / ext4 defaults 0 1\n', 'usr/lib/systemd/system/tmp.mount': TMP_MOUNT }, {
      'usr/lib/systemd/system/local-fs.target.wants/tmp.mount': '../tmp.mount',
      'etc/systemd/system/tmp.mount': '/dev/null',
    })),
  );
  assert.equal(masked.facts.at('/tmp'), undefined);
  const disabled = await collect(new RootDirTarget(tree({ 'etc/fstab': 'UUID=1 / ext4 defaults 0 1\n', 'etc/systemd/system/tmp.mount': TMP_MOUNT })));
  assert.equal(disabled.facts.at('/tmp'), undefined);
  const dropin = await collect(
    new RootDirTarget(
      tree(
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
  const dir = tree({
    'etc/fstab': 'UUID=1 / ext4 defaults 0 1\ntmpfs /tmp tmpfs nodev,nosuid,noexec 0 0\n',
    'proc/self/mountinfo': '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n40 27 0:40 / /tmp rw,nosuid,nodev shared:20 - tmpfs tmpfs rw,size=1048576k\n41 27 0:41 / /srv/a\\040b rw - ext4 /dev/vdb rw\n',
  });
  const { facts } = await collect(new LiveTree(dir));
  assert.equal(facts.live, true);
  assert.deepEqual(facts.at('/tmp')?.options, ['rw', 'nosuid', 'nodev', 'rw', 'size=1048576k']);
  assert.equal(facts.at('/tmp')?.evidence.line, 2);
  assert.ok(facts.configuredAt('/tmp')?.options.includes('noexec'));
  assert.equal(facts.at('/srv/a b')?.source, '/dev/vdb');
});
