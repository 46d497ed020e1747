import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runAudit } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';
import type { Report } from '../core/report-schema.ts';
import { fixtureVariants, materialize, type FixtureSpec } from '../rules/fixtures.ts';
import { rules } from '../rules/index.generated.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import { FIXES, planFixes } from './fixes.ts';
import { renderSh } from './render.ts';

/** Every fail fixture of every rule that has a fix. */
const FAMILY = new Map(rules.map((r) => [r.meta.id, r.meta.family]));
const TREES = [...FIXES.keys()].flatMap((id) => fixtureVariants(FAMILY.get(id) ?? '', id).filter((v) => v.kind === 'fail'));

async function audit(dir: string, params: Record<string, unknown> = {}): Promise<Report> {
  return runAudit(new RootDirTarget(dir), defaultAuditOptions({ params }));
}

/** path → mode and content of every file of a tree, to prove a second run changes nothing. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const p = path.join(e.parentPath, e.name);
    const st = fs.lstatSync(p);
    out.set(path.relative(dir, p), `${st.mode.toString(8)} ${st.uid} ${st.isFile() ? fs.readFileSync(p, 'utf8') : ''}`);
  }
  return out;
}

function runScript(script: string, root: string): string {
  return execFileSync('sh', [script, root], { encoding: 'utf8' });
}

describe('the shell script repairs what it claims and nothing regresses', () => {
  /** Rules whose own failure a fixture proved repaired. */
  const repaired = new Set<string>();
  // Cleanup first: a failing hook stops the ones after it.
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-fix-empty-'));
  after(() => fs.rmSync(empty, { recursive: true, force: true }));
  after(() => assert.deepEqual([...FIXES.keys()].filter((id) => !repaired.has(id)), [], 'every fix is proved on a fixture'));
  test('there are fixtures to repair', () => {
    assert.deepEqual([...FIXES.keys()].filter((id) => !FAMILY.has(id)), [], 'every fix belongs to a rule');
    assert.ok(TREES.length >= 50);
  });

  // An empty root: no sysctl.d file, so every kernel parameter has the upstream default.
  const trees = [...TREES, { ruleId: '', name: 'empty root', dir: empty, spec: {} as FixtureSpec }];
  for (const v of trees) {
    test(v.ruleId ? `${v.ruleId}/${v.name}` : v.name, async () => {
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-fix-'));
      try {
        fs.mkdirSync(path.join(tmp, 'root'));
        const root = materialize(v.dir, v.spec, path.join(tmp, 'root'));
        const before = await audit(root, v.spec.params);
        const plans = planFixes(before.findings);
        const claimed = new Set(plans.filter((p) => 'actions' in p.result).map((p) => p.finding.fingerprint));
        const own = plans.filter((p) => p.finding.ruleId === v.ruleId);
        if (v.ruleId) assert.ok(own.length > 0, `${v.ruleId} fails in its fixture`);
        const text = renderSh(before, 'report.json', plans);
        // A failure the script cannot repair is named in a comment with the reason.
        for (const p of own) if ('skip' in p.result) assert.ok(text.includes(`# SKIPPED ${v.ruleId} `), 'the skipped fix is explained');
        const script = path.join(tmp, 'fix.sh');
        fs.writeFileSync(script, text);

        const first = runScript(script, root);
        assert.match(first, /wrote: |chmod: |edited: |appended: |linked: /);
        const after = await audit(root, v.spec.params);
        const status = new Map(after.findings.map((f) => [f.fingerprint, f.status]));
        for (const fp of claimed) {
          const f = before.findings.find((x) => x.fingerprint === fp)!;
          assert.notEqual(status.get(fp), 'fail', `${f.ruleId} still fails after the fix: ${f.message}`);
        }
        const failedBefore = new Set(before.findings.filter((f) => f.status === 'fail').map((f) => f.fingerprint));
        const regressions = after.findings.filter((f) => f.status === 'fail' && !failedBefore.has(f.fingerprint));
        assert.deepEqual(regressions.map((f) => `${f.ruleId}: ${f.message}`), []);

        for (const p of plans) if ('actions' in p.result) repaired.add(p.finding.ruleId);

        const state = snapshot(root);
        const second = runScript(script, root);
        assert.doesNotMatch(second, /wrote: |chmod: |chown: |backup: |edited: |appended: |linked: /, 'a second run changes nothing');
        assert.deepEqual(snapshot(root), state);
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});
