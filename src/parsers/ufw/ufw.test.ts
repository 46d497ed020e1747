import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseShellAssignments, ufwYes } from './ufw.ts';

test('ufw settings: quoting, comments, export, last assignment wins', () => {
  const text = [
    '# /etc/default/ufw',
    'IPV6=yes',
    'DEFAULT_INPUT_POLICY="DROP"',
    "DEFAULT_OUTPUT_POLICY='ACCEPT' # trailing comment",
    'export IPT_MODULES=""',
    'NAME="a \\"quoted\\" word"#notacomment',
    'IPV6=no',
    'not an assignment',
    'BROKEN="unterminated',
  ].join('\r\n');
  const { model, errors } = parseShellAssignments(text, '/etc/default/ufw');
  assert.equal(model.values.get('DEFAULT_INPUT_POLICY')!.value, 'DROP');
  assert.equal(model.values.get('DEFAULT_OUTPUT_POLICY')!.value, 'ACCEPT');
  assert.equal(model.values.get('IPT_MODULES')!.value, '');
  assert.equal(model.values.get('NAME')!.value, 'a "quoted" word#notacomment');
  assert.equal(model.values.get('IPV6')!.value, 'no');
  assert.equal(model.values.get('IPV6')!.source.line, 7);
  assert.equal(ufwYes(model.values.get('IPV6')), false);
  assert.deepEqual(errors.map((e) => e.line), [8, 9]);
});

test('never throws', () => {
  fc.assert(fc.property(fc.string(), (s) => {
    const r = parseShellAssignments(s, 'f');
    for (const a of r.model.values.values()) assert.ok(a.source.line >= 1);
  }));
});
