/**
 * Rebuilds what ufw loads into iptables when it starts (ufw-init, `ufw_start`): the
 * built-in INPUT chain jumps to ufw-before-logging-input, ufw-before-input,
 * ufw-after-input, ufw-after-logging-input, ufw-reject-input and ufw-track-input (ufw6-...
 * for IPv6);
 * before.rules, after.rules and user.rules fill their chains; ufw-before-input ends with a
 * jump to ufw-user-input; ufw-skip-to-policy-input applies the default policy, which is
 * also INPUT's policy (REJECT becomes DROP plus a REJECT rule). With IPV6=no, ufw drops all
 * IPv6 input except on loopback.
 */
import type { Family } from './addr.ts';
import type { FirewallDiagnostic, IrPipeline } from './ir.ts';
import { iptablesPipeline } from './from-iptables.ts';
import type { IptablesChain, IptablesRule, IptablesRuleset, IptablesTable } from '../parsers/iptables/iptables.ts';
import type { SourceLine } from '../parsers/types.ts';
import type { AssignmentsFile } from '../parsers/ufw/ufw.ts';
import { ufwYes } from '../parsers/ufw/ufw.ts';

export const UFW_CONF = '/etc/ufw/ufw.conf';
export const UFW_DEFAULTS = '/etc/default/ufw';

/** The rules files of one family, parsed (null when missing). */
export interface UfwRulesFiles {
  before: IptablesRuleset | null;
  user: IptablesRuleset | null;
  after: IptablesRuleset | null;
}

export interface UfwInput {
  conf: AssignmentsFile;
  defaults: AssignmentsFile | null;
  ipv4: UfwRulesFiles;
  ipv6: UfwRulesFiles;
}

/** Chains ufw creates itself before loading the rules files (prefix "ufw" for IPv4, "ufw6" for IPv6). */
const FRAMEWORK_CHAINS = [
  'before-logging-input', 'before-input', 'after-input', 'after-logging-input', 'reject-input', 'track-input',
  'user-input', 'user-logging-input', 'user-limit', 'user-limit-accept', 'logging-deny', 'logging-allow',
  'not-local', 'skip-to-policy-input',
];
/** The jumps ufw puts in INPUT, in order. */
const INPUT_JUMPS = ['before-logging-input', 'before-input', 'after-input', 'after-logging-input', 'reject-input', 'track-input'];

const synthetic = (chain: string, target: string, source: SourceLine, extra: Partial<IptablesRule> = {}): IptablesRule => ({
  chain,
  source,
  matches: [],
  target: { name: target, goto: false, options: [] },
  ...extra,
});

/** ufw's default input policy and where it is set (DROP when unset, as ufw assumes). */
export function ufwInputPolicy(input: Pick<UfwInput, 'conf' | 'defaults'>): { policy: 'ACCEPT' | 'DROP' | 'REJECT'; source: SourceLine } {
  const a = input.defaults?.values.get('DEFAULT_INPUT_POLICY');
  const v = a?.value.toUpperCase();
  const policy = v === 'ACCEPT' || v === 'REJECT' ? v : 'DROP';
  return { policy, source: a?.source ?? { file: UFW_DEFAULTS, line: 0, text: '' } };
}

function assemble(prefix: 'ufw' | 'ufw6', files: UfwRulesFiles, policy: 'ACCEPT' | 'DROP' | 'REJECT', policySource: SourceLine, enabledSource: SourceLine): IptablesRuleset {
  const n = (c: string) => `${prefix}-${c}`;
  const filter: IptablesTable = { name: 'filter', source: enabledSource, committed: true, chains: [] };
  const chain = (name: string): IptablesChain => {
    let c = filter.chains.find((x) => x.name === name);
    if (!c) {
      c = { name, builtin: false, policy: null, source: enabledSource, implicit: true, rules: [] };
      filter.chains.push(c);
    }
    return c;
  };
  const input: IptablesChain = { name: 'INPUT', builtin: true, policy: policy === 'ACCEPT' ? 'ACCEPT' : 'DROP', source: policySource, implicit: false, rules: [] };
  filter.chains.push(input);
  for (const c of FRAMEWORK_CHAINS) chain(n(c));
  for (const rs of [files.before, files.after, files.user]) {
    const t = rs?.tables.find((x) => x.name === 'filter' && x.committed);
    if (!t) continue;
    for (const c of t.chains) {
      if (c.builtin) continue;
      const into = chain(c.name);
      into.rules.push(...c.rules);
      if (!c.implicit) into.source = c.source;
    }
  }
  for (const c of INPUT_JUMPS) input.rules.push(synthetic('INPUT', n(c), enabledSource));
  chain(n('before-input')).rules.push(synthetic(n('before-input'), n('user-input'), enabledSource));
  const skip = chain(n('skip-to-policy-input'));
  skip.rules = [synthetic(skip.name, policy === 'ACCEPT' ? 'ACCEPT' : 'DROP', policySource)];
  if (policy === 'REJECT') chain(n('reject-input')).rules.push(synthetic(n('reject-input'), 'REJECT', policySource));
  return { backend: null, tables: [filter] };
}

/** IPV6=no: ufw leaves IPv6 with a DROP policy and loopback accepted. */
function ipv6Disabled(source: SourceLine): IptablesRuleset {
  const input: IptablesChain = {
    name: 'INPUT',
    builtin: true,
    policy: 'DROP',
    source,
    implicit: false,
    rules: [synthetic('INPUT', 'ACCEPT', source, { inInterface: { value: 'lo', negated: false } })],
  };
  return { backend: null, tables: [{ name: 'filter', source, committed: true, chains: [input] }] };
}

/** The input path of each family while ufw is enabled. */
export function ufwPipelines(input: UfwInput): { pipelines: Record<Family, IrPipeline>; diagnostics: FirewallDiagnostic[] } {
  const enabledSource = input.conf.values.get('ENABLED')?.source ?? { file: UFW_CONF, line: 0, text: '' };
  const { policy, source: policySource } = ufwInputPolicy(input);
  const ipv6Setting = input.defaults?.values.get('IPV6');
  const v4 = iptablesPipeline(assemble('ufw', input.ipv4, policy, policySource, enabledSource), 'ipv4', 'ufw');
  // ufw-init manages ip6tables only when IPV6 is "yes"; otherwise it drops IPv6 input.
  const v6rs = ufwYes(ipv6Setting) ? assemble('ufw6', input.ipv6, policy, policySource, enabledSource) : ipv6Disabled(ipv6Setting?.source ?? { file: UFW_DEFAULTS, line: 0, text: '' });
  const v6 = iptablesPipeline(v6rs, 'ipv6', 'ufw6');
  return { pipelines: { ipv4: v4.pipeline, ipv6: v6.pipeline }, diagnostics: [...v4.diagnostics, ...v6.diagnostics] };
}
