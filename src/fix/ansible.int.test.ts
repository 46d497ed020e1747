/**
 * The playbook does what the shell script does: run with ansible-playbook (Debian's
 * ansible-core) on copies of failing fixture trees through `garrison_root`, then audited
 * again. One tree per kind of change keeps the run short; the shell script is proved on every
 * fixture by fix.test.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runAudit } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';
import type { Report } from '../core/report-schema.ts';
import { fixtureVariants, materialize, type FixtureVariant } from '../rules/fixtures.ts';
import { rules } from '../rules/index.generated.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import type { FixAction } from './actions.ts';
import { FIXES, planFixes, type PlannedFix } from './fixes.ts';
import { renderAnsible } from './render.ts';

const ANSIBLE = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).status === 0;
const KINDS: FixAction['kind'][] = ['setting', 'edit', 'append', 'json-key', 'symlink', 'mode'];

async function audit(dir: string, params: Record<string, unknown> = {}): Promise<Report> {
  return runAudit(new RootDirTarget(dir), defaultAuditOptions({ params }));
}

function kindsOf(plans: readonly PlannedFix[]): Set<FixAction['kind']> {
  return new Set(plans.flatMap((p) => ('actions' in p.result ? p.result.actions.map((a) => a.kind) : [])));
}

describe('the Ansible playbook repairs a fixture tree like the shell script', { skip: !ANSIBLE && !process.env.CI ? 'ansible-playbook is not installed (apt install ansible-core)' : false }, () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-ansible-'));
  after(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const family = new Map(rules.map((r) => [r.meta.id, r.meta.family]));
  const variants = [...FIXES.keys()].flatMap((id) => fixtureVariants(family.get(id) ?? '', id).filter((v) => v.kind === 'fail'));
  let n = 0;

  /** Materializes a variant into a fresh root. */
  function tree(v: FixtureVariant): string {
    const dir = path.join(scratch, String(++n));
    fs.mkdirSync(dir);
    return materialize(v.dir, v.spec, dir);
  }

  test('one tree per kind of change, each repaired and left unchanged by a second run', async () => {
    const missing = new Set(KINDS);
    for (const v of variants) {
      if (missing.size === 0) break;
      const root = tree(v);
      const before = await audit(root, v.spec.params);
      const plans = planFixes(before.findings);
      const kinds = [...kindsOf(plans)].filter((k) => missing.has(k));
      if (kinds.length === 0) continue;
      for (const k of kinds) missing.delete(k);

      const playbook = path.join(scratch, `${n}.yml`);
      fs.writeFileSync(playbook, renderAnsible(before, 'report.json', plans));
      const env = { ...process.env, ANSIBLE_LOCAL_TEMP: path.join(scratch, 'tmp'), ANSIBLE_REMOTE_TEMP: path.join(scratch, 'tmp'), ANSIBLE_NOCOLOR: '1', ANSIBLE_PYTHON_INTERPRETER: 'auto_silent' };
      const play = () =>
        spawnSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', '-e', `garrison_root=${root}`, '-e', 'ansible_become=false', playbook], { encoding: 'utf8', env, timeout: 120_000 });
      const first = play();
      assert.equal(first.status, 0, `${v.ruleId}/${v.name}: ${first.stdout.slice(-3000)}${first.stderr}`);

      const after = await audit(root, v.spec.params);
      const status = new Map(after.findings.map((f) => [f.fingerprint, f.status]));
      for (const p of plans) if ('actions' in p.result) assert.notEqual(status.get(p.finding.fingerprint), 'fail', `${v.ruleId}/${v.name}: ${p.finding.ruleId} still fails: ${p.finding.message}`);
      const failedBefore = new Set(before.findings.filter((f) => f.status === 'fail').map((f) => f.fingerprint));
      assert.deepEqual(after.findings.filter((f) => f.status === 'fail' && !failedBefore.has(f.fingerprint)).map((f) => `${f.ruleId}: ${f.message}`), [], `${v.ruleId}/${v.name}: nothing regresses`);

      const second = play();
      assert.equal(second.status, 0);
      assert.match(second.stdout, /changed=0\s/, `${v.ruleId}/${v.name}: a second run changes nothing\n${second.stdout.slice(-3000)}`);
    }
    assert.deepEqual([...missing], [], 'a fixture exercises every kind of change');
  });

  test('a file name holding a Jinja expression is data, not a template', async () => {
    const root = path.join(scratch, 'hostile');
    const marker = path.join(scratch, 'templated');
    // No slash may appear in a file name: the command runs in the scratch directory.
    const key = path.join(root, 'etc/ssl/private', "site-{{ lookup('pipe', 'touch templated') }}.key");
    fs.mkdirSync(path.dirname(key), { recursive: true });
    assert.equal(spawnSync('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', key]).status, 0);
    fs.chmodSync(key, 0o644);
    const before = await audit(root);
    const plans = planFixes(before.findings).filter((p) => p.finding.ruleId === 'keys-private-permissions');
    assert.equal(plans.length, 1, 'the key readable by everyone is found');
    const playbook = path.join(scratch, 'hostile.yml');
    fs.writeFileSync(playbook, renderAnsible(before, 'report.json', plans));
    const env = { ...process.env, ANSIBLE_LOCAL_TEMP: path.join(scratch, 'tmp'), ANSIBLE_REMOTE_TEMP: path.join(scratch, 'tmp'), ANSIBLE_NOCOLOR: '1' };
    const r = spawnSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', '-e', `garrison_root=${root}`, '-e', 'ansible_become=false', playbook], { encoding: 'utf8', env, cwd: scratch, timeout: 120_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(fs.existsSync(marker), false, 'the expression in the file name was not evaluated');
    assert.equal(fs.statSync(key).mode & 0o777, 0o640);
  });
});
