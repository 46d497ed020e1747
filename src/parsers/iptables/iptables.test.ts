import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { matchOptions, parseIptablesSave, type IptablesRuleset } from './iptables.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const chain = (rs: IptablesRuleset, table: string, name: string) => rs.tables.find((t) => t.name === table)!.chains.find((c) => c.name === name)!;

describe('iptables-save format', () => {
  test('the guideline example: table, policies, rules with their lines', () => {
    const { model, errors } = parseIptablesSave(fixture('sre-example.v4'), '/etc/iptables/rules.v4');
    assert.deepEqual(errors, []);
    assert.equal(model.backend, 'nf_tables');
    assert.equal(model.tables.length, 1);
    const input = chain(model, 'filter', 'INPUT');
    assert.equal(input.policy, 'ACCEPT');
    assert.equal(input.implicit, false);
    assert.equal(input.rules.length, 7);
    const pg = input.rules[5]!;
    assert.equal(pg.source.line, 17);
    assert.match(pg.source.text, /--dport 5432 -s 10\.0\.0\.0\/16/);
    assert.deepEqual(pg.src, { value: ['10.0.0.0/16'], negated: false });
    assert.deepEqual(pg.protocol, { value: 'tcp', negated: false });
    assert.deepEqual(matchOptions(pg, 'state'), [{ name: 'state', negated: false, values: ['NEW'] }]);
    assert.deepEqual(matchOptions(pg, 'tcp'), [{ name: 'dport', negated: false, values: ['5432'] }]);
    assert.deepEqual(pg.target, { name: 'ACCEPT', goto: false, options: [] });
    const reject = input.rules[6]!;
    assert.deepEqual(reject.target, { name: 'REJECT', goto: false, options: [{ name: 'reject-with', negated: false, values: ['icmp-host-prohibited'] }] });
  });

  test('negations in both syntaxes, implicit protocol matches, multiport, ipset, goto, options after the target', () => {
    const text = [
      '*filter',
      ':INPUT DROP [0:0]',
      ':admins - [0:0]',
      '-A INPUT ! -s 10.0.0.0/8 -p tcp ! --dport 22 -j DROP',
      '-A INPUT -s ! 192.168.0.0/16 -p udp --dport ! 53 -j DROP',
      '-A INPUT -p tcp -m multiport --dports 80,443,8000:8100 -m conntrack --ctstate NEW -j ACCEPT',
      '-A INPUT -p tcp --dport 5432 -m set --match-set admins src -g admins',
      '-A INPUT -j LOG --log-prefix "[FW DROP] " -m limit --limit 3/min',
      '-A INPUT -p tcp ! --syn -m state --state NEW -j DROP',
      '-A INPUT -i eth1 -o eth0 -f -4 -j ACCEPT',
      '-A admins -s 198.51.100.7,198.51.100.8 -j ACCEPT',
      'COMMIT',
    ].join('\n');
    const { model, errors } = parseIptablesSave(text, 'f');
    assert.deepEqual(errors, []);
    const r = chain(model, 'filter', 'INPUT').rules;
    assert.deepEqual(r[0]!.src, { value: ['10.0.0.0/8'], negated: true });
    assert.deepEqual(matchOptions(r[0]!, 'tcp'), [{ name: 'dport', negated: true, values: ['22'] }]);
    assert.equal(r[0]!.matches[0]!.implicit, true);
    assert.deepEqual(r[1]!.src, { value: ['192.168.0.0/16'], negated: true });
    assert.deepEqual(matchOptions(r[1]!, 'udp'), [{ name: 'dport', negated: true, values: ['53'] }]);
    assert.deepEqual(matchOptions(r[2]!, 'multiport'), [{ name: 'dports', negated: false, values: ['80,443,8000:8100'] }]);
    assert.deepEqual(matchOptions(r[2]!, 'conntrack'), [{ name: 'ctstate', negated: false, values: ['NEW'] }]);
    assert.deepEqual(matchOptions(r[3]!, 'set'), [{ name: 'match-set', negated: false, values: ['admins', 'src'] }]);
    assert.deepEqual(r[3]!.target, { name: 'admins', goto: true, options: [] });
    assert.equal(r[4]!.target!.name, 'LOG');
    assert.deepEqual(r[4]!.target!.options, [{ name: 'log-prefix', negated: false, values: ['[FW DROP] '] }]);
    assert.deepEqual(matchOptions(r[4]!, 'limit'), [{ name: 'limit', negated: false, values: ['3/min'] }]);
    assert.deepEqual(matchOptions(r[5]!, 'tcp'), [{ name: 'syn', negated: true, values: [] }]);
    assert.deepEqual(r[6]!.inInterface, { value: 'eth1', negated: false });
    assert.deepEqual(r[6]!.outInterface, { value: 'eth0', negated: false });
    assert.deepEqual(r[6]!.fragment, { negated: false });
    assert.equal(r[6]!.onlyFamily, 'ipv4');
    assert.deepEqual(chain(model, 'filter', 'admins').rules[0]!.src!.value, ['198.51.100.7', '198.51.100.8']);
  });

  test('commands apply in order: -I, -D, -R, -N, -P, -F, -X', () => {
    const text = [
      '*filter',
      '-N web',
      '-A INPUT -p tcp --dport 80 -j web',
      '-A INPUT -p tcp --dport 22 -j ACCEPT',
      '-I INPUT -i lo -j ACCEPT',
      '-I INPUT 2 -p icmp -j ACCEPT',
      '-D INPUT -p tcp --dport 22 -j ACCEPT',
      '-R INPUT 1 -i lo -m comment --comment loopback -j ACCEPT',
      '-P INPUT DROP',
      '-A web -j ACCEPT',
      '-N old',
      '-A old -j DROP',
      '-F old',
      '-X old',
      'COMMIT',
    ].join('\n');
    const { model, errors } = parseIptablesSave(text, 'f');
    assert.deepEqual(errors, []);
    const input = chain(model, 'filter', 'INPUT');
    assert.equal(input.policy, 'DROP');
    assert.deepEqual(
      input.rules.map((r) => r.source.line),
      [8, 6, 3],
    );
    assert.equal(model.tables[0]!.chains.some((c) => c.name === 'old'), false);
    assert.equal(chain(model, 'filter', 'web').rules.length, 1);
    // Built-in chains exist without being declared, with an ACCEPT policy.
    assert.equal(chain(model, 'filter', 'FORWARD').policy, 'ACCEPT');
    assert.equal(chain(model, 'filter', 'FORWARD').implicit, true);
  });

  test('CRLF line ends and a counter prefix', () => {
    const { model, errors } = parseIptablesSave(fixture('crlf.rules'), 'f');
    assert.deepEqual(errors, []);
    const r = chain(model, 'filter', 'INPUT').rules[0]!;
    assert.equal(r.source.text.endsWith('\r'), false);
    assert.deepEqual(matchOptions(r, 'tcp')[0]!.values, ['22']);
    const c = parseIptablesSave(fixture('comments-everywhere.rules'), 'f');
    assert.deepEqual(c.errors, []);
    const rules = chain(c.model, 'filter', 'INPUT').rules;
    assert.equal(rules.length, 2);
    assert.deepEqual(rules[1]!.matches.find((m) => m.name === 'comment')!.options[0]!.values, ['HTTPS # not a comment']);
  });

  test('a table without COMMIT is reported and marked uncommitted', () => {
    const { model, errors } = parseIptablesSave(fixture('unterminated.rules'), 'rules.v4');
    assert.equal(model.tables[0]!.committed, false);
    assert.ok(errors.some((e) => e.line === 6 && /unterminated quoted string/.test(e.message)));
    assert.ok(errors.some((e) => /not closed by COMMIT/.test(e.message)));
  });

  test('unknown commands, options, chains and tables are errors with their line; the rest is read', () => {
    const { model, errors } = parseIptablesSave(fixture('unknown-directives.rules'), 'f');
    const at = (line: number) => errors.filter((e) => e.line === line).map((e) => e.message).join(' | ');
    assert.match(at(4), /user chain BADCHAIN cannot have a policy/);
    assert.match(at(6), /unknown command "-Q"/);
    assert.match(at(7), /option --frobnicate outside any match/);
    assert.match(at(8), /unexpected argument "stray-word"/);
    assert.match(at(9), /chain NOSUCH does not exist/);
    assert.match(at(12), /unknown table "weird"/);
    assert.equal(chain(model, 'filter', 'MYCHAIN').rules.length, 1);
  });

  test('lines outside a table and malformed declarations', () => {
    const { errors } = parseIptablesSave('-A INPUT -j ACCEPT\n*filter\n:INPUT\n-A\n-P INPUT MAYBE\nCOMMIT\nCOMMIT\n', 'f');
    assert.deepEqual(
      errors.map((e) => e.line),
      [1, 3, 4, 5, 7],
    );
  });

  test('never throws, and every error has a line within the input', () => {
    const check = (s: string) => {
      const r = parseIptablesSave(s, 'x');
      const lines = s.split('\n').length;
      for (const e of r.errors) assert.ok(e.line >= 1 && e.line <= lines, `line ${e.line} of ${lines}`);
      for (const t of r.model.tables) for (const c of t.chains) for (const rule of c.rules) assert.ok(rule.source.line >= 1);
    };
    fc.assert(fc.property(fc.string(), check), { numRuns: 300 });
    const tokens = ['*filter', '*nat', 'COMMIT', ':INPUT DROP [0:0]', ':X - [0:0]', '-A', '-I', '-D', '-N', '-X', '-F', '-P', 'INPUT', 'X', '!', '-p', 'tcp', '-s', '10.0.0.0/8', '--dport', '22', '-m', 'multiport', '--dports', '1:2', '-j', 'ACCEPT', 'DROP', '-g', '"', "'", '#', '\r', '1', '[0:0]'];
    const line = fc.array(fc.constantFrom(...tokens), { maxLength: 12 }).map((t) => t.join(' '));
    fc.assert(fc.property(fc.array(line, { maxLength: 30 }), (ls) => check(ls.join('\n'))), { numRuns: 500 });
  });

  test('a huge ruleset is read in linear time', () => {
    const lines = ['*filter', ':INPUT DROP [0:0]'];
    for (let i = 0; i < 50_000; i++) lines.push(`-A INPUT -s 203.0.${(i >> 8) & 255}.${i & 255}/32 -p tcp -m tcp --dport ${1 + (i % 65535)} -j ACCEPT`);
    lines.push('COMMIT');
    const started = Date.now();
    const { model, errors } = parseIptablesSave(lines.join('\n'), 'big');
    assert.deepEqual(errors, []);
    assert.equal(chain(model, 'filter', 'INPUT').rules.length, 50_000);
    assert.ok(Date.now() - started < 5000);
  });
});
