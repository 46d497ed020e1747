/**
 * The command line as a sysadmin meets it: the built bundle, run as a process, with its
 * exit codes, its usage errors and its outputs.
 */
import { before, after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReportSchema } from '../core/report-schema.ts';
import { ensureBundle } from './testing.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin/garrison');

function run(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(bin, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env }, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('garrison CLI', () => {
  let tree: string;
  before(() => {
    ensureBundle();
    tree = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-cli-'));
    const w = (p: string, c: string, mode = 0o644) => {
      fs.mkdirSync(path.dirname(path.join(tree, p)), { recursive: true });
      fs.writeFileSync(path.join(tree, p), c, { mode });
      fs.chmodSync(path.join(tree, p), mode);
    };
    w('etc/hostname', 'cli-test\n');
    w('etc/os-release', 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n');
    w('etc/ssh/sshd_config', 'PermitRootLogin yes\nPasswordAuthentication yes\nPermitEmptyPasswords yes\nX11Forwarding yes\n');
    w('etc/passwd', 'root:x:0:0:root:/root:/bin/bash\nadmin:x:0:1000::/home/admin:/bin/bash\n');
    w('etc/shadow', 'root::19000:0:99999:7:::\nadmin::19000:0:99999:7:::\n', 0o644);
    w('etc/group', 'root:x:0:\nsudo:x:27:admin\n');
    w('etc/sysctl.conf', 'fs.suid_dumpable = 2\nkernel.randomize_va_space = 0\n');
    w('srv/data/world-writable.txt', 'x', 0o666);
  });
  after(() => fs.rmSync(tree, { recursive: true, force: true }));

  test('--help lists the commands and exits 0', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /audit \[options\]/);
    assert.match(r.stdout, /explain <rule>/);
    const a = run(['audit', '--help']);
    assert.equal(a.code, 0);
    assert.match(a.stdout, /--fail-on <severity>/);
    assert.match(a.stdout, /Exit codes: 0/);
  });

  test('usage errors exit 2 and say what to do', () => {
    const cases: [string[], RegExp][] = [
      [[], /Usage: garrison/],
      [['audit', '--bogus'], /unknown option '--bogus'/],
      [['audit', '--fail-on', 'bogus'], /Allowed choices are info, low, medium, high, critical, none/],
      [['audit', '--root', '/nonexistent/garrison'], /no such directory.*GARRISON_ERR_ROOT_NOT_DIR/],
      [['audit', '--root', tree, '--family', 'nope'], /unknown rule family "nope"/],
      [['audit', '--root', tree, '--max-paths', 'x'], /--max-paths expects a positive whole number/],
      [['explain', 'no-such-rule'], /unknown rule "no-such-rule"/],
      [['frobnicate'], /unknown command 'frobnicate'/],
    ];
    for (const [args, msg] of cases) {
      const r = run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stdout + r.stderr, msg, args.join(' '));
    }
  });

  test('audit --root: failing findings exit 1; --fail-on none exits 0; json goes to a private file', () => {
    const out = path.join(tree, '..', `garrison-cli-report-${process.pid}.json`);
    try {
      const r = run(['audit', '--root', tree, '--format', 'json', '--output', out]);
      assert.equal(r.code, 1, r.stderr);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /report written to/);
      assert.equal(fs.statSync(out).mode & 0o777, 0o600);
      const report = ReportSchema.parse(JSON.parse(fs.readFileSync(out, 'utf8')));
      assert.equal(report.target.kind, 'root-dir');
      assert.equal(report.target.hostname, 'cli-test');
      assert.ok(report.summary.byStatus.fail > 0);
      assert.equal(run(['audit', '--root', tree, '--format', 'json', '--fail-on', 'none']).code, 0);
    } finally {
      fs.rmSync(out, { force: true });
    }
  });

  test('terminal output: no colour when not a terminal or when NO_COLOR is set; colour when forced', () => {
    const plain = run(['audit', '--root', tree]);
    assert.ok(!/\x1b\[/.test(plain.stdout));
    assert.match(plain.stdout, /Summary: \d+ failing/);
    const forced = run(['audit', '--root', tree], { FORCE_COLOR: '1' });
    assert.match(forced.stdout, /\x1b\[/);
    const noColor = run(['audit', '--root', tree], { FORCE_COLOR: '1', NO_COLOR: '1' });
    assert.ok(!/\x1b\[/.test(noColor.stdout));
  });

  test('rules lists every rule and explain describes one', () => {
    const list = run(['rules', '--format', 'json']);
    assert.equal(list.code, 0);
    const metas = JSON.parse(list.stdout) as { id: string }[];
    assert.ok(metas.length > 0);
    const ex = run(['explain', metas[0]!.id]);
    assert.equal(ex.code, 0);
    assert.match(ex.stdout, /Why it matters/);
    assert.match(ex.stdout, /How to fix/);
    assert.match(ex.stdout, /References/);
  });
});
