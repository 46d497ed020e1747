import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SshdConfig, includePattern } from './config.ts';
import { parseSshdConfig, type SshdConfigFile } from './parser.ts';

/** Builds a configuration from in-memory files; globs are exact paths or a trailing "*.conf". */
function config(files: Record<string, string>, main = '/etc/ssh/sshd_config'): SshdConfig {
  const parsed = new Map<string, SshdConfigFile | null>();
  for (const [p, text] of Object.entries(files)) parsed.set(p, parseSshdConfig(text, p).model);
  const globs = new Map<string, string[]>();
  for (const f of parsed.values()) {
    for (const d of f?.directives ?? []) {
      if (d.keyword !== 'include') continue;
      for (const a of d.args) {
        const pat = includePattern(a);
        const re = new RegExp(`^${pat.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
        globs.set(pat, Object.keys(files).filter((p) => re.test(p)).sort());
      }
    }
  }
  return new SshdConfig({ main, files: parsed, globs });
}

const at = (c: SshdConfig, k: string) => c.effective(k).map((v) => [v.scope, v.value, v.source ? `${v.source.file}:${v.source.line}` : 'default']);

describe('SshdConfig', () => {
  test('compiled-in defaults of Debian 12 apply when nothing is set', () => {
    const c = config({ '/etc/ssh/sshd_config': '# nothing\n' });
    assert.deepEqual(at(c, 'PasswordAuthentication'), [['global', 'yes', 'default']]);
    assert.deepEqual(at(c, 'PermitRootLogin'), [['global', 'without-password', 'default']]);
    assert.deepEqual(at(c, 'UsePAM'), [['global', 'no', 'default']]);
    assert.deepEqual(c.listeners().map((l) => `${l.address}:${l.port}`), ['0.0.0.0:22', ':::22']);
  });

  test('the first value wins, across files in glob order', () => {
    const c = config({
      '/etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config.d/*.conf\nPasswordAuthentication no\n',
      '/etc/ssh/sshd_config.d/10-a.conf': 'PasswordAuthentication yes\nAllowUsers alice\n',
      '/etc/ssh/sshd_config.d/20-b.conf': 'PasswordAuthentication no\nAllowUsers bob\n',
    });
    assert.deepEqual(at(c, 'passwordauthentication'), [['global', 'yes', '/etc/ssh/sshd_config.d/10-a.conf:1']]);
    assert.deepEqual(c.value('allowusers').values, ['alice', 'bob']);
    assert.deepEqual(c.files, ['/etc/ssh/sshd_config', '/etc/ssh/sshd_config.d/10-a.conf', '/etc/ssh/sshd_config.d/20-b.conf']);
  });

  test('a Match block in a drop-in ends with that file', () => {
    const c = config({
      '/etc/ssh/sshd_config': 'Include sshd_config.d/*.conf\nX11Forwarding yes\nPort 2222\n',
      '/etc/ssh/sshd_config.d/sftp.conf': 'Match Group sftp\n  X11Forwarding no\n',
    });
    assert.deepEqual(c.errors, []);
    assert.deepEqual(at(c, 'x11forwarding'), [
      ['global', 'yes', '/etc/ssh/sshd_config:2'],
      ['match', 'no', '/etc/ssh/sshd_config.d/sftp.conf:2'],
    ]);
  });

  test('Match blocks: own values, Match all folded into the global value, shadowed blocks left out', () => {
    const c = config({
      '/etc/ssh/sshd_config': [
        'PasswordAuthentication no',
        'Match User bob',
        '  PasswordAuthentication yes',
        'Match all',
        '  PermitRootLogin no',
        'Match User carol',
        '  PermitRootLogin yes',
        '  PasswordAuthentication yes',
      ].join('\n'),
    });
    assert.deepEqual(at(c, 'passwordauthentication'), [
      ['global', 'no', '/etc/ssh/sshd_config:1'],
      ['match', 'yes', '/etc/ssh/sshd_config:3'],
      ['match', 'yes', '/etc/ssh/sshd_config:8'],
    ]);
    // carol's PermitRootLogin yes comes after "Match all" set it: it never applies.
    assert.deepEqual(at(c, 'permitrootlogin'), [['global', 'no', '/etc/ssh/sshd_config:5']]);
    assert.equal(c.value('permitrootlogin', { user: 'carol' }).value, 'no');
    assert.equal(c.value('passwordauthentication', { user: 'bob' }).value, 'yes');
    assert.equal(c.value('passwordauthentication', { user: 'dave' }).value, 'no');
    assert.equal(c.effective('passwordauthentication')[1]!.block?.criteria, 'User bob');
  });

  test('an Include inside a Match block belongs to it, and its own Match blocks need both', () => {
    const c = config({
      '/etc/ssh/sshd_config': 'Match Address 10.0.0.0/8\n  Include /etc/ssh/m/*.conf\n  AllowAgentForwarding no\n',
      '/etc/ssh/m/a.conf': 'PermitRootLogin yes\nMatch User bob\n  X11Forwarding yes\n',
    });
    assert.deepEqual(at(c, 'permitrootlogin').at(-1), ['match', 'yes', '/etc/ssh/m/a.conf:1']);
    assert.equal(c.value('x11forwarding', { user: 'bob', addr: '10.1.1.1' }).value, 'yes');
    assert.equal(c.value('x11forwarding', { user: 'bob', addr: '192.168.1.1' }).value, 'no');
    assert.equal(c.value('allowagentforwarding', { user: 'bob', addr: '10.1.1.1' }).value, 'no');
    const inner = c.blocks.find((b) => b.criteria === 'User bob')!;
    assert.equal(c.blocks[inner.parent!]!.criteria, 'Address 10.0.0.0/8');
    assert.equal(c.valueIn('permitrootlogin', inner).value, 'yes', 'the nested block inherits from the outer one');
  });

  test('global-only keywords inside a Match block, bad values and include loops are errors', () => {
    const c = config({
      '/etc/ssh/sshd_config': 'MaxAuthTries many\nMatch User x\n  Ciphers aes128-ctr\n  Include /etc/ssh/loop.conf\n',
      '/etc/ssh/loop.conf': 'Include /etc/ssh/loop.conf\n',
    });
    const msgs = c.errors.map((e) => `${e.file}:${e.line}: ${e.message}`);
    assert.ok(msgs.includes('/etc/ssh/sshd_config:1: maxauthtries integer value invalid.'));
    assert.ok(msgs.includes("/etc/ssh/sshd_config:3: Directive 'Ciphers' is not allowed within a Match block"));
    assert.ok(msgs.includes('/etc/ssh/loop.conf:1: Too many recursive configuration includes'));
    assert.equal(c.value('maxauthtries').value, '6');
  });

  test('a file including itself twice cannot make the evaluation explode', () => {
    const start = Date.now();
    const c = config({ '/etc/ssh/sshd_config': 'Include /etc/ssh/sshd_config /etc/ssh/sshd_config\n' });
    assert.ok(c.errors.length > 0);
    assert.ok(Date.now() - start < 5000);
  });

  test('listeners: ListenAddress with and without port, AddressFamily, localhost', () => {
    const c = config({ '/etc/ssh/sshd_config': 'Port 2222\nPort 22\nListenAddress 127.0.0.1\nListenAddress [::1]:2022\nListenAddress localhost\n' });
    assert.deepEqual(
      c.listeners().map((l) => `${l.address} ${l.port} ${l.source?.line}`),
      ['127.0.0.1 2222 3', '127.0.0.1 22 3', '::1 2022 4', '127.0.0.1 2222 5', '127.0.0.1 22 5', '::1 2222 5', '::1 22 5'],
    );
    const v4 = config({ '/etc/ssh/sshd_config': 'AddressFamily inet\n' });
    assert.deepEqual(v4.listeners().map((l) => l.address), ['0.0.0.0']);
  });

  test('algorithm lists are expanded against the defaults', () => {
    const c = config({ '/etc/ssh/sshd_config': 'HostKeyAlgorithms +ssh-rsa\nMACs -umac-64*,hmac-sha1*\n' });
    assert.ok(c.value('hostkeyalgorithms').values.includes('ssh-rsa'));
    assert.deepEqual(c.value('hostkeyalgorithms').args, ['+ssh-rsa']);
    assert.ok(!c.value('macs').values.some((m) => m.startsWith('umac-64') || m.startsWith('hmac-sha1')));
  });
});
