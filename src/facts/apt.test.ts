import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectFact, tempTree } from './_testing.ts';
import aptFact from './apt.ts';

const collect = (files: Record<string, string>) => collectFact(aptFact, tempTree(files));

test('sources in apt order, ignored names skipped, deb822 and one-line together', async () => {
  const { facts, diagnostics } = await collect({
    'etc/apt/sources.list': 'deb http://deb.debian.org/debian bookworm main\n',
    'etc/apt/sources.list.d/b.sources': 'Types: deb\nURIs: https://b.example/\nSuites: stable\nComponents: main\n',
    'etc/apt/sources.list.d/a.list': 'deb https://a.example/ stable main\n',
    'etc/apt/sources.list.d/c.list.save': 'deb [trusted=yes] http://c.example/ stable main\n',
    'etc/apt/sources.list.d/d.list.distUpgrade': 'deb http://d.example/ stable main\n',
  });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(facts.sourceFiles, ['/etc/apt/sources.list', '/etc/apt/sources.list.d/a.list', '/etc/apt/sources.list.d/b.sources']);
  assert.deepEqual(
    facts.sources.map((s) => s.uris[0]),
    ['http://deb.debian.org/debian', 'https://a.example/', 'https://b.example/'],
  );
});

test('configuration: parts in order, apt.conf last, #include followed, #clear applied, errors reported', async () => {
  const { facts, diagnostics } = await collect({
    'etc/apt/apt.conf.d/10first': 'APT::Periodic::Unattended-Upgrade "0";\nUnattended-Upgrade::Origins-Pattern { "o=Debian"; };\n',
    'etc/apt/apt.conf.d/20second': '#include "/etc/apt/extra.conf";\n#clear Unattended-Upgrade::Origins-Pattern;\n',
    'etc/apt/extra.conf': 'APT::Periodic::Update-Package-Lists "1";\n',
    'etc/apt/apt.conf.d/30bad.conf': 'APT::Get::Assume-Yes "true" junk;\n',
    'etc/apt/apt.conf.d/40ignored.bak': 'APT::Periodic::Unattended-Upgrade "7";\n',
    'etc/apt/apt.conf': 'APT::Periodic::Unattended-Upgrade "1";\n',
  });
  assert.equal(facts.config.get('APT::Periodic::Unattended-Upgrade')?.source.file, '/etc/apt/apt.conf');
  assert.equal(facts.config.get('APT::Periodic::Update-Package-Lists')?.source.file, '/etc/apt/extra.conf');
  assert.deepEqual(facts.config.list('Unattended-Upgrade::Origins-Pattern'), []);
  assert.deepEqual(facts.configFiles, ['/etc/apt/apt.conf.d/10first', '/etc/apt/apt.conf.d/20second', '/etc/apt/extra.conf', '/etc/apt/apt.conf.d/30bad.conf', '/etc/apt/apt.conf']);
  assert.deepEqual(diagnostics.map((d) => [d.path, d.line]), [['/etc/apt/apt.conf.d/30bad.conf', 1]]);
});

test('no /etc/apt: not an APT system', async () => {
  const { facts } = await collect({ 'etc/os-release': 'ID=alpine\n' });
  assert.equal(facts.present, false);
  assert.deepEqual(facts.sources, []);
});
