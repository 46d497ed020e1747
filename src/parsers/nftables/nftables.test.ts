import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { listNftIncludes, parseNftPriority, parseNftables } from './nftables.ts';
import { parseNftJson } from './nft-json.ts';
import { renderStatement, type NftRuleset } from './model.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const rulesOf = (rs: NftRuleset, table: string, chain: string) => rs.tables.find((t) => t.name === table)!.chains.find((c) => c.name === chain)!.rules;
const texts = (rs: NftRuleset, table: string, chain: string) => rulesOf(rs, table, chain).map((r) => r.statements.map(renderStatement).join(' '));

describe('nft script syntax', () => {
  test('tables, base chains, sets, variables, vmaps and comments', () => {
    const { model, errors } = parseNftables(fixture('inet-filter.conf'), '/etc/nftables.conf');
    assert.deepEqual(errors, []);
    const t = model.tables[0]!;
    assert.equal(t.family, 'inet');
    const input = t.chains.find((c) => c.name === 'input')!;
    assert.deepEqual({ ...input.base, policySource: undefined }, { type: 'filter', hook: 'input', priority: 0, policy: 'drop', policySource: undefined });
    assert.equal(input.base!.policySource.line, 9);
    assert.deepEqual(t.sets.find((s) => s.name === 'web')!.elements, [
      { kind: 'literal', text: 'http' },
      { kind: 'literal', text: 'https' },
    ]);
    assert.deepEqual(t.sets.find((s) => s.name === 'blocklist')!.flags, ['dynamic', 'timeout']);
    assert.deepEqual(texts(model, 'filter', 'input'), [
      'ct state vmap { established : accept, related : accept, invalid : drop }',
      'meta iif lo accept',
      'ip saddr @blocklist drop',
      'meta l4proto { icmp, ipv6-icmp } accept',
      'tcp dport ssh ip saddr 198.51.100.0/24 accept',
      'tcp dport ssh ip6 saddr 2001:db8:1::/48 accept',
      'tcp dport @web accept',
      'udp dport 53 ip saddr 10.0.0.0/8 counter accept',
      'tcp dport 5432 jump db',
      'limit rate 3/minute log',
    ]);
    assert.equal(rulesOf(model, 'filter', 'input')[4]!.source.line, 14);
  });

  test('includes are asked for and parsed in place, with shared variables', () => {
    const files: Record<string, string> = {
      '/etc/nftables.d/10-vars.nft': 'define WEB = { 80, 443 }\n',
      '/etc/nftables.d/20-rules.nft': 'add rule inet f input tcp dport $WEB accept\n',
    };
    const main = 'table inet f {\n chain input { type filter hook input priority 0; policy drop; }\n}\ninclude "/etc/nftables.d/*.nft"\n';
    assert.deepEqual(listNftIncludes(main, '/etc/nftables.conf'), ['/etc/nftables.d/*.nft']);
    const asked: string[] = [];
    const { model, errors } = parseNftables(main, '/etc/nftables.conf', {
      resolveInclude: (p, from) => {
        asked.push(`${from} ${p}`);
        return Object.entries(files).map(([file, text]) => ({ file, text }));
      },
    });
    assert.deepEqual(errors, []);
    assert.deepEqual(asked, ['/etc/nftables.conf /etc/nftables.d/*.nft']);
    const r = rulesOf(model, 'f', 'input')[0]!;
    assert.equal(r.source.file, '/etc/nftables.d/20-rules.nft');
    assert.deepEqual(r.statements[0], { kind: 'match', left: 'tcp dport', op: '==', right: [{ kind: 'literal', text: '80' }, { kind: 'literal', text: '443' }] });
    const missing = parseNftables('include "/etc/nope.nft"\n', 'f', { resolveInclude: () => null });
    assert.match(missing.errors[0]!.message, /does not exist: nft refuses the whole ruleset/);
  });

  test('command forms, flush ruleset, index and insert', () => {
    const text = [
      'table ip old { chain input { type filter hook input priority 0; policy drop; } }',
      'flush ruleset',
      'add table ip6 t',
      'add chain ip6 t input { type filter hook input priority filter - 5 ; policy drop ; }',
      'add rule ip6 t input tcp dport 22 accept',
      'add rule ip6 t input tcp dport 80 accept',
      'insert rule ip6 t input ct state established accept',
      'add rule ip6 t input index 0 udp dport 53 accept',
      'add set ip6 t allowed { type ipv6_addr; flags interval; }',
      'add element ip6 t allowed { 2001:db8::/32, fd00::1 }',
    ].join('\n');
    const { model, errors } = parseNftables(text, 'f');
    assert.deepEqual(errors, []);
    assert.equal(model.tables.length, 1);
    assert.equal(model.tables[0]!.chains[0]!.base!.priority, -5);
    assert.deepEqual(texts(model, 't', 'input'), ['ct state established accept', 'udp dport 53 accept', 'tcp dport 22 accept', 'tcp dport 80 accept']);
    assert.equal(model.tables[0]!.sets[0]!.elements.length, 2);
  });

  test('variables holding sets are flattened inside sets, as nft does', () => {
    const { model, errors } = parseNftables(fixture('nested-variables.conf'), 'f');
    assert.deepEqual(errors, []);
    assert.deepEqual(texts(model, 'f', 'input'), ['ip saddr { 10.0.0.0/8, 192.168.0.0/16, 100.64.0.0/10 } tcp dport 5432 accept', 'ip saddr @trusted tcp dport 6379 accept']);
    assert.deepEqual(model.tables[0]!.sets[0]!.elements.map((e) => (e.kind === 'literal' ? e.text : '?')), ['10.0.0.0/8', '192.168.0.0/16', '172.16.0.0/12']);
  });

  test('priorities by name and offset', () => {
    assert.equal(parseNftPriority('filter'), 0);
    assert.equal(parseNftPriority('raw'), -300);
    assert.equal(parseNftPriority('mangle - 10'), -160);
    assert.equal(parseNftPriority('filter+10'), 10);
    assert.equal(parseNftPriority('-150'), -150);
    assert.equal(parseNftPriority('sideways'), null);
  });

  test('expressions: negation, ranges, concatenations, bitwise, fib, rates and effects', () => {
    const { model, errors } = parseNftables(
      [
        'table inet f { chain c {',
        '  ip saddr != { 10.0.0.0/8, 192.168.0.0/16 } tcp dport 1000-2000 drop',
        '  ip saddr . tcp dport @pairs accept',
        '  tcp flags & (fin|syn|rst|ack) != syn ct state new drop',
        '  fib saddr . iif oif missing drop',
        '  ct count over 20 reject with tcp reset',
        '  meta mark set 0x1 iifname "wg*" accept',
        '  limit rate over 10/second burst 5 packets drop',
        '  tcp option maxseg size set rt mtu',
        '  ip daddr 10.0.0.1 tcp dport 80 dnat to 10.0.0.2:8080',
        '} }',
      ].join('\n'),
      'f',
    );
    assert.deepEqual(errors, []);
    const r = rulesOf(model, 'f', 'c').map((x) => x.statements);
    assert.deepEqual(r[0]![0], { kind: 'match', left: 'ip saddr', op: '!=', right: [{ kind: 'literal', text: '10.0.0.0/8' }, { kind: 'literal', text: '192.168.0.0/16' }] });
    assert.deepEqual(r[0]![1], { kind: 'match', left: 'tcp dport', op: '==', right: [{ kind: 'literal', text: '1000-2000' }] });
    assert.equal((r[1]![0] as { left: string }).left, 'ip saddr . tcp dport');
    assert.equal((r[2]![0] as { left: string }).left, 'tcp flags & (fin|syn|rst|ack)');
    assert.deepEqual(r[3]![0], { kind: 'match', left: 'fib saddr . iif oif', op: '==', right: [{ kind: 'literal', text: 'missing' }] });
    assert.equal(r[4]![0]!.kind, 'rate');
    assert.deepEqual(r[4]![1], { kind: 'verdict', verdict: { kind: 'reject' } });
    assert.equal(r[5]![0]!.kind, 'effect');
    assert.deepEqual(r[5]![1], { kind: 'match', left: 'meta iifname', op: '==', right: [{ kind: 'literal', text: 'wg*' }] });
    assert.equal(r[6]![0]!.kind, 'rate');
    assert.equal(r[7]![0]!.kind, 'effect');
    assert.equal(r[8]![2]!.kind, 'effect');
  });

  test('comments everywhere, CRLF, line continuation, chain declared twice', () => {
    const { model, errors } = parseNftables(fixture('comments-crlf.conf'), 'f');
    assert.deepEqual(errors, []);
    assert.deepEqual(texts(model, 'filter', 'input'), ['meta iif lo accept', 'tcp dport 22 accept', 'tcp dport 443 accept']);
    assert.equal(model.tables[0]!.chains[0]!.base!.policy, 'drop');
  });

  test('an unclosed brace is reported and what precedes it is read', () => {
    const { model, errors } = parseNftables(fixture('broken-unclosed.conf'), 'f');
    assert.ok(errors.some((e) => /never closed/.test(e.message)));
    assert.ok(model.tables.length === 1);
  });

  test('unknown statements and bad values are errors with their line', () => {
    const { errors } = parseNftables(fixture('unknown-statements.conf'), 'f', { resolveInclude: () => null });
    const at = (n: number) => errors.filter((e) => e.line === n).map((e) => e.message).join(' | ');
    assert.match(at(2), /unknown table statement "frobnicate"/);
    assert.match(at(4), /cannot read priority "sideways"/);
    assert.match(at(4), /policy must be accept or drop/);
    assert.match(at(5), /unknown expression "wibble"/);
    assert.match(at(6), /undefined variable \$UNDEFINED/);
    assert.match(at(7), /jump needs a chain name/);
    assert.match(at(10), /unknown command/);
    assert.match(at(11), /does not exist/);
  });

  test('never throws; errors point at lines of the input', () => {
    const check = (s: string) => {
      const r = parseNftables(s, 'x', { resolveInclude: () => [{ file: 'inc', text: s.slice(0, 20) }] });
      for (const e of r.errors) {
        assert.doesNotMatch(e.message, /could not parse/);
        assert.ok(e.line >= 1);
      }
    };
    fc.assert(fc.property(fc.string(), check), { numRuns: 300 });
    const words = ['table', 'inet', 'ip', 'ip6', 'filter', 'chain', 'input', 'set', 'map', 'type', 'filter', 'hook', 'priority', '0', 'policy', 'drop', 'accept', '{', '}', ';', ',', 'tcp', 'dport', 'saddr', '10.0.0.0/8', '@s', '$v', 'define', 'v', '=', 'vmap', ':', 'jump', 'goto', 'ct', 'state', 'new', 'include', '"f"', '#', '\\', '(', ')', 'add', 'rule', 'flush', 'ruleset', 'elements', 'limit', 'rate', 'fib', 'meta', '!=', '.'];
    const line = fc.array(fc.constantFrom(...words), { maxLength: 14 }).map((w) => w.join(' '));
    fc.assert(fc.property(fc.array(line, { maxLength: 25 }), (ls) => check(ls.join('\n'))), { numRuns: 600 });
  });

  test('a huge file is read quickly', () => {
    const lines = ['table inet f {', ' chain input {', '  type filter hook input priority 0; policy drop;'];
    for (let i = 0; i < 20_000; i++) lines.push(`  ip saddr 203.0.${(i >> 8) & 255}.${i & 255} tcp dport ${1 + (i % 65535)} counter accept`);
    lines.push(' }', '}');
    const started = Date.now();
    const { model, errors } = parseNftables(lines.join('\n'), 'big');
    assert.deepEqual(errors, []);
    assert.equal(rulesOf(model, 'f', 'input').length, 20_000);
    assert.ok(Date.now() - started < 10_000);
  });
});

