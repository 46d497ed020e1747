import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { paramString, parseRsyslog } from './rsyslog.ts';
import type { RsyslogLegacyAction, RsyslogObject, RsyslogStatement } from './rsyslog.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');
const objects = (st: RsyslogStatement[], type?: string) =>
  st.filter((s): s is RsyslogObject => s.kind === 'object' && (type === undefined || s.type === type));
const legacy = (st: RsyslogStatement[]) => st.filter((s): s is RsyslogLegacyAction => s.kind === 'legacyAction');

describe('parseRsyslog', () => {
  test("Debian 12's rsyslog.conf", () => {
    const { model, errors } = parseRsyslog(fixture('debian12-rsyslog.conf'), '/etc/rsyslog.conf');
    assert.deepEqual(errors, []);
    assert.deepEqual(objects(model.statements, 'module').map((m) => paramString(m, 'load')), ['imuxsock', 'imklog']);
    const directives = model.statements.filter((s) => s.kind === 'directive').map((d) => d.kind === 'directive' && [d.name, d.value]);
    assert.deepEqual(directives, [
      ['fileowner', 'root'],
      ['filegroup', 'adm'],
      ['filecreatemode', '0640'],
      ['dircreatemode', '0755'],
      ['umask', '0022'],
      ['workdirectory', '/var/spool/rsyslog'],
      ['includeconfig', '/etc/rsyslog.d/*.conf'],
    ]);
    const actions = legacy(model.statements).map((a) => [a.selector, a.action, a.source.line, a.conditional]);
    assert.deepEqual(actions, [
      ['*.*;auth,authpriv.none', '-/var/log/syslog', 55],
      ['auth,authpriv.*', '/var/log/auth.log', 60],
      ['cron.*', '-/var/log/cron.log', 61],
      ['kern.*', '-/var/log/kern.log', 62],
      ['mail.*', '-/var/log/mail.log', 63],
      ['user.*', '-/var/log/user.log', 64],
      ['*.emerg', ':omusrmsg:*', 69],
    ].map((a) => [...a, true]));
  });

  test('RELP client with TLS: multi-line action, arrays, case-insensitive names', () => {
    const { model, errors } = parseRsyslog(fixture('client-relp-tls.conf'), 'c.conf');
    assert.deepEqual(errors, []);
    const [action] = objects(model.statements, 'action');
    assert.ok(action);
    assert.equal(action.source.line, 4);
    assert.equal(paramString(action, 'type'), 'omrelp');
    assert.equal(paramString(action, 'TLS'), 'on');
    assert.equal(paramString(action, 'tls.authmode'), 'name');
    assert.deepEqual(action.params['tls.permittedpeer']?.value, ['logs.example.org']);
    assert.equal(action.params['tls.authmode']?.line, 10);
    assert.equal(action.conditional, false);
  });

  test('server: rulesets, list and string templates, if/then blocks, stop', () => {
    const { model, errors } = parseRsyslog(fixture('server.conf'), 's.conf');
    assert.deepEqual(errors, []);
    const templates = objects(model.statements, 'template');
    assert.deepEqual(templates.map((t) => [paramString(t, 'name'), t.templateParts ?? paramString(t, 'string')]), [
      ['PerHostFile', ['/var/log/remote/', '%hostname%', '/syslog.log']],
      ['PerHostAudit', '/var/log/remote/%HOSTNAME%/audit.log'],
    ]);
    const actions = objects(model.statements, 'action');
    assert.deepEqual(actions.map((a) => [paramString(a, 'dynafile'), a.ruleset, a.conditional, a.source.line]), [
      ['PerHostAudit', 'remote', true, 17],
      ['PerHostFile', 'remote', false, 20],
    ]);
    assert.equal(paramString(objects(model.statements, 'input')[0]!, 'ruleset'), 'remote');
  });

  test('legacy client: directives, options in @@(o), &, property filter, ?Template, continued selector', () => {
    const { model, errors } = parseRsyslog(fixture('legacy-client.conf'), 'l.conf');
    assert.deepEqual(errors, []);
    assert.deepEqual(legacy(model.statements).map((a) => [a.selector, a.action, a.source.line]), [
      ['*.*', '@@(o)logs.example.org:6514;RSYSLOG_SyslogProtocol23Format', 7],
      [':msg, contains, "iptables"', '-/var/log/iptables.log', 9],
      [null, '~', 10],
      ['local7.*', '?RemoteLogs', 12],
      ['*.=debug;auth,authpriv.none;news.none;mail.none', '-/var/log/debug', 13],
    ]);
    const tmpl = model.statements.find((s) => s.kind === 'directive' && s.name === 'template');
    assert.equal(tmpl?.kind === 'directive' && tmpl.value, 'RemoteLogs,"/var/log/%HOSTNAME%/%PROGRAMNAME%.log"');
  });

  test('TLS parameters that are commented out are not seen', () => {
    const { model, errors } = parseRsyslog(fixture('commented-tls.conf'), 'x.conf');
    assert.deepEqual(errors, []);
    const [relp] = objects(model.statements, 'action');
    assert.deepEqual(Object.keys(relp!.params), ['type', 'target', 'port']);
    assert.equal(relp!.conditional, true);
    assert.deepEqual(legacy(model.statements).map((a) => a.action), ['@monitoring.picasoft.net:514']);
  });

  test('CRLF', () => {
    const { model, errors } = parseRsyslog(fixture('crlf.conf'), 'crlf.conf');
    assert.deepEqual(errors, []);
    assert.deepEqual(legacy(model.statements).map((a) => a.action), ['/var/log/all.log']);
    const d = model.statements.find((s) => s.kind === 'directive');
    assert.equal(d?.kind === 'directive' && d.value, '0644');
  });

  test('broken input: errors with lines, the rest still read', () => {
    const { model, errors } = parseRsyslog(fixture('broken.conf'), 'b.conf');
    assert.ok(errors.length >= 2, JSON.stringify(errors));
    assert.ok(errors.every((e) => e.line >= 1 && e.line <= 7));
    assert.ok(errors.some((e) => /missing "}"/.test(e.message)));
    const u = parseRsyslog(fixture('unterminated-string.conf'), 'u.conf');
    assert.deepEqual(u.errors.map((e) => e.message), ['unterminated string']);
    assert.ok(Array.isArray(model.statements));
  });

  test('if/else with legacy actions and nested blocks', () => {
    const text = [
      'if $fromhost-ip startswith "10." then /var/log/lan.log',
      'else {',
      '  if ($msg contains "then") then {',
      '    *.* @@10.0.0.1:514',
      '  }',
      '}',
      'if $syslogfacility-text == "local0" then',
      '   action(type="omfwd" target="10.0.0.2" protocol="udp")',
    ].join('\n');
    const { model, errors } = parseRsyslog(text, 'i.conf');
    assert.deepEqual(errors, []);
    assert.deepEqual(legacy(model.statements).map((a) => [a.selector, a.action, a.source.line, a.conditional]), [
      [null, '/var/log/lan.log', 1, true],
      ['*.*', '@@10.0.0.1:514', 4, true],
    ]);
    assert.equal(objects(model.statements, 'action')[0]!.source.line, 8);
  });

  test('property: never throws, lines in range, always terminates', () => {
    const check = (text: string) => {
      const { model, errors } = parseRsyslog(text, 'p');
      const n = text.split('\n').length;
      for (const e of errors) assert.ok(e.line >= 1 && e.line <= n, `error line ${e.line}`);
      for (const s of model.statements) assert.ok(s.source.line >= 1 && s.source.line <= n);
    };
    fc.assert(fc.property(fc.string(), check), { numRuns: 500 });
    const tok = fc.constantFrom(
      'action(', 'type="omfwd"', 'target="h"', ')', '{', '}', 'if', 'then', 'else', '*.*', '@@h:514', '$ModLoad imudp',
      '#', '/*', '*/', '"', "'", '&', ':msg, contains, "x"', '\\', 'ruleset(name="r")', 'template(name="t")', 'stop', '[', ']', '\r',
    );
    fc.assert(fc.property(fc.array(fc.array(tok, { maxLength: 6 }).map((t) => t.join(' ')), { maxLength: 20 }), (ls) => check(ls.join('\n'))), {
      numRuns: 500,
    });
  });

  test('large input stays fast', () => {
    const text = Array.from({ length: 20000 }, (_, i) => `if $programname == 'p${i}' then action(type="omfile" file="/var/log/p${i}.log")`).join('\n');
    const t0 = Date.now();
    const { model, errors } = parseRsyslog(text, 'big');
    assert.deepEqual(errors, []);
    assert.equal(model.statements.length, 20000);
    assert.ok(Date.now() - t0 < 5000);
  });
});
