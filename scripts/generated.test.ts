import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { staleDocs } from './gen-docs.ts';
import { factsRegistry, probeRulesRegistry, rulesRegistry } from './gen-registry.ts';
import { VERSION } from '../src/core/version.ts';

test('the rule reference in docs/rules is generated from the metadata and up to date', () => {
  assert.deepEqual(staleDocs(), [], 'run `npm run gen`');
});

test('the fact and rule registries are up to date with the folders', () => {
  assert.equal(readFileSync(new URL('../src/facts/index.generated.ts', import.meta.url), 'utf8'), factsRegistry());
  assert.equal(readFileSync(new URL('../src/rules/index.generated.ts', import.meta.url), 'utf8'), rulesRegistry());
  assert.equal(readFileSync(new URL('../src/rules/probe-rules.generated.ts', import.meta.url), 'utf8'), probeRulesRegistry());
});

test('the version in the code is the package version', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
});
