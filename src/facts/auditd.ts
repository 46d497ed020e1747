/**
 * The Linux audit daemon: installed, enabled at boot, the rules it loads and its
 * dispatcher plugins. Rules are resolved as the service loads them: when
 * /etc/audit/rules.d holds *.rules files, augenrules concatenates them in version order,
 * keeps -D/-b/-f first and moves the last -e to the end; otherwise auditctl loads
 * /etc/audit/audit.rules as written, and nothing after an `-e 2` takes effect.
 */
import { posix } from 'node:path';
import { defineFact, type FactContext } from '../core/fact.ts';
import { parseAuditRules, type AuditCommand, type AuditControl } from '../parsers/auditd-rules/audit-rules.ts';
import { parseAuditKeyValue, type KeyValueModel } from '../parsers/auditd-rules/key-value.ts';
import type { SourceLine } from '../parsers/types.ts';

const AUDITD_CONF = '/etc/audit/auditd.conf';
const AUDITCTL = ['/sbin/auditctl', '/usr/sbin/auditctl'];
const RULES_D = '/etc/audit/rules.d';
const AUDIT_RULES = '/etc/audit/audit.rules';
const PLUGIN_DIRS = ['/etc/audit/plugins.d', '/etc/audisp/plugins.d'];
const REMOTE_CONF = ['/etc/audit/audisp-remote.conf', '/etc/audisp/audisp-remote.conf'];
const WANTS = ['multi-user.target.wants', 'sysinit.target.wants', 'basic.target.wants'].map((t) => `/etc/systemd/system/${t}/auditd.service`);

export interface AuditPlugin {
  path: string;
  /** active = yes */
  active: boolean;
  /** The plugin program (`path =` in the file). */
  program: string;
  activeSource: SourceLine | null;
}

export interface AuditdFacts {
  installed: boolean;
  /** true/false when known, null when it cannot be told. */
  enabled: boolean | null;
  /** How `enabled` was determined. */
  enabledHow: string;
  /** Where the rules come from. */
  rulesFrom: 'rules.d' | 'audit.rules' | 'none';
  ruleFiles: string[];
  /** Commands in the order the kernel receives them, cut at a lock (-e 2) for audit.rules. */
  commands: AuditCommand[];
  /** The effective `-e` setting (the last one), if any. */
  enableFlag: AuditControl | null;
  /** Commands that come after `-e 2` in audit.rules and are therefore refused. */
  afterLock: AuditCommand[];
  plugins: AuditPlugin[];
  /** audisp-remote.conf, when present. */
  remoteConf: { path: string; model: KeyValueModel } | null;
}

function compareVersion(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

async function isEnabled(ctx: FactContext): Promise<{ enabled: boolean | null; how: string }> {
  const { target } = ctx;
  if (target.capabilities.exec) {
    const r = await target.exec('systemctl', ['is-enabled', 'auditd.service'], { timeoutMs: 5000 });
    if (r.ok && r.stdout.trim() !== '') return { enabled: r.stdout.trim() === 'enabled', how: `systemctl is-enabled: ${r.stdout.trim()}` };
  }
  const links = await Promise.all(WANTS.map((p) => target.lstat(p)));
  const i = links.findIndex((l) => l.ok);
  if (i !== -1) return { enabled: true, how: WANTS[i]! };
  const sysv = await target.glob('/etc/rc[2-5].d/S*auditd');
  if (sysv.length > 0) return { enabled: true, how: sysv[0]! };
  return { enabled: false, how: 'no wants link for auditd.service' };
}

async function collect(ctx: FactContext): Promise<AuditdFacts> {
  const { target } = ctx;
  const present = await Promise.all([AUDITD_CONF, ...AUDITCTL].map((p) => target.stat(p)));
  const installed = present.some((p) => p.ok);
  const empty: AuditdFacts = {
    installed,
    enabled: null,
    enabledHow: '',
    rulesFrom: 'none',
    ruleFiles: [],
    commands: [],
    enableFlag: null,
    afterLock: [],
    plugins: [],
    remoteConf: null,
  };
  if (!installed) return empty;
  const { enabled, how } = await isEnabled(ctx);

  const fromDir = (await target.glob(`${RULES_D}/*.rules`)).sort((a, b) => compareVersion(posix.basename(a), posix.basename(b)));
  const ruleFiles = fromDir.length > 0 ? fromDir : [AUDIT_RULES];
  const all: AuditCommand[] = [];
  const read: string[] = [];
  for (const r of await target.readFiles(ruleFiles)) {
    if (!r.ok) {
      if (r.error.code !== 'ENOENT') ctx.diagnostic({ path: r.path, message: `cannot read: ${r.error.message}` });
      continue;
    }
    const parsed = parseAuditRules(r.text, r.path);
    ctx.parseErrors(parsed.errors);
    all.push(...parsed.model.commands);
    read.push(r.path);
  }

  let commands: AuditCommand[];
  let afterLock: AuditCommand[] = [];
  const isE = (c: AuditCommand): c is AuditControl => c.kind === 'control' && c.option === 'e';
  let enableFlag: AuditControl | null;
  if (fromDir.length > 0) {
    // augenrules: -D, -b, -f first (last of each), the rest in order, the last -e at the end.
    const lastOf = (opt: string) => [...all].reverse().find((c) => c.kind === 'control' && c.option === opt);
    const head = ['D', 'b', 'f'].map(lastOf).filter((c): c is AuditCommand => c !== undefined);
    const rest = all.filter((c) => !(c.kind === 'control' && ['D', 'b', 'f', 'e'].includes(c.option)));
    enableFlag = ([...all].reverse().find(isE) as AuditControl | undefined) ?? null;
    commands = [...head, ...rest, ...(enableFlag ? [enableFlag] : [])];
  } else {
    const lock = all.findIndex((c) => isE(c) && c.value === '2');
    commands = lock === -1 ? all : all.slice(0, lock + 1);
    afterLock = lock === -1 ? [] : all.slice(lock + 1);
    enableFlag = ([...commands].reverse().find(isE) as AuditControl | undefined) ?? null;
  }

  const plugins: AuditPlugin[] = [];
  for (const dir of PLUGIN_DIRS) {
    const files = await target.glob(`${dir}/*.conf`);
    for (const r of await target.readFiles(files)) {
      if (!r.ok) continue;
      const parsed = parseAuditKeyValue(r.text, r.path);
      ctx.parseErrors(parsed.errors);
      const active = parsed.model.get('active');
      plugins.push({
        path: r.path,
        active: active?.value.toLowerCase() === 'yes',
        program: parsed.model.get('path')?.value ?? '',
        activeSource: active?.source ?? null,
      });
    }
  }
  let remoteConf: AuditdFacts['remoteConf'] = null;
  for (const r of await target.readFiles(REMOTE_CONF)) {
    if (!r.ok || remoteConf) continue;
    const parsed = parseAuditKeyValue(r.text, r.path);
    ctx.parseErrors(parsed.errors);
    remoteConf = { path: r.path, model: parsed.model };
  }

  return { ...empty, enabled, enabledHow: how, rulesFrom: fromDir.length > 0 ? 'rules.d' : read.length > 0 ? 'audit.rules' : 'none', ruleFiles: read, commands, enableFlag, afterLock, plugins, remoteConf };
}

export default defineFact<'auditd', AuditdFacts>({
  name: 'auditd',
  description: 'auditd: installed and enabled, the audit rules as loaded at boot (augenrules or audit.rules), dispatcher plugins and audisp-remote settings.',
  collect,
});
