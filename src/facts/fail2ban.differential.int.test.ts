/**
 * Differential test: the jails garrison reads as enabled, and their backends, against
 * `fail2ban-client -c DIR -d` (fail2ban's own dump of the configuration it would load),
 * on copies of the configuration installed by Debian's fail2ban package.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FactContext } from '../core/fact.ts';
import { defaultAuditOptions } from '../core/options.ts';
import { RootDirTarget } from '../target/root-dir.ts';
import fail2banFact from './fail2ban.ts';
import type { PackagesFacts } from './packages.ts';

const CLIENT = ['/usr/bin/fail2ban-client', '/bin/fail2ban-client'].find((p) => fs.existsSync(p));
const SYSTEM_CONF = '/etc/fail2ban';
const available = CLIENT !== undefined && fs.existsSync(path.join(SYSTEM_CONF, 'jail.conf'));
const skip = !available && !process.env.CI ? 'fail2ban is not installed' : false;

const temps: string[] = [];
after(() => temps.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** A root with the packaged configuration (jail.conf, paths, filters, actions) plus the given files. */
function root(extra: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-f2b-diff-'));
  temps.push(dir);
  const conf = path.join(dir, 'etc/fail2ban');
  fs.mkdirSync(path.join(conf, 'jail.d'), { recursive: true });
  for (const f of fs.readdirSync(SYSTEM_CONF)) if (f.endsWith('.conf')) fs.copyFileSync(path.join(SYSTEM_CONF, f), path.join(conf, f));
  for (const d of ['filter.d', 'action.d']) fs.cpSync(path.join(SYSTEM_CONF, d), path.join(conf, d), { recursive: true });
  for (const [p, text] of Object.entries(extra)) fs.writeFileSync(path.join(conf, p), text);
  return dir;
}

/** Enabled jails and their backends as fail2ban-client dumps them. */
function fail2banView(dir: string): Map<string, string> {
  const out = execFileSync(CLIENT!, ['-c', path.join(dir, 'etc/fail2ban'), '-d'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const jails = new Map<string, string>();
  for (const m of out.matchAll(/^\['add', '([^']+)', '([^']+)'\]$/gm)) jails.set(m[1]!, m[2]!);
  return jails;
}

async function garrisonView(dir: string): Promise<Map<string, string>> {
  const packages: PackagesFacts = { dpkg: false, installed: new Map(), pathCount: 0, usrMerged: false, owns: () => false };
  const target = new RootDirTarget(dir);
  const ctx: FactContext = {
    target,
    info: await target.info(),
    options: defaultAuditOptions(),
    get: (async () => packages) as FactContext['get'],
    diagnostic: () => {},
    parseErrors: () => {},
  };
  const facts = await fail2banFact.collect(ctx);
  return new Map(facts.jails.filter((j) => j.enabled).map((j) => [j.name, j.backend]));
}

const SCENARIOS: Record<string, Record<string, string>> = {
  'Debian defaults': { 'jail.d/defaults-debian.conf': '[sshd]\nenabled = true\n' },
  'jail.local: systemd backend for all, two jails': { 'jail.local': '[DEFAULT]\nbackend = systemd\nbantime = 1h ; one hour\n\n[sshd]\nenabled = true\nmode = aggressive\n\n[recidive]\nenabled = yes\n' },
  'jail.d/*.local wins over jail.local': {
    'jail.d/defaults-debian.conf': '[sshd]\nenabled = true\n',
    'jail.local': '[sshd]\nenabled = true\nbackend = polling\n\n[recidive]\nenabled = true\n',
    'jail.d/zz-off.local': '[sshd]\nenabled = false\n',
  },
  'custom jail on the sshd filter': { 'jail.local': '[DEFAULT]\nbackend = systemd\n\n[ssh-2222]\nenabled : true\nfilter = sshd[mode=extra]\nport = 2222\n' },
};

describe('differential: fail2ban-client -d', { skip }, () => {
  for (const [name, files] of Object.entries(SCENARIOS))
    test(name, async () => {
      const dir = root(files);
      assert.deepEqual(await garrisonView(dir), fail2banView(dir));
    });
});
