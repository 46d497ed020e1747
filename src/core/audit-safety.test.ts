/**
 * The promises an audit makes to the machine it reads, checked end to end with every
 * rule: it never writes to the target, never reads outside an audited root, never hangs
 * on FIFOs or devices, and never crashes on a hostile tree.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAudit } from './engine.ts';
import { defaultAuditOptions } from './options.ts';
import { ReportSchema } from './report-schema.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import { rules } from '../rules/index.generated.ts';
import { fixtureVariants, materialize } from '../rules/fixtures.ts';

interface Snap {
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  atimeMs?: number;
  hash?: string;
  link?: string;
}

/** Everything observable about a tree: content, mode, owner, timestamps. */
function snapshot(dir: string): Map<string, Snap> {
  const out = new Map<string, Snap>();
  const visit = (p: string) => {
    const st = fs.lstatSync(p);
    const s: Snap = { mode: st.mode, uid: st.uid, gid: st.gid, size: st.size, mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs };
    if (st.isFile()) {
      s.atimeMs = st.atimeMs;
      if (st.size < 1 << 20) {
        // Read without touching the access time, so that the snapshot itself changes nothing.
        const fd = fs.openSync(p, fs.constants.O_RDONLY | ((fs.constants as Record<string, number>).O_NOATIME ?? 0));
        try {
          s.hash = createHash('sha256').update(fs.readFileSync(fd)).digest('hex');
        } finally {
          fs.closeSync(fd);
        }
      } else s.hash = `big:${st.size}`;
    }
    if (st.isSymbolicLink()) s.link = fs.readlinkSync(p);
    out.set(path.relative(dir, p) || '.', s);
    if (st.isDirectory()) for (const n of fs.readdirSync(p)) visit(path.join(p, n));
  };
  visit(dir);
  return out;
}

const treeRules = rules.filter((r) => !r.meta.family.startsWith('probe-'));
const temps: string[] = [];
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('an audit is read-only', () => {
  let dir: string;
  before(() => {
    // One tree made of every failing fixture (the first variant wins where paths collide).
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-ro-'));
    temps.push(dir);
    for (const r of treeRules) for (const v of fixtureVariants(r.meta.family, r.meta.id).filter((x) => x.kind === 'fail')) materialize(v.dir, v.spec, dir);
  });

  test('nothing under the audited root changes: content, mode, owner, timestamps', async () => {
    const beforeSnap = snapshot(dir);
    const report = await runAudit(new RootDirTarget(dir), defaultAuditOptions(), treeRules);
    assert.ok(report.findings.length >= treeRules.length);
    const afterSnap = snapshot(dir);
    assert.deepEqual([...afterSnap.keys()].sort(), [...beforeSnap.keys()].sort(), 'no file created or removed');
    for (const [p, s] of beforeSnap) assert.deepEqual(afterSnap.get(p), s, `${p} unchanged`);
  });
});

describe('a hostile tree never crashes, hangs or leads outside the root', () => {
  let outside: string;
  let root: string;
  before(() => {
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-outside-'));
    temps.push(outside);
    root = path.join(outside, 'root');
    fs.mkdirSync(root);
    // Canaries outside the root: configurations that would fail loudly if read.
    fs.writeFileSync(path.join(outside, 'sshd_config'), 'PermitRootLogin yes # CANARY-OUTSIDE\nPasswordAuthentication yes\n');
    fs.writeFileSync(path.join(outside, 'passwd'), 'root:x:0:0:CANARY-OUTSIDE:/root:/bin/bash\nevil:x:0:0::/root:/bin/bash\n');
    fs.writeFileSync(path.join(outside, 'shadow'), 'root::1:0:99999:7:::\n');
    const mk = (p: string) => fs.mkdirSync(path.join(root, p), { recursive: true });
    const w = (p: string, c: string | Buffer) => {
      mk(path.dirname(p));
      fs.writeFileSync(path.join(root, p), c);
    };
    const link = (p: string, to: string) => {
      mk(path.dirname(p));
      fs.symlinkSync(to, path.join(root, p));
    };
    const fifo = (p: string) => {
      mk(path.dirname(p));
      execFileSync('mkfifo', [path.join(root, p)]);
    };
    w('etc/hostname', 'hostile\n');
    link('etc/ssh/sshd_config', path.join(outside, 'sshd_config')); // absolute host path: inside the root it does not exist
    link('etc/passwd', '../../../../../../../../passwd'); // climbs, stays at the root's /passwd (absent)
    link('etc/shadow', '/etc/shadow-loop');
    link('etc/shadow-loop', '/etc/shadow');
    fifo('etc/group');
    fifo('etc/sysctl.conf');
    fifo('etc/fstab');
    fifo('etc/nginx/nginx.conf');
    fifo('etc/sudoers');
    fifo('root/.ssh/id_rsa');
    fifo('etc/rsyslog.conf');
    w('etc/login.defs', Buffer.from([0xff, 0xfe, 0x00, 0x55, 0x49, 0x44, 0x5f, 0x4d, 0x49, 0x4e, 0x0a]));
    w('etc/os-release', Buffer.concat([Buffer.from('ID=debian\nPRETTY_NAME="'), Buffer.from([0xc3, 0x28]), Buffer.from('"\n')]));
    link('home/loop/.ssh', '/home/loop/.ssh');
    link('etc/sysctl.d', '/etc');
    link('srv/escape', '/../../..');
    execFileSync('mknod', [path.join(root, 'etc/ssh/ssh_host_rsa_key'), 'c', '1', '5']); // /dev/zero
    mk('var/log');
    const fd = fs.openSync(path.join(root, 'var/log/syslog'), 'w');
    fs.ftruncateSync(fd, 2 * 1024 * 1024 * 1024);
    fs.closeSync(fd);
    let deep = 'srv/deep';
    for (let i = 0; i < 200; i++) deep += '/d';
    mk(deep);
  });

  test('every rule finishes, the report is valid and nothing outside was read', async () => {
    const started = Date.now();
    const report = await runAudit(new RootDirTarget(root), defaultAuditOptions(), treeRules);
    assert.ok(Date.now() - started < 60_000, 'finishes in time');
    ReportSchema.parse(report);
    const text = JSON.stringify(report);
    assert.ok(!text.includes('CANARY-OUTSIDE'), 'no content from outside the root');
    assert.ok(!report.findings.some((f) => f.evidence.some((e) => e.path?.startsWith(outside))), 'no host path in evidence');
    assert.equal(report.target.hostname, 'hostile');
    for (const f of report.findings) assert.ok(['pass', 'fail', 'error', 'skip'].includes(f.status));
  });
});
