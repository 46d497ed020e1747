import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addrMatchList, matchesConnection, matchPatternList, parseMatchCondition } from './match.ts';

test('pattern lists: wildcards, negation wins, host names compared in lower case', () => {
  assert.equal(matchPatternList('alice', 'a*,!bob', false), 1);
  assert.equal(matchPatternList('bob', 'b?b,!bob', false), -1);
  assert.equal(matchPatternList('carol', 'alice,bob', false), 0);
  const cond = parseMatchCondition('Host *.Example.ORG User !root,*');
  assert.ok('condition' in cond);
  assert.equal(matchesConnection(cond.condition, { host: 'WWW.example.org', user: 'bob' }), true);
  assert.equal(matchesConnection(cond.condition, { host: 'www.example.org', user: 'root' }), false);
  assert.equal(matchesConnection(cond.condition, { user: 'bob' }), false, 'a missing attribute never matches');
});

test('address lists: CIDR, wildcards, negation, invalid masks', () => {
  assert.equal(addrMatchList('10.1.2.3', '10.0.0.0/8'), 1);
  assert.equal(addrMatchList('10.1.2.3', '!10.1.2.3,10.0.0.0/8'), -1);
  assert.equal(addrMatchList('192.168.1.7', '192.168.1.*'), 1);
  assert.equal(addrMatchList('2001:db8::1', '2001:db8::/32'), 1);
  assert.equal(addrMatchList('::ffff:10.0.0.1', '10.0.0.0/8'), 0);
  assert.equal(addrMatchList(null, '10.0.0.1/8'), -2, 'host bits beyond the mask');
  assert.equal(addrMatchList(null, '10.0.0.0/33'), -2);
  assert.equal(addrMatchList('not-an-address', '10.0.0.0/8'), 0);
});

test('Match conditions: all, LocalPort, errors', () => {
  assert.deepEqual(parseMatchCondition('all # everyone'), { condition: { all: true } });
  const lp = parseMatchCondition('LocalPort 2222');
  assert.ok('condition' in lp);
  assert.equal(matchesConnection(lp.condition, { lport: 2222 }), true);
  assert.deepEqual(parseMatchCondition('LocalPort http'), { error: "Invalid LocalPort 'http' on Match line" });
  assert.deepEqual(parseMatchCondition('User'), { error: 'Missing Match criteria for User' });
  assert.deepEqual(parseMatchCondition('# only a comment'), { error: 'One or more attributes required for Match' });
  const grp = parseMatchCondition('Group admins,!banned');
  assert.ok('condition' in grp);
  assert.equal(matchesConnection(grp.condition, { user: 'a', groups: ['users', 'admins'] }), true);
  assert.equal(matchesConnection(grp.condition, { user: 'a', groups: ['admins', 'banned'] }), false);
});
