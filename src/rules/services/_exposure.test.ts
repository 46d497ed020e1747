import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSystemdIni } from '../../parsers/systemd-ini/systemd-ini.ts';
import { exposure, runsPrivileged, securityInfo } from './_exposure.ts';

const dir = fileURLToPath(new URL('./fixtures/_exposure/', import.meta.url));
const load = (name: string) => parseSystemdIni(readFileSync(dir + name, 'utf8'), dir + name).model;
const units = readdirSync(dir).filter((f) => f.endsWith('.service'));

/** Scores printed by `systemd-analyze security --offline=true` (systemd 252, Debian 12) for the sample units. */
const REFERENCE: Record<string, number> = {
  'app.service': 8.5,
  'bare.service': 9.6,
  'e2scrub_reap.service': 8.7,
  'fail2ban.service': 9.6,
  'fstrim.service': 7.0,
  'hard.service': 0.4,
  'man-db.service': 6.7,
  'mid.service': 4.6,
  'nodd.service': 7.1,
  'systemd-journald.service': 4.3,
  'systemd-logind.service': 3.0,
  'systemd-networkd.service': 2.8,
};

describe('exposure score', () => {
  test('matches the scores systemd-analyze gave for the sample units', () => {
    assert.deepEqual(units.sort(), Object.keys(REFERENCE).sort());
    for (const u of units) assert.equal(exposure([load(u)]).score, REFERENCE[u], u);
  });

  test('levels follow systemd-analyze', () => {
    assert.equal(exposure([load('bare.service')]).level, 'UNSAFE');
    assert.equal(exposure([load('hard.service')]).level, 'SAFE');
    assert.equal(exposure([load('mid.service')]).level, 'OK');
  });

  test('DynamicUser= implies the strict sandbox; drop-ins apply in order', () => {
    const main = parseSystemdIni('[Service]\nExecStart=/x\nDynamicUser=yes\n', 'main').model;
    const i = securityInfo([main]);
    assert.equal(i.protectSystem, 'strict');
    assert.equal(i.protectHome, 'read-only');
    assert.ok(i.bools.PrivateTmp && i.bools.NoNewPrivileges);
    assert.equal(runsPrivileged(i), false);
    const dropIn = parseSystemdIni('[Service]\nDynamicUser=no\nUser=root\n', 'dropin').model;
    assert.equal(runsPrivileged(securityInfo([main, dropIn])), true);
  });

  test('capability bounding set: lists, ~lists and the empty reset', () => {
    const caps = (text: string) => securityInfo([parseSystemdIni(`[Service]\n${text}`, 'f').model]).capabilityBoundingSet;
    assert.deepEqual([...caps('CapabilityBoundingSet=CAP_NET_BIND_SERVICE CAP_CHOWN\n')].sort(), ['CHOWN', 'NET_BIND_SERVICE']);
    assert.ok(!caps('CapabilityBoundingSet=~CAP_SYS_ADMIN\n').has('SYS_ADMIN'));
    assert.ok(caps('CapabilityBoundingSet=~CAP_SYS_ADMIN\n').has('CHOWN'));
    assert.equal(caps('CapabilityBoundingSet=\n').size, 0);
    assert.ok(!caps('PrivateDevices=yes\n').has('MKNOD'));
  });
});

describe('differential: systemd-analyze security --offline', () => {
  const bin = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));
  const skip = !bin && !process.env.CI ? 'systemd-analyze is not installed' : false;
  test('the same overall exposure for every sample unit', { skip }, () => {
    for (const u of units) {
      const out = execFileSync(bin!, ['security', '--offline=true', '--no-pager', dir + u], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, SYSTEMD_COLORS: '0' } });
      const m = /Overall exposure level for \S+: (\d+\.\d)/.exec(out);
      assert.ok(m, `systemd-analyze printed a score for ${u}`);
      assert.equal(exposure([load(u)]).score, Number(m[1]), u);
    }
  });
});
