/**
 * The probe rule families on recorded probe records, with no network: every rule through
 * the whole analysis (engine, fact, findings) on its fixtures
 *   src/rules/probe-<x>/fixtures/<rule-id>/{pass,fail,error,skip}[-variant]/record.json
 * (a record file as --save-record writes it) and an optional _fixture.json
 * {"expect": [messageIds of the failures], "errors": number of `error` findings,
 * "params": {...}}. pass: only passes; fail: at least one failure with evidence at the
 * endpoint; error: an `error` finding at the endpoint, no failure; skip: the record failed
 * as a whole, so next to probe-endpoint-reachable (which reports it) the rule only skips,
 * and run alone it reports the error itself.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GUIDELINE_FILES, guidelineText } from '../core/guidelines.ts';
import { selectRules } from '../core/engine.ts';
import { defaultAuditOptions } from '../core/options.ts';
import type { Finding } from '../core/report-schema.ts';
import { analyseRecords, PROBE_FAMILIES, probeRules } from './analyse.ts';
import { loadRecords } from './record.ts';
import { REACHABILITY_RULE, reachabilityJudged } from './rule-support.ts';

const RULES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'rules');
const rules = probeRules();
const reachability = rules.find((r) => r.meta.id === REACHABILITY_RULE)!;

interface FixtureSpec {
  expect?: string[];
  errors?: number;
  params?: Record<string, unknown>;
}

const endpointErrors = (findings: readonly Finding[]) => findings.filter((f) => f.status === 'error' && f.evidence.some((e) => e.path?.includes('://')));

function variants(family: string, id: string): { name: string; kind: string; file: string; spec: FixtureSpec }[] {
  const dir = path.join(RULES_DIR, family, 'fixtures', id);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => /^(pass|fail|error|skip)(-[a-z0-9-]+)?$/.test(name))
    .sort()
    .map((name) => {
      const specFile = path.join(dir, name, '_fixture.json');
      const spec = fs.existsSync(specFile) ? (JSON.parse(fs.readFileSync(specFile, 'utf8')) as FixtureSpec) : {};
      return { name, kind: name.split('-')[0]!, file: path.join(dir, name, 'record.json'), spec };
    });
}

test('every rule file of the probe families is in the registry', () => {
  const files = PROBE_FAMILIES.flatMap((family) =>
    fs
      .readdirSync(path.join(RULES_DIR, family))
      .filter((f) => f.endsWith('.ts') && !f.startsWith('_') && !f.endsWith('.test.ts'))
      .map((f) => `${family}/${f.slice(0, -3)}`),
  );
  assert.deepEqual(rules.map((r) => `${r.meta.family}/${r.meta.id}`).sort(), files.sort());
});

for (const rule of rules) {
  const { meta } = rule;
  describe(`${meta.family}/${meta.id}`, () => {
    test('metadata is complete and cites a real guideline section', () => {
      assert.ok(fs.existsSync(path.join(RULES_DIR, meta.family, `${meta.id}.ts`)), 'id equals the file name and family the folder');
      assert.match(meta.id, /^probe-[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const field of ['title', 'rationale', 'remediation', 'description'] as const) assert.ok((meta[field] ?? '').trim().length > 10, `${field} is written`);
      const refs = meta.references.filter((r) => r.guideline);
      assert.ok(refs.length > 0, 'cites a guideline');
      for (const ref of refs) {
        assert.ok(GUIDELINE_FILES.includes(ref.guideline!), `known guideline ${ref.guideline}`);
        const text = guidelineText(ref.guideline!);
        if (text !== undefined) assert.ok(text.includes(ref.section!), `section "${ref.section}" appears in ${ref.guideline}`);
      }
    });

    const vs = variants(meta.family, meta.id);
    test('has a passing and a failing fixture', () => {
      assert.ok(vs.some((v) => v.kind === 'pass'), `missing fixtures/${meta.id}/pass`);
      // Reachability has nothing to fail: an endpoint that cannot be probed is an error.
      const failing = meta.id === REACHABILITY_RULE ? 'error' : 'fail';
      assert.ok(vs.some((v) => v.kind === failing), `missing fixtures/${meta.id}/${failing}`);
    });

    for (const v of vs) {
      test(`fixture ${v.name}`, async () => {
        const records = loadRecords(fs.readFileSync(v.file, 'utf8'));
        const params = v.spec.params ? { params: v.spec.params } : {};
        const withReachability = v.kind === 'skip' && rule !== reachability;
        const report = withReachability
          ? await analyseRecords(records, { rules: [meta.id, REACHABILITY_RULE], ...params }, [rule, reachability])
          : await analyseRecords(records, { rules: [meta.id], ...params }, [rule]);
        const mine = report.findings.filter((f) => f.ruleId === meta.id);
        const show = (list: readonly Finding[] = mine) => JSON.stringify(list.map((f) => ({ rule: f.ruleId, status: f.status, messageId: f.messageId, message: f.message, evidence: f.evidence })), null, 2);
        assert.ok(mine.length > 0, 'the rule produced findings');
        assert.equal(report.target.kind, 'network');
        const fails = mine.filter((f) => f.status === 'fail');
        if (v.spec.errors !== undefined) assert.equal(endpointErrors(mine).length, v.spec.errors, `number of errors:\n${show()}`);
        if (v.kind === 'pass') {
          for (const f of mine) assert.equal(f.status, 'pass', `expected only passes:\n${show()}`);
        } else if (v.kind === 'error') {
          assert.equal(fails.length, 0, show());
          assert.ok(endpointErrors(mine).length > 0, `expected an error at the endpoint:\n${show()}`);
        } else if (v.kind === 'skip') {
          assert.ok(withReachability, 'skip fixtures are for the rules that defer to probe-endpoint-reachable');
          for (const f of mine) assert.equal(f.status, 'skip', `expected only skips:\n${show()}`);
          for (const f of mine) assert.match(f.message, new RegExp(`^not checked: \\S+://\\S+ .*\\(see ${REACHABILITY_RULE}\\)$`), show());
          const reached = report.findings.filter((f) => f.ruleId === REACHABILITY_RULE);
          assert.ok(endpointErrors(reached).length > 0, `probe-endpoint-reachable reports the failure:\n${show(reached)}`);
          // Without probe-endpoint-reachable the failure is never a silent skip.
          const alone = await analyseRecords(records, { rules: [meta.id], ...params }, [rule]);
          const aloneMine = alone.findings.filter((f) => f.ruleId === meta.id);
          assert.ok(endpointErrors(aloneMine).length > 0, `run alone, the rule reports the error:\n${show(aloneMine)}`);
        } else {
          assert.ok(fails.length > 0, `expected a failure:\n${show()}`);
          for (const f of fails) {
            assert.ok(f.evidence.length > 0 && f.evidence.every((e) => e.path && records.some((r) => r.endpoint === e.path)), `evidence names the endpoint:\n${show()}`);
            assert.doesNotMatch(f.message, /\{\{\w+\}\}/, 'message placeholders filled');
          }
          if (v.spec.expect) assert.deepEqual([...new Set(fails.map((f) => f.messageId))].sort(), [...new Set(v.spec.expect)].sort(), show());
        }
      });
    }
  });
}

test('a rule whose subject was not probed is skipped, not passed', async () => {
  const report = await analyseRecords([], {}, rules);
  assert.equal(report.findings.length, rules.length);
  for (const f of report.findings) assert.equal(f.status, 'skip', `${f.ruleId}: ${f.message}`);
});

test('the rules defer to probe-endpoint-reachable exactly when the engine runs it', () => {
  const cases = [
    { families: [...PROBE_FAMILIES] },
    { families: ['probe-tls'] },
    { families: [...PROBE_FAMILIES], rules: ['probe-tls-weak-ciphers'] },
    { families: [...PROBE_FAMILIES], rules: ['probe-tls-weak-ciphers', REACHABILITY_RULE] },
    { families: [...PROBE_FAMILIES], excludeRules: [REACHABILITY_RULE] },
    { rules: [REACHABILITY_RULE] },
    { rules: ['probe-ssh-weak-kex'] },
    {},
  ];
  for (const c of cases) {
    const engine = selectRules(defaultAuditOptions(c), [reachability]).length === 1;
    assert.equal(reachabilityJudged(c), engine, JSON.stringify(c));
  }
});
