import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BIN, ensureBundle } from './testing.ts';

function garrison(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

/** garrison with its state in `state` (where the last report is saved). */
function withState(state: string, ...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, GARRISON_STATE_DIR: state } });
}

describe('garrison fix', () => {
  let dir = '';
  let report = '';
  before(() => {
    ensureBundle();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-fixcli-'));
    report = path.join(dir, 'r.json');
    const root = path.join(dir, 'root');
    fs.mkdirSync(path.join(root, 'etc/ssh'), { recursive: true });
    fs.writeFileSync(path.join(root, 'etc/ssh/sshd_config'), 'PermitRootLogin yes\nX11Forwarding yes\n');
    const r = garrison('audit', '--root', root, '--family', 'ssh', '--format', 'json', '-o', report, '--no-progress');
    assert.ok(fs.existsSync(report), r.stderr);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('writes a shell script by default, and an Ansible playbook on request', () => {
    const sh = garrison('fix', report);
    assert.equal(sh.status, 0, sh.stderr);
    assert.match(sh.stdout, /^#!\/bin\/sh\n/);
    assert.match(sh.stdout, /PermitRootLogin no\nX11Forwarding no/);
    assert.match(sh.stderr, /failing findings have a mechanical fix/);
    const out = path.join(dir, 'play.yml');
    const yml = garrison('fix', report, '--format', 'ansible', '-o', out);
    assert.equal(yml.status, 0, yml.stderr);
    assert.match(fs.readFileSync(out, 'utf8'), /ansible\.builtin\.copy:/);
    assert.equal(fs.statSync(out).mode & 0o777, 0o600);
  });

  test('bad input exits with 2 and names the file', () => {
    const truncated = path.join(dir, 'truncated.json');
    fs.writeFileSync(truncated, fs.readFileSync(report, 'utf8').slice(0, 200));
    const other = path.join(dir, 'other.json');
    fs.writeFileSync(other, '{"runs": []}');
    for (const [file, why] of [
      [truncated, /truncated/],
      [other, /not a garrison report/],
      [path.join(dir, 'missing.json'), /cannot read/],
    ] as const) {
      const r = garrison('fix', file);
      assert.equal(r.status, 2);
      assert.ok(r.stderr.includes(file), r.stderr);
      assert.match(r.stderr, why);
      assert.equal(r.stdout, '');
    }
    assert.equal(garrison('fix', report, '--format', 'puppet').status, 2);
    // No report given and none saved (`last-report.test.ts` covers the last report).
    assert.equal(withState(path.join(dir, 'no-state'), 'fix').status, 2);
  });
});
