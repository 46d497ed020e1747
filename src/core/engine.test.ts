import { after, test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAudit } from './engine.ts';
import { defaultAuditOptions } from './options.ts';
import type { FactContext } from './fact.ts';
import type { Rule, RuleReporter, RuleContext } from './rule.ts';
import { RootDirTarget } from '../target/root-dir.ts';

type Collectors = Record<string, { collect(ctx: FactContext): Promise<unknown> }>;

function rule(id: string, requires: string[], check: (facts: Record<string, unknown>, report: RuleReporter<string>, ctx: RuleContext) => void | Promise<void>, extra: Partial<Rule['meta']> = {}): Rule {
  return {
    meta: {
      id,
      family: 'test',
      title: `Title of ${id}`,
      severity: 'medium',
      rationale: 'Because it matters a lot.',
      remediation: 'Change the setting to a safe value.',
      references: [{ guideline: '001_d9d200db3ee7c4e1.txt', section: 'Kernel updates' }],
      messages: { bad: 'Setting {{name}} is {{value}}', other: 'Other problem' },
      ...extra,
    },
    requires: requires as Rule['requires'],
    check: check as Rule['check'],
  };
}

const temps: string[] = [];
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-engine-'));
  temps.push(dir);
  for (const [p, c] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), c);
  }
  return dir;
}

