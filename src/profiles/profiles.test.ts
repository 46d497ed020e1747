import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { guidelineText } from '../core/guidelines.ts';
import { rules } from '../rules/index.generated.ts';
import { isHostRule } from './baseline.ts';
import { automation, DEFAULT_PROFILE, findProfile, profileHostRules, profileParams, profileRuleIds, PROFILES } from './index.ts';

const byId = new Map(rules.map((r) => [r.meta.id, r]));

/** Where a section starts in the document: its heading line, else its first mention. */
function sectionPosition(text: string, section: string): number {
  const lines = text.split('\n');
  let offset = 0;
  for (const line of lines) {
    if (line.trim() === section) return offset;
    offset += line.length + 1;
  }
  return text.indexOf(section);
}

describe('profiles', () => {
  test('names are unique, baseline is the default and one profile exists per guideline document', () => {
    const names = PROFILES.map((p) => p.name);
    assert.equal(new Set(names).size, names.length);
    assert.equal(findProfile(DEFAULT_PROFILE)?.name, 'baseline');
    const docs = PROFILES.map((p) => p.guideline).filter(Boolean).sort();
    assert.deepEqual(docs, ['000_a8be9711ada6c275.txt', '001_d9d200db3ee7c4e1.txt', '002_52c88f5fb2d0dec9.txt', '003_3ee6c2d8469499be.txt', '004_505672b286b27604.txt']);
  });

  test('baseline holds every host rule and no probe rule', () => {
    const baseline = findProfile('baseline')!;
    const expected = rules.filter(isHostRule).map((r) => r.meta.id).sort();
    assert.deepEqual(profileRuleIds(baseline).sort(), expected);
    assert.ok(expected.length > 100);
  });

  for (const profile of PROFILES) {
    describe(profile.name, () => {
      test('items have unique ids, text, and either rules or a manual reason', () => {
        const ids = profile.items.map((i) => i.id);
        assert.equal(new Set(ids).size, ids.length, 'unique item ids');
        for (const item of profile.items) {
          assert.ok(item.text.trim().length > 10, `${item.id}: says what is recommended`);
          if (item.manual !== undefined) assert.ok(item.manual.trim().length > 10, `${item.id}: gives the reason it is manual`);
          else assert.ok(Array.isArray(item.rules), `${item.id}: lists rules`);
        }
      });

      test('every referenced rule exists', () => {
        for (const item of profile.items) for (const id of item.rules ?? []) assert.ok(byId.has(id), `${item.id}: rule ${id} exists`);
      });

      test('every parameter set is declared by a rule of the same item, and no two items disagree', () => {
        const seen = new Map<string, string>();
        for (const item of profile.items) {
          for (const [name, value] of Object.entries(item.params ?? {})) {
            assert.ok(
              (item.rules ?? []).some((id) => byId.get(id)?.meta.params?.[name] !== undefined),
              `${item.id}: parameter ${name} belongs to one of its rules`,
            );
            const json = JSON.stringify(value);
            assert.ok(!seen.has(name) || seen.get(name) === json, `${item.id}: parameter ${name} agrees with earlier items`);
            seen.set(name, json);
          }
        }
      });

      if (profile.guideline !== undefined) {
        const text = guidelineText(profile.guideline);
        test('sections are real headings of the document, in the document order', { skip: text === undefined ? 'guideline documents not found' : false }, () => {
          let last = -1;
          for (const item of profile.items) {
            const at = sectionPosition(text!, item.section);
            assert.ok(at >= 0, `${item.id}: section "${item.section}" appears in ${profile.guideline}`);
            assert.ok(at >= last, `${item.id}: section "${item.section}" follows the previous item's section`);
            last = at;
          }
        });

        test('the automated share counts items with rules among all items and among checkable ones', () => {
          const a = automation(profile);
          const withRules = profile.items.filter((i) => (i.rules ?? []).length > 0).length;
          assert.equal(a.automated, withRules);
          assert.equal(a.share, withRules / profile.items.length);
          assert.equal(a.checkableShare, withRules / (profile.items.length - a.manual));
        });
      }
    });
  }

  test('the rules audit runs for a profile are its host rules', () => {
    const sre = findProfile('sre')!;
    const host = profileHostRules(sre).map((r) => r.meta.id);
    assert.ok(host.includes('web-hsts'));
    assert.ok(!host.some((id) => id.startsWith('probe-')));
    assert.deepEqual(new Set(host), new Set(profileRuleIds(sre).filter((id) => !id.startsWith('probe-'))));
  });

  test('the SRE profile carries the guide\'s ports and subnet, the Picasoft one its retention', () => {
    assert.deepEqual(profileParams(findProfile('sre')!).allowedPorts, [22, 8080]);
    assert.ok((profileParams(findProfile('sre')!).trustedNetworks as string[]).includes('10.0.0.0/16'));
    assert.equal(profileParams(findProfile('picasoft')!).logRetentionDays, 30);
  });
});
