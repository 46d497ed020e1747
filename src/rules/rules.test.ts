/**
 * Every rule through the whole pipeline on its fixtures (Checkov's approach), plus the
 * checks ESLint's checkRuleFiles makes: id equals file name, family equals folder,
 * metadata complete, guideline references real, a pass and a fail fixture present.
 *
 * GARRISON_TEST_FAMILY=ssh,accounts limits the run to some families.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules, ruleFiles } from './index.generated.ts';
import { fixtureVariants, materialize, RULES_DIR } from './fixtures.ts';
import { runAudit } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import { GUIDELINE_FILES, guidelineText } from '../core/guidelines.ts';

const only = process.env.GARRISON_TEST_FAMILY?.split(',').map((s) => s.trim()).filter(Boolean);
const temps: string[] = [];
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

test('the registry lists each rule file once, in the order of the folder', () => {
  assert.equal(rules.length, ruleFiles.length);
  rules.forEach((r, i) => assert.equal(`${r.meta.family}/${r.meta.id}`, ruleFiles[i]));
  assert.equal(new Set(rules.map((r) => r.meta.id)).size, rules.length, 'rule ids are unique');
});

for (const rule of rules) {
  const { meta } = rule;
  // Probe rules judge recorded network exchanges, not trees; their own tests cover them.
  if (meta.family.startsWith('probe-')) continue;
  if (only && !only.includes(meta.family)) continue;

  describe(`${meta.family}/${meta.id}`, () => {
    test('metadata is complete and cites a real guideline section', () => {
      assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(fs.existsSync(path.join(RULES_DIR, meta.family, `${meta.id}.ts`)), 'id equals the file name and family the folder');
      for (const field of ['title', 'rationale', 'remediation'] as const) assert.ok(meta[field].trim().length > 10, `${field} is written`);
      assert.ok(Object.keys(meta.messages).length > 0, 'has messages');
      const guidelineRefs = meta.references.filter((r) => r.guideline);
      assert.ok(guidelineRefs.length > 0, 'cites at least one guideline');
      for (const ref of guidelineRefs) {
        assert.ok(GUIDELINE_FILES.includes(ref.guideline!), `known guideline file: ${ref.guideline}`);
        assert.ok(ref.section && ref.section.trim().length > 0, 'names a section');
        const text = guidelineText(ref.guideline!);
        if (text !== undefined) assert.ok(text.includes(ref.section!), `section "${ref.section}" appears in ${ref.guideline}`);
      }
    });

    const variants = fixtureVariants(meta.family, meta.id);
    test('has a passing and a failing fixture', () => {
      assert.ok(variants.some((v) => v.kind === 'pass'), `missing fixtures/${meta.id}/pass`);
      assert.ok(variants.some((v) => v.kind === 'fail'), `missing fixtures/${meta.id}/fail`);
    });

    for (const v of variants) {
      test(`fixture ${v.name}`, async () => {
        const dir = materialize(v.dir, v.spec);
        temps.push(dir);
        const report = await runAudit(new RootDirTarget(dir), defaultAuditOptions({ rules: [meta.id], params: v.spec.params ?? {} }));
        const mine = report.findings.filter((f) => f.ruleId === meta.id);
        assert.ok(mine.length > 0, 'the rule produced findings');
        const show = () => JSON.stringify(mine.map((f) => ({ status: f.status, messageId: f.messageId, message: f.message, evidence: f.evidence })), null, 2);
        if (v.kind === 'pass') {
          for (const f of mine) assert.equal(f.status, 'pass', `expected only passes:\n${show()}`);
        } else {
          const fails = mine.filter((f) => f.status === 'fail');
          assert.ok(fails.length > 0, `expected a failure:\n${show()}`);
          for (const f of fails) {
            assert.ok(f.evidence.length > 0, `failure has evidence:\n${show()}`);
            assert.ok(f.evidence.every((e) => e.path), 'evidence names a path');
            assert.doesNotMatch(f.message, /\{\{\w+\}\}/, 'message placeholders filled');
          }
          if (v.spec.expect) {
            assert.deepEqual([...new Set(fails.map((f) => f.messageId))].sort(), [...new Set(v.spec.expect)].sort(), show());
          }
        }
      });
    }
  });
}
