import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseAuditRules } from './audit-rules.ts';
import type { AuditSyscallRule, AuditWatch } from './audit-rules.ts';
import { parseAuditKeyValue } from './key-value.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8');

describe('parseAuditRules', () => {
  test('a full policy: control, exclusions, execve for both arches, watches, -e 2', () => {
    const { model, errors } = parseAuditRules(fixture('picasoft.rules'), '/etc/audit/rules.d/50-picasoft.rules');
    assert.deepEqual(errors, []);
    const controls = model.commands.filter((c) => c.kind === 'control').map((c) => [c.option, c.value]);
    assert.deepEqual(controls, [
      ['D', null],
      ['b', '8192'],
      ['backlog_wait_time', '60000'],
      ['f', '1'],
      ['e', '2'],
    ]);
    const rules = model.commands.filter((c): c is AuditSyscallRule => c.kind === 'syscall');
    assert.deepEqual(rules.map((r) => [r.action, r.list]), [
      ['always', 'exclude'],
      ['never', 'exit'],
      ['never', 'exit'],
      ['always', 'exit'],
      ['always', 'exit'],
      ['always', 'exit'],
      ['always', 'exit'],
      ['always', 'exit'],
    ]);
    const execve64 = rules[5]!;
    assert.deepEqual(execve64.syscalls, ['execve', 'execveat']);
    assert.deepEqual(execve64.keys, ['execve_rule']);
    assert.deepEqual(execve64.fields, [{ name: 'arch', op: '=', value: 'b64' }]);
    assert.deepEqual(rules[6]!.syscalls, ['execve', 'execveat']);
    assert.deepEqual(rules[3]!.fields[1], { name: 'euid', op: '=', value: '0' });
    assert.equal(rules[3]!.source.line, 14);
    const watches = model.commands.filter((c): c is AuditWatch => c.kind === 'watch');
    assert.deepEqual(watches.map((w) => [w.path, w.perms, w.keys]), [
      ['/etc', 'wa', ['etc_write']],
      ['/lib/systemd/', 'wa', ['systemd_units']],
    ]);
  });

  test('CRLF lines; -p absent means every permission', () => {
    const { model, errors } = parseAuditRules(fixture('crlf.rules') + '-w /var/log/audit/\n', 'c.rules');
    assert.deepEqual(errors, []);
    assert.equal(model.commands.length, 3);
    const w = model.commands[2] as AuditWatch;
    assert.equal(w.perms, 'rwxa');
    assert.equal((model.commands[1] as AuditSyscallRule).source.text, '-a always,exit -F arch=b64 -S execve');
  });

  test('invalid and unknown commands are errors with their line', () => {
    const { model, errors } = parseAuditRules(fixture('broken.rules'), 'b.rules');
    assert.deepEqual(errors.map((e) => e.line), [2, 3, 4, 5, 6, 7, 8, 10]);
    assert.equal(model.commands.length, 0);
  });

  test('property: never throws, lines in range', () => {
    const tok = fc.constantFrom('-a', '-A', '-w', '-W', '-p', 'wa', '-S', 'execve', '-F', 'arch=b64', 'always,exit', 'exit,never', '-k', 'x', '-e', '2', '-D', '#', '/etc');
    const lines = fc.array(fc.array(tok, { maxLength: 8 }).map((t) => t.join(' ')), { maxLength: 20 });
    const check = (text: string) => {
      const { model, errors } = parseAuditRules(text, 'p');
      const n = text.split('\n').length;
      for (const e of errors) assert.ok(e.line >= 1 && e.line <= n);
      for (const c of model.commands) assert.ok(c.source.line >= 1 && c.source.line <= n);
    };
    fc.assert(fc.property(lines, (ls) => check(ls.join('\n'))), { numRuns: 300 });
    fc.assert(fc.property(fc.string(), check), { numRuns: 300 });
  });

  test('large input', () => {
    const text = Array.from({ length: 50000 }, (_, i) => `-w /etc/f${i} -p wa -k k${i}`).join('\n');
    const { model } = parseAuditRules(text, 'big');
    assert.equal(model.commands.length, 50000);
  });
});

describe('parseAuditKeyValue', () => {
  test('plugin file: last assignment wins, comments, bad lines', () => {
    const text = '# remote\nactive = no\ndirection = out\npath = /sbin/audisp-remote\nactive=yes\r\nnot a pair\n';
    const { model, errors } = parseAuditKeyValue(text, '/etc/audit/plugins.d/au-remote.conf');
    assert.equal(model.get('active')?.value, 'yes');
    assert.equal(model.get('active')?.source.line, 5);
    assert.equal(model.get('path')?.value, '/sbin/audisp-remote');
    assert.equal(model.get('missing'), undefined);
    assert.deepEqual(errors.map((e) => e.line), [6]);
  });

  test('property: never throws', () => {
    fc.assert(
      fc.property(fc.string(), (t) => {
        const { model } = parseAuditKeyValue(t, 'p');
        assert.ok(model.entries.every((e) => e.key.length > 0));
      }),
    );
  });
});
