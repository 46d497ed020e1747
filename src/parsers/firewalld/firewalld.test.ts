import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseFirewalldService, parseFirewalldZone } from './firewalld.ts';
import { parseXml } from './xml.ts';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

describe('firewalld XML', () => {
  test('a zone with interfaces, sources, services, ports, protocols and rich rules', () => {
    const { model, errors } = parseFirewalldZone(fixture('rich-rules.xml'), '/etc/firewalld/zones/public.xml');
    assert.deepEqual(errors, []);
    assert.equal(model.target, 'REJECT');
    assert.equal(model.zoneSource.line, 3);
    assert.deepEqual(model.interfaces.map((i) => i.name), ['eth0']);
    assert.deepEqual(model.sources.map((s) => s.address), ['203.0.113.0/24']);
    assert.deepEqual(model.services.map((s) => [s.name, s.source.line]), [['ssh', 8]]);
    assert.deepEqual(model.ports.map((p) => [p.port, p.protocol]), [['8000-8100', 'tcp']]);
    assert.deepEqual(model.protocols.map((p) => p.value), ['gre']);
    const [deny, allow] = model.rules;
    assert.deepEqual({ family: deny!.family, priority: deny!.priority, from: deny!.from, element: deny!.element, action: deny!.action, line: deny!.source.line }, {
      family: 'ipv4',
      priority: -10,
      from: { address: '10.0.0.0/8', invert: true },
      element: { kind: 'service', name: 'postgresql' },
      action: 'drop',
      line: 11,
    });
    assert.deepEqual(allow!.from, { ipset: 'admins', invert: false });
    assert.equal(allow!.action, 'accept');
  });

  test('a service with an include and a destination, CRLF', () => {
    const { model, errors } = parseFirewalldService(fixture('service-crlf.xml'), 'mine.xml');
    assert.deepEqual(errors, []);
    assert.deepEqual(model.ports.map((p) => p.port), ['7000']);
    assert.deepEqual(model.includes, ['http']);
    assert.deepEqual(model.destination, { ipv4: '192.0.2.10' });
  });

  test('broken zone: bad values and unterminated markup are errors with lines', () => {
    const { model, errors } = parseFirewalldZone(fixture('broken.xml'), 'z');
    const at = (n: number) => errors.filter((e) => e.line === n).map((e) => e.message).join(' | ');
    assert.match(at(2), /unknown zone target "SOMETIMES"/);
    assert.match(at(3), /<service> without name/);
    assert.match(at(4), /<port> without protocol/);
    assert.match(at(5), /rule family must be ipv4 or ipv6/);
    assert.match(at(5), /bad rule priority/);
    assert.match(at(6), /more than one action/);
    assert.ok(errors.some((e) => /unterminated comment/.test(e.message)));
    assert.equal(model.target, 'default');
  });

  test('XML reader: entities, CDATA, mismatched tags, second root', () => {
    const r = parseXml('<a x="1 &lt; 2">t&amp;<![CDATA[<raw>]]><b/></c></a><d/>', 'f');
    assert.equal(r.root!.attrs.x, '1 < 2');
    assert.equal(r.root!.text, 't&<raw>');
    assert.deepEqual(r.errors.map((e) => e.message), ['</c> closes <a> of line 1', 'second root element <d>']);
    assert.deepEqual(parseXml('', 'f'), { root: null, errors: [] });
  });

  test('never throws on any input', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        parseFirewalldZone(s, 'z');
        parseFirewalldService(s, 's');
      }),
      { numRuns: 300 },
    );
    const parts = ['<zone>', '</zone>', '<zone target="DROP">', '<service name="ssh"/>', '<port port="1" protocol="tcp"/>', '<rule>', '</rule>', '<accept/>', '<source address="10.0.0.0/8"/>', '<!--', '-->', '<![CDATA[', ']]>', '&amp;', '&#99999999;', '"', "'", '<', '>', '/', '\n'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...parts), { maxLength: 40 }), (xs) => {
        const { model, errors } = parseFirewalldZone(xs.join(''), 'z');
        for (const e of errors) assert.ok(e.line >= 1);
        assert.ok(['default', 'ACCEPT', 'DROP', 'REJECT'].includes(model.target));
      }),
      { numRuns: 500 },
    );
  });
});
