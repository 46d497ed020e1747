import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseSshdConfig } from './parser.ts';
import { argvSplit, strdelim, trimConfigLine } from './tokenize.ts';
import { KEYWORDS } from './keywords.ts';
import { SshdConfig } from './config.ts';

const BROKEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/broken');
const read = (name: string) => fs.readFileSync(path.join(BROKEN, name), 'utf8');

describe('tokenizer (misc.c strdelim / argv_split)', () => {
  test('strdelim splits on blanks, one "=" and quotes', () => {
    assert.deepEqual(strdelim('PermitRootLogin no', 0), { word: 'PermitRootLogin', rest: 16 });
    assert.deepEqual(strdelim('PermitRootLogin=no', 0), { word: 'PermitRootLogin', rest: 16 });
    assert.deepEqual(strdelim('MaxAuthTries  =  3', 0), { word: 'MaxAuthTries', rest: 17 });
    assert.deepEqual(strdelim('"Port" 22', 0), { word: 'Port', rest: 7 });
    assert.deepEqual(strdelim('Port', 0), { word: 'Port', rest: null });
    assert.equal(strdelim('"Port 22', 0), 'unterminated');
  });

  test('argv_split unquotes, unescapes and stops at a comment', () => {
    assert.deepEqual(argvSplit(`"alice" 'bob' car"ol"`), ['alice', 'bob', 'carol']);
    assert.deepEqual(argvSplit('a\\ b c\\"d "e f"'), ['a b', 'c"d', 'e f']);
    assert.deepEqual(argvSplit('no # comment'), ['no']);
    assert.deepEqual(argvSplit('no#notacomment'), ['no#notacomment']);
    assert.deepEqual(argvSplit('"# quoted" x'), ['# quoted', 'x']);
    assert.equal(argvSplit('"open'), null);
  });

  test('line trimming drops leading blanks and CR, trailing blanks and form feeds', () => {
    assert.equal(trimConfigLine(' \t\rPort 22 \t\r\f'), 'Port 22');
  });
});

describe('parseSshdConfig', () => {
  test('keywords are case-insensitive, aliases resolve, both value syntaxes', () => {
    const { model, errors } = parseSshdConfig('pErMiTrOoTlOgIn=no\nChallengeResponseAuthentication no\nMaxAuthTries = 3\n', 'f');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      model.directives.map((d) => [d.keyword, d.args, d.source.line]),
      [
        ['permitrootlogin', ['no'], 1],
        ['kbdinteractiveauthentication', ['no'], 2],
        ['maxauthtries', ['3'], 3],
      ],
    );
    assert.equal(model.directives[0]!.written, 'pErMiTrOoTlOgIn');
  });

  test('comments everywhere are skipped, a trailing comment is cut from the arguments', () => {
    const { model, errors } = parseSshdConfig(read('comments-everywhere.conf'), 'c');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      model.directives.map((d) => [d.keyword, d.args]),
      [
        ['permitrootlogin', ['no']],
        ['x11forwarding', ['no']],
        ['allowusers', ['alice']],
      ],
    );
  });

  test('CRLF: values lose the CR, evidence shows the line without it', () => {
    const { model, errors } = parseSshdConfig(read('crlf.conf'), 'crlf');
    assert.deepEqual(errors, []);
    assert.deepEqual(model.directives[0]!.args, ['no']);
    assert.equal(model.directives[2]!.source.text, '  PasswordAuthentication yes');
    assert.equal(model.directives[1]!.match?.all, false);
  });

  test('each line sshd refuses gives an error at its line', () => {
    const { errors } = parseSshdConfig(read('refused.conf'), 'r');
    assert.deepEqual(
      errors.map((e) => [e.line, e.message]),
      [
        [2, 'no argument after keyword "PermitRootLogin"'],
        [3, 'Bad configuration option: PermitRootLogins'],
        [4, 'invalid quotes'],
        [5, 'no argument after keyword "Match"'],
        [6, 'Unsupported Match attribute Color: Bad Match condition'],
        [7, "'all' cannot be combined with other Match attributes: Bad Match condition"],
        [8, "Invalid Match address argument '10.0.0.1/8': Bad Match condition"],
      ],
    );
  });

  test('an unterminated quote in the keyword makes sshd skip the line silently', () => {
    const { model, errors } = parseSshdConfig('"PasswordAuthentication no\n', 'q');
    assert.deepEqual(errors, []);
    assert.equal(model.directives.length, 0);
  });

  test('invalid UTF-8 and NUL bytes', () => {
    const { model, errors } = parseSshdConfig(read('invalid-utf8.conf'), 'u');
    assert.equal(model.directives[0]!.keyword, 'port');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /Bad configuration option/);
    const nul = parseSshdConfig('Port 22\nPermitRootLogin\0 yes\n', 'n');
    assert.deepEqual(nul.errors.map((e) => e.line), [2]);
  });

  test('Match lines carry their condition; rest keeps the raw text for commands', () => {
    const { model } = parseSshdConfig('Match User alice,!bob Address 10.0.0.0/8\nForceCommand /bin/echo  "hi" # c\n', 'm');
    assert.deepEqual(model.directives[0]!.match, {
      all: false,
      criteria: [
        { attribute: 'user', patterns: 'alice,!bob' },
        { attribute: 'address', patterns: '10.0.0.0/8' },
      ],
    });
    assert.equal(model.directives[1]!.rest, '/bin/echo  "hi" # c');
  });

  test('a huge input is parsed in linear time', () => {
    const text = 'AcceptEnv LANG LC_*\n'.repeat(200_000);
    const start = Date.now();
    const { model } = parseSshdConfig(text, 'big');
    assert.equal(model.directives.length, 200_000);
    assert.ok(Date.now() - start < 5000);
  });
});