describe('engine', () => {
  test('collects each fact once, lazily, and shares it between rules', async () => {
    let calls = 0;
    let unusedCalls = 0;
    const collectors: Collectors = {
      conf: { collect: async () => (calls++, { value: 'yes' }) },
      unused: { collect: async () => (unusedCalls++, {}) },
    };
    const rules = [rule('a', ['conf'], () => {}), rule('b', ['conf'], () => {})];
    const report = await runAudit(new RootDirTarget(tree({})), defaultAuditOptions(), rules, collectors);
    assert.equal(calls, 1);
    assert.equal(unusedCalls, 0);
    assert.deepEqual(report.findings.map((f) => f.status), ['pass', 'pass']);
  });

  test('a failing finding carries message, evidence, metadata and a fingerprint without line numbers', async () => {
    const mk = (line: number) =>
      rule('a', [], (_f, r) => r.fail('bad', { data: { name: 'PermitRootLogin', value: 'yes' }, evidence: [{ path: '/etc/ssh/sshd_config', line, snippet: 'PermitRootLogin   yes' }] }));
    const dir = tree({});
    const r1 = await runAudit(new RootDirTarget(dir), defaultAuditOptions(), [mk(3)], {});
    const r2 = await runAudit(new RootDirTarget(dir), defaultAuditOptions(), [mk(40)], {});
    const f = r1.findings[0]!;
    assert.equal(f.status, 'fail');
    assert.equal(f.messageId, 'bad');
    assert.equal(f.message, 'Setting PermitRootLogin is yes');
    assert.deepEqual(f.evidence, [{ path: '/etc/ssh/sshd_config', line: 3, snippet: 'PermitRootLogin   yes' }]);
    assert.equal(f.remediation, 'Change the setting to a safe value.');
    assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
    assert.equal(r2.findings[0]!.fingerprint, f.fingerprint, 'moving the line keeps the fingerprint');
    const r3 = await runAudit(new RootDirTarget(dir), defaultAuditOptions(), [rule('a', [], (_f, r) => r.fail('bad', { evidence: [{ path: '/etc/ssh/sshd_config', line: 3, snippet: 'PermitRootLogin prohibit-password' }] }))], {});
    assert.notEqual(r3.findings[0]!.fingerprint, f.fingerprint, 'other offending text, other finding');
  });

  test('parse problems of a fact make its rules an error naming file:line, never a silent pass', async () => {
    const collectors: Collectors = {
      conf: {
        collect: async (ctx) => {
          ctx.parseErrors([{ file: '/etc/x.conf', line: 7, message: 'unterminated block' }]);
          return {};
        },
      },
    };
    const report = await runAudit(new RootDirTarget(tree({})), defaultAuditOptions(), [rule('a', ['conf'], () => {})], collectors);
    assert.equal(report.findings.length, 1);
    const f = report.findings[0]!;
    assert.equal(f.status, 'error');
    assert.match(f.message, /\/etc\/x\.conf:7: unterminated block/);
    assert.deepEqual(f.evidence[0], { path: '/etc/x.conf', line: 7, note: 'unterminated block' });
  });

  test('a fact or a rule that throws gives an error finding and the audit goes on', async () => {
    const collectors: Collectors = { broken: { collect: async () => Promise.reject(new Error('boom')) } };
    const rules = [
      rule('a', ['broken'], () => {}),
      rule('b', [], () => {
        throw new Error('bug in rule');
      }),
      rule('c', [], (_f, r) => r.fail('other', { evidence: [{ path: '/x' }] })),
    ];
    const report = await runAudit(new RootDirTarget(tree({})), defaultAuditOptions(), rules, collectors);
    const by = Object.fromEntries(report.findings.map((f) => [f.ruleId, f]));
    assert.equal(by.a!.status, 'error');
    assert.match(by.a!.message, /could not collect "broken": boom/);
    assert.equal(by.b!.status, 'error');
    assert.match(by.b!.message, /bug in rule/);
    assert.equal(by.c!.status, 'fail');
    assert.equal(report.errors.length, 1);
  });

  test('secrets are redacted in messages and evidence', async () => {
    const r = rule('a', [], (_f, rep) =>
      rep.fail('bad', { data: { name: 'x', value: 'password=hunter2secret' }, evidence: [{ path: '/etc/app.env', snippet: 'DB_PASSWORD=hunter2secret' }] }),
    );
    const report = await runAudit(new RootDirTarget(tree({})), defaultAuditOptions(), [r], {});
    const text = JSON.stringify(report);
    assert.ok(!text.includes('hunter2secret'), text);
    assert.match(text, /<redacted sha256:[0-9a-f]{8}>/);
  });

  test('failing findings come first, worst severity first; overrides and params apply', async () => {
    const rules = [
      rule('low-one', [], (_f, r) => r.fail('other', { evidence: [{ path: '/a' }] }), { severity: 'low' }),
      rule('passing', [], () => {}),
      rule('high-one', [], (_f, r) => r.fail('other', { evidence: [{ path: '/b' }] }), { severity: 'high' }),
      rule('param', [], (_f, r, ctx) => r.fail('bad', { data: { name: 'limit', value: ctx.param<number>('limit') }, evidence: [{ path: '/c' }] }), {
        params: { limit: { default: 4, description: 'a limit' } },
      }),
    ];
    const report = await runAudit(new RootDirTarget(tree({})), defaultAuditOptions({ severityOverrides: { 'low-one': 'critical' }, params: { limit: 9 } }), rules, {});
    assert.deepEqual(report.findings.map((f) => f.ruleId), ['low-one', 'high-one', 'param', 'passing']);
    assert.equal(report.findings[0]!.severity, 'critical');
    assert.equal(report.findings[2]!.message, 'Setting limit is 9');
    assert.equal(report.summary.byStatus.fail, 3);
    assert.equal(report.summary.failingBySeverity.critical, 1);
  });

  test('rule selection by family, id and exclusion', async () => {
    const rules = [rule('a', [], () => {}), rule('b', [], () => {}), { ...rule('c', [], () => {}), meta: { ...rule('c', [], () => {}).meta, family: 'other' } }];
    const ids = async (o: Parameters<typeof defaultAuditOptions>[0]) =>
      (await runAudit(new RootDirTarget(tree({})), defaultAuditOptions(o), rules, {})).findings.map((f) => f.ruleId).sort();
    assert.deepEqual(await ids({ families: ['other'] }), ['c']);
    assert.deepEqual(await ids({ rules: ['a', 'c'] }), ['a', 'c']);
    assert.deepEqual(await ids({ excludeRules: ['a'] }), ['b', 'c']);
  });

  test('the score weighs passing and failing checks by severity', async () => {
    const rules = [
      rule('h', [], (_f, r) => r.fail('other', { evidence: [{ path: '/x' }] }), { severity: 'high' }),
      rule('m', [], () => {}, { severity: 'medium' }),
      rule('s', [], (_f, r) => r.skip('not installed'), { severity: 'critical' }),
    ];
    const report = await runAudit(new RootDirTarget(tree({})), defaultAuditOptions(), rules, {});
    assert.equal(report.summary.score, Math.round((1000 * 3) / 9) / 10);
    assert.equal(report.summary.byStatus.skip, 1);
  });
});
