/**
 * Differential test: garrison's effective sshd configuration against the real daemon's
 * own answer, `sshd -T` (and `sshd -T -C user=...,host=...,addr=...` for Match blocks),
 * over the fixture trees in src/parsers/sshd/fixtures/differential/ (the cases of
 * ComplianceAsCode's sshd_lineinfile tests and more).
 *
 * Each tree is copied to a temporary directory with a throwaway host key. sshd reads it
 * as /etc/ssh through a bind mount in a private mount namespace (`unshare --mount`), so
 * absolute and relative Include paths mean what they mean on a real host; garrison reads
 * the same tree through a RootDirTarget. Where mount namespaces are not allowed, the
 * paths are rewritten for sshd instead and trees with relative Include paths are left out.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import sshdFact, { type SshdFacts } from './sshd.ts';
import type { Diagnostic, FactContext } from '../core/fact.ts';
import { defaultAuditOptions } from '../core/options.ts';
import type { ConnectionSpec } from '../parsers/sshd/match.ts';
import { RootDirTarget } from '../target/root-dir.ts';

const SSHD = '/usr/sbin/sshd';
const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../parsers/sshd/fixtures/differential');

/** What is compared: the keywords the rules read and more. */
const COMPARED = [
  'port', 'listenaddress', 'addressfamily', 'usepam', 'logingracetime', 'x11displayoffset', 'maxauthtries', 'maxsessions',
  'clientaliveinterval', 'clientalivecountmax', 'requiredrsasize', 'unusedconnectiontimeout', 'permitrootlogin',
  'ignorerhosts', 'hostbasedauthentication', 'pubkeyauthentication', 'kerberosauthentication', 'gssapiauthentication',
  'passwordauthentication', 'kbdinteractiveauthentication', 'printmotd', 'x11forwarding', 'x11uselocalhost',
  'permittty', 'strictmodes', 'tcpkeepalive', 'permitemptypasswords', 'compression', 'gatewayports', 'usedns',
  'allowtcpforwarding', 'allowagentforwarding', 'disableforwarding', 'allowstreamlocalforwarding', 'exposeauthinfo',
  'pidfile', 'xauthlocation', 'ciphers', 'macs', 'kexalgorithms', 'casignaturealgorithms', 'hostbasedacceptedalgorithms',
  'hostkeyalgorithms', 'pubkeyacceptedalgorithms', 'banner', 'forcecommand', 'chrootdirectory', 'authorizedkeyscommand',
  'authorizedkeyscommanduser', 'authorizedprincipalscommand', 'authorizedprincipalscommanduser', 'loglevel', 'syslogfacility', 'authorizedkeysfile', 'hostkey', 'allowusers', 'denyusers',
  'allowgroups', 'denygroups', 'acceptenv', 'subsystem', 'maxstartups', 'permittunnel', 'permituserenvironment', 'authenticationmethods',
];
/** Keywords printed once per value, whose order sshd does not keep stable. */
const UNORDERED = new Set(['listenaddress']);

interface Case {
  connections?: string[];
  rejects?: boolean;
}

/** sshd -T insists on its privilege separation directory; creating it needs root. */
function privsepDir(): boolean {
  try {
    fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    return true;
  } catch {
    return false;
  }
}

const haveSshd = fs.existsSync(SSHD);
const skip = process.env.CI
  ? false
  : !haveSshd
    ? `${SSHD} is missing (install openssh-server)`
    : !privsepDir()
      ? '/run/sshd is missing and cannot be created (run as root)'
      : false;
const temps: string[] = [];
let hostKey = '';
let namespaces = false;

before(() => {
  if (skip) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-sshd-key-'));
  temps.push(dir);
  hostKey = path.join(dir, 'ssh_host_ed25519_key');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'garrison-test', '-f', hostKey]);
  assert.ok(privsepDir(), '/run/sshd exists for sshd -T');
  namespaces = spawnSync('unshare', ['--mount', '--propagation', 'private', 'true']).status === 0;
});
after(() => {
  for (const d of temps) fs.rmSync(d, { recursive: true, force: true });
});

/** Copies a fixture tree and adds the host key sshd needs to start. */
function materialize(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `garrison-sshd-${name}-`));
  temps.push(dir);
  fs.chmodSync(dir, 0o755);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true, filter: (src) => path.basename(src) !== 'case.json' });
  fs.mkdirSync(path.join(dir, 'etc/ssh'), { recursive: true });
  fs.copyFileSync(hostKey, path.join(dir, 'etc/ssh/ssh_host_ed25519_key'));
  fs.chmodSync(path.join(dir, 'etc/ssh/ssh_host_ed25519_key'), 0o600);
  return dir;
}