describe('properties', () => {
  const wellFormed = (text: string) => {
    const { model, errors } = parseSshdConfig(text, 'p');
    const lines = text.split('\n').length;
    let last = 0;
    for (const d of model.directives) {
      assert.ok(d.source.line > last && d.source.line <= lines, 'lines increase and exist');
      last = d.source.line;
      assert.ok(d.keyword === null || KEYWORDS.some((k) => k.name === d.keyword));
      assert.ok(!d.source.text.includes('\n'));
    }
    for (const e of errors) assert.ok(e.line >= 1 && e.line <= lines);
    return model;
  };

  test('no string crashes the parser', () => {
    fc.assert(fc.property(fc.string({ maxLength: 400 }), (s) => void wellFormed(s)), { numRuns: 500 });
  });

  const token = fc.oneof(
    fc.constantFrom(...KEYWORDS.map((k) => k.name), 'Match', 'Include', 'PERMITROOTLOGIN', 'unknownkw', 'all', 'User', 'Address'),
    fc.constantFrom('yes', 'no', '=', '"', "'", '#', '\\', '10.0.0.0/8', '*', '!bob', 'prohibit-password', '+ssh-rsa', '-hmac-sha1*', '1m30s', '/etc/ssh/x'),
    fc.string({ maxLength: 6 }),
  );
  const line = fc.tuple(fc.constantFrom('', ' ', '\t', '  '), fc.array(token, { maxLength: 5 }), fc.constantFrom(' ', '\t', '=', ' = '), fc.constantFrom('', '\r', ' # c'));
  const text = fc.array(line, { maxLength: 30 }).map((ls) => ls.map(([ind, toks, sep, end]) => ind + toks.join(sep) + end).join('\n'));

  test('line-structured input parses and evaluates without crashing', () => {
    fc.assert(
      fc.property(text, (t) => {
        const model = wellFormed(t);
        const config = new SshdConfig({ main: 'p', files: new Map([['p', model]]), globs: new Map() });
        for (const k of ['permitrootlogin', 'passwordauthentication', 'ciphers', 'port', 'allowusers', 'hostkey']) {
          const eff = config.effective(k);
          assert.equal(eff[0]!.scope, 'global');
          assert.equal(typeof eff[0]!.value, 'string');
        }
        for (const l of config.listeners()) assert.ok(l.port >= 1 && l.port <= 65535);
        for (const e of config.errors) assert.ok(e.line >= 1);
      }),
      { numRuns: 400 },
    );
  });
});