describe('nft -j list ruleset', () => {
  test('reads the same ruleset as the script it was loaded from', () => {
    const live = parseNftJson(fixture('inet-filter.live.json'), 'nft -j list ruleset');
    assert.deepEqual(live.errors, []);
    const conf = parseNftables(fixture('inet-filter.conf'), 'conf');
    // nft prints service names as numbers and sets in its own order: compare what matters.
    const norm = (s: string) => s.replace('ssh', '22');
    assert.deepEqual(texts(live.model, 'filter', 'db'), texts(conf.model, 'filter', 'db'));
    const liveInput = texts(live.model, 'filter', 'input');
    assert.equal(liveInput.length, 10);
    assert.equal(liveInput[4], norm(texts(conf.model, 'filter', 'input')[4]!));
    assert.deepEqual(live.model.tables[0]!.sets.find((s) => s.name === 'web')!.elements.map((e) => (e.kind === 'literal' ? e.text : '')), ['80', '443']);
    const input = live.model.tables[0]!.chains.find((c) => c.name === 'input')!;
    assert.equal(input.base!.policy, 'drop');
    assert.match(input.rules[0]!.source.text, /^ct state vmap/);
  });

  test('iptables-nft tables show opaque xt matches', () => {
    const { model, errors } = parseNftJson(fixture('iptables-nft.live.json'), 'nft');
    assert.deepEqual(errors, []);
    const r = rulesOf(model, 'filter', 'INPUT');
    assert.deepEqual(r[0]!.statements.filter((s) => s.kind === 'unknown').map((s) => (s as { text: string }).text), ['xt match multiport', 'xt match conntrack']);
    assert.deepEqual(r[1]!.statements[0], { kind: 'match', left: 'meta iifname', op: '!=', right: [{ kind: 'literal', text: 'lo' }] });
  });

  test('malformed JSON and unknown references are errors; never throws', () => {
    assert.match(parseNftJson('{"nftables": [', 'f').errors[0]!.message, /not JSON/);
    assert.match(parseNftJson('[]', 'f').errors[0]!.message, /expected/);
    const e = parseNftJson('{"nftables": [{"rule": {"family": "inet", "table": "x", "chain": "y", "expr": []}}, 3]}', 'f').errors;
    assert.deepEqual(e.map((x) => x.line), [1, 2]);
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.integer(), fc.string(), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.constantFrom('table', 'chain', 'rule', 'set', 'map', 'family', 'name', 'expr', 'match', 'left', 'right', 'op', 'payload', 'vmap', 'elem', 'hook', 'prio', 'policy', 'jump', 'target'), tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(
      fc.property(json, (v) => {
        parseNftJson(JSON.stringify({ nftables: [v, { table: { family: 'inet', name: 'x' } }, v] }), 'f');
      }),
      { numRuns: 500 },
    );
  });
});