/** Runs `sshd -T` on the tree; returns keyword -> printed values, or null when sshd refuses the configuration. */
function sshdDump(root: string, spec: string | undefined): { dump: Map<string, string[]> | null; stderr: string } {
  const extra = spec ? ['-C', spec] : [];
  let r;
  if (namespaces) {
    const script = 'mount --bind "$0" /etc/ssh && exec /usr/sbin/sshd -T -f /etc/ssh/sshd_config "$@"';
    r = spawnSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', script, path.join(root, 'etc/ssh'), ...extra], { cwd: '/', encoding: 'utf8' });
  } else {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'garrison-sshd-rewritten-'));
    temps.push(copy);
    fs.cpSync(root, copy, { recursive: true });
    const rewrite = (p: string) => {
      for (const e of fs.readdirSync(p, { withFileTypes: true })) {
        const f = path.join(p, e.name);
        if (e.isDirectory()) rewrite(f);
        else if (e.isFile() && !e.name.startsWith('ssh_host_')) fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replaceAll('/etc/ssh/', `${copy}/etc/ssh/`));
      }
    };
    rewrite(copy);
    fs.appendFileSync(path.join(copy, 'etc/ssh/sshd_config'), `\nHostKey ${copy}/etc/ssh/ssh_host_ed25519_key\n`);
    r = spawnSync(SSHD, ['-T', '-f', path.join(copy, 'etc/ssh/sshd_config'), ...extra], { cwd: '/', encoding: 'utf8' });
    r.stdout = r.stdout.replaceAll(copy, '');
  }
  if (r.status !== 0) return { dump: null, stderr: r.stderr };
  const dump = new Map<string, string[]>();
  for (const line of r.stdout.split('\n')) {
    const sp = line.indexOf(' ');
    if (sp <= 0) continue;
    const k = line.slice(0, sp);
    dump.set(k, [...(dump.get(k) ?? []), line.slice(sp + 1)]);
  }
  return { dump, stderr: r.stderr };
}

async function garrison(root: string): Promise<{ facts: SshdFacts; diagnostics: Diagnostic[] }> {
  const target = new RootDirTarget(root);
  const diagnostics: Diagnostic[] = [];
  const ctx: FactContext = {
    target,
    info: await target.info(),
    options: defaultAuditOptions(),
    get: () => Promise.reject(new Error('the sshd fact needs no other fact')),
    diagnostic: (d) => diagnostics.push(d),
    parseErrors: (errs) => diagnostics.push(...errs.map((e) => ({ path: e.file, line: e.line, message: e.message }))),
  };
  return { facts: await sshdFact.collect(ctx), diagnostics };
}

function connection(spec: string): ConnectionSpec {
  const c: ConnectionSpec = {};
  for (const part of spec.split(',')) {
    const [k, v = ''] = part.split('=');
    if (k === 'user') c.user = v;
    else if (k === 'host') c.host = v;
    else if (k === 'addr') c.addr = v;
    else if (k === 'laddr') c.laddr = v;
    else if (k === 'lport') c.lport = Number(v);
  }
  return c;
}

function usesRelativeInclude(dir: string): boolean {
  const walk = (p: string): string[] =>
    fs.readdirSync(p, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(p, e.name)) : [path.join(p, e.name)]));
  return walk(dir).some((f) => /^\s*include\s*[= ]\s*[^/\s"]/im.test(fs.readFileSync(f, 'utf8')));
}

const names = fs.readdirSync(FIXTURES).filter((n) => fs.statSync(path.join(FIXTURES, n)).isDirectory()).sort();

describe('sshd -T agrees with garrison', { skip }, () => {
  test('there are at least 20 fixture trees', () => assert.ok(names.length >= 20, `${names.length} fixtures`));

  for (const name of names) {
    const casePath = path.join(FIXTURES, name, 'case.json');
    const spec: Case = fs.existsSync(casePath) ? (JSON.parse(fs.readFileSync(casePath, 'utf8')) as Case) : {};
    test(name, async (t) => {
      if (!namespaces && usesRelativeInclude(path.join(FIXTURES, name))) {
        t.skip('relative Include paths need a mount namespace (unshare) to be compared');
        return;
      }
      const root = materialize(name);
      const { facts, diagnostics } = await garrison(root);
      assert.ok(facts.installed && facts.config, 'garrison read the configuration');
      const real = sshdDump(root, undefined);
      if (spec.rejects) {
        assert.equal(real.dump, null, 'sshd refuses this configuration');
        assert.ok(diagnostics.length > 0, 'garrison reports why');
        return;
      }
      assert.ok(real.dump, `sshd accepted the configuration: ${real.stderr}`);
      assert.deepEqual(diagnostics, [], 'garrison finds nothing wrong with a configuration sshd accepts');
      for (const connSpec of [undefined, ...(spec.connections ?? [])]) {
        const expected: Map<string, string[]> | null = connSpec === undefined ? real.dump : sshdDump(root, connSpec).dump;
        assert.ok(expected, `sshd -T -C ${connSpec}`);
        const mine: Map<string, string[]> = facts.config.dump(connSpec === undefined ? {} : connection(connSpec));
        for (const k of COMPARED) {
          if (k === 'hostkey' && !namespaces) continue;
          let want: string[] = expected.get(k) ?? [];
          let got: string[] = mine.get(k) ?? [];
          if (UNORDERED.has(k)) {
            want = [...want].sort();
            got = [...got].sort();
          }
          assert.deepEqual(got, want, `${name}${connSpec ? ` -C ${connSpec}` : ''}: ${k}`);
        }
      }
    });
  }
});
