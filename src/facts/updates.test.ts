import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import fc from 'fast-check';
import { RootDirTarget } from '../target/root-dir.ts';
import type { Target } from '../target/target.ts';
import { collectFact, LiveRootDirTarget, tempTree } from './_testing.ts';
import updatesFact, { compareVersions, iniOption, kernelImages, osFamily } from './updates.ts';
import type { PackagesFacts } from './packages.ts';

const noPackages: PackagesFacts = { dpkg: false, installed: new Map(), pathCount: 0, usrMerged: false, owns: () => false };

async function collect(target: Target) {
  const { facts } = await collectFact(updatesFact, target, { others: { packages: { collect: async () => noPackages } } });
  return facts;
}

describe('compareVersions', () => {
  test('dpkg ordering rules', () => {
    assert.ok(compareVersions('6.1.0-18-amd64', '6.1.0-21-amd64') < 0);
    assert.ok(compareVersions('1.0~rc1', '1.0') < 0);
    assert.ok(compareVersions('1:0.9', '2.0') > 0);
    assert.ok(compareVersions('1.0a', '1.0+') < 0);
    assert.equal(compareVersions('1.01', '1.1'), 0);
    assert.ok(compareVersions('5.14.0-427.13.1.el9_4.x86_64', '5.14.0-362.8.1.el9_3.x86_64') > 0);
  });

  const dpkg = ['/usr/bin/dpkg', '/bin/dpkg'].find((p) => fs.existsSync(p));
  test('agrees with dpkg --compare-versions', { skip: !dpkg && !process.env.CI ? 'dpkg is not installed' : false }, () => {
    const part = fc.stringMatching(/^[0-9][0-9a-z.+~]{0,6}$/);
    const version = fc.tuple(fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }), part, fc.option(fc.stringMatching(/^[0-9a-z.+~]{1,5}$/), { nil: undefined })).map(
      ([e, u, r]) => `${e !== undefined ? `${e}:` : ''}${u}${r !== undefined ? `-${r}` : ''}`,
    );
    fc.assert(
      fc.property(version, version, (a, b) => {
        const ours = Math.sign(compareVersions(a, b));
        const lt = (() => {
          try {
            execFileSync(dpkg!, ['--compare-versions', a, 'lt', b]);
            return true;
          } catch {
            return false;
          }
        })();
        const eq = (() => {
          try {
            execFileSync(dpkg!, ['--compare-versions', a, 'eq', b]);
            return true;
          } catch {
            return false;
          }
        })();
        assert.equal(ours, lt ? -1 : eq ? 0 : 1, `${a} vs ${b}`);
      }),
      { numRuns: 60 },
    );
  });
});

describe('helpers', () => {
  test('osFamily from ID and ID_LIKE', () => {
    const os = (id: string, idLike: string[] = []) => ({ id, idLike, versionId: '1', prettyName: '' });
    assert.equal(osFamily(os('debian')), 'debian');
    assert.equal(osFamily(os('linuxmint', ['ubuntu'])), 'debian');
    assert.equal(osFamily(os('rocky', ['rhel', 'centos', 'fedora'])), 'rhel');
    assert.equal(osFamily(os('alpine')), 'other');
    assert.equal(osFamily(null), null);
  });
  test('iniOption reads one section only', () => {
    const text = '[emitters]\napply_updates = yes\n[commands]\n# apply_updates = yes\napply_updates = no\n';
    assert.deepEqual(iniOption(text, 'f', 'commands', 'apply_updates')?.value, 'no');
    assert.equal(iniOption(text, 'f', 'commands', 'apply_updates')?.source?.line, 5);
    assert.equal(iniOption(text, 'f', 'base', 'x'), null);
  });
  test('kernelImages sorts by version and drops rescue images', () => {
    const k = kernelImages(['/boot/vmlinuz-6.1.0-9-amd64', '/boot/vmlinuz-6.1.0-21-amd64', '/boot/vmlinuz-0-rescue-0123abcd', '/boot/vmlinuz-6.1.0-18-amd64']);
    assert.deepEqual(
      k.map((x) => x.version),
      ['6.1.0-9-amd64', '6.1.0-18-amd64', '6.1.0-21-amd64'],
    );
  });
});

describe('collect', () => {
  test('offline: reboot flag, dnf and yum settings, no running kernel', async () => {
    const dir = tempTree({
      'etc/os-release': 'ID=rocky\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.4"\n',
      'etc/dnf/automatic.conf': '[commands]\napply_updates = yes\n',
      'var/run/reboot-required': '*** System restart required ***\n',
      'var/run/reboot-required.pkgs': 'libc6\nlibc6\nlinux-image-amd64\n',
      'boot/vmlinuz-5.14.0-362.8.1.el9_3.x86_64': '',
    });
    const f = await collect(new RootDirTarget(dir));
    assert.equal(f.family, 'rhel');
    assert.equal(f.rhelMajor, 9);
    assert.equal(f.dnfAutomaticApply?.value, 'yes');
    assert.equal(f.yumCronApply, null);
    assert.deepEqual(f.rebootRequired, { path: '/var/run/reboot-required', packages: ['libc6', 'linux-image-amd64'] });
    assert.equal(f.runningKernel, null);
    assert.equal(f.kernels.length, 1);
    assert.equal(f.unattendedUpgrades.installed, false);
  });

  test('live: the running kernel comes from uname when /proc is not there', async () => {
    const dir = tempTree({ 'etc/os-release': 'ID=debian\nVERSION_ID="12"\n', 'boot/vmlinuz-6.1.0-21-amd64': '', 'usr/bin/unattended-upgrade': '' });
    const f = await collect(new LiveRootDirTarget(dir, { uname: '6.1.0-18-amd64\n' }));
    assert.deepEqual(f.runningKernel, { version: '6.1.0-18-amd64', source: 'uname -r' });
    assert.ok(compareVersions(f.runningKernel!.version, f.kernels.at(-1)!.version) < 0);
    assert.equal(f.unattendedUpgrades.installed, true);
  });
});
