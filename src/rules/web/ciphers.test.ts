import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateCipherString, weakCiphers } from './_ciphers.ts';
import { apacheProtocols } from './_sites.ts';

const SRE =
  'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:DHE-DSS-AES128-GCM-SHA256:kEDH+AESGCM:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA:ECDHE-ECDSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA:DHE-DSS-AES128-SHA256:DHE-RSA-AES256-SHA256:DHE-DSS-AES256-SHA:DHE-RSA-AES256-SHA:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!3DES:!MD5:!PSK';

describe('OpenSSL cipher strings', () => {
  test("the SRE guide's list: ! exclusions apply to suites added before them (kEDH+AESGCM brings ADH, !aNULL removes it)", () => {
    assert.deepEqual([...weakCiphers(SRE).keys()], []);
    assert.ok(!evaluateCipherString(SRE).some((c) => c.name.startsWith('ADH')));
    assert.ok(evaluateCipherString(SRE).some((c) => c.name === 'DHE-RSA-AES256-GCM-SHA384'), 'kEDH+AESGCM adds DHE GCM suites');
  });

  test('nginx and Debian Apache defaults are clean; ALL and MEDIUM are not', () => {
    assert.equal(weakCiphers('HIGH:!aNULL:!MD5').size, 0);
    assert.equal(weakCiphers('HIGH:!aNULL').size, 0);
    assert.deepEqual([...weakCiphers('ALL').keys()].sort(), ['3DES (Sweet32)', 'RC4', 'export-grade', 'no authentication (aNULL)', 'single DES'].sort());
    assert.ok(weakCiphers('HIGH:MEDIUM:!aNULL').has('RC4'));
  });

  test('- removes until added again; ! removes for good', () => {
    assert.ok(weakCiphers('RC4-SHA:-RC4:RC4-SHA').has('RC4'));
    assert.ok(!weakCiphers('RC4-SHA:!RC4:RC4-SHA').has('RC4'));
    assert.equal(evaluateCipherString('AES128-SHA:+AES128-SHA').length, 1);
  });

  test('separators, @STRENGTH and unknown names', () => {
    assert.equal(evaluateCipherString('AES128-SHA, AES256-SHA AES128-SHA @STRENGTH').length, 2);
    assert.equal(evaluateCipherString('NOPE:@SECLEVEL=2').length, 0);
  });
});

describe('Apache SSLProtocol', () => {
  test('all, +, - and the replacing bare token', () => {
    assert.deepEqual(apacheProtocols('all -SSLv3'), ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(apacheProtocols('-all +TLSv1.2 +TLSv1.3'), ['TLSv1.2', 'TLSv1.3']);
    assert.deepEqual(apacheProtocols('TLSv1.2 TLSv1.3'), ['TLSv1.3'], 'a bare protocol replaces what came before');
    assert.deepEqual(apacheProtocols('all -TLSv1 -TLSv1.1'), ['TLSv1.2', 'TLSv1.3']);
  });
});
