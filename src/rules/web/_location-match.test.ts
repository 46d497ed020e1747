import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseNginx } from '../../parsers/nginx/parser.ts';
import { compileNginxRegex, locationLabel, locationTree, matchLocation, parseLocationArgs, type LocationMatch } from './_location-match.ts';

/** The locations of a server body given as nginx text. */
function server(body: string) {
  const { model, errors } = parseNginx(`server {\n${body}\n}\n`, '/etc/nginx/test.conf');
  assert.deepEqual(errors, []);
  return locationTree(model.directives[0]!.block!);
}

/** What nginx does with the URI, as a short string: "location = /x", "server", "redirect location /d/". */
function pick(body: string, uri: string): string {
  return describeMatch(matchLocation(server(body), uri));
}

function describeMatch(m: LocationMatch): string {
  if (m.kind === 'redirect') return `redirect ${locationLabel(m.location)}`;
  if (m.kind === 'undecidable') return `undecidable ${locationLabel(m.location)}`;
  return m.location ? locationLabel(m.location) : 'server';
}

describe('location arguments', () => {
  test('both spellings of each modifier', () => {
    assert.deepEqual(parseLocationArgs(['=', '/x']), { kind: 'exact', name: '/x' });
    assert.deepEqual(parseLocationArgs(['=/x']), { kind: 'exact', name: '/x' });
    assert.deepEqual(parseLocationArgs(['^~/x']), { kind: 'noregex', name: '/x' });
    assert.deepEqual(parseLocationArgs(['~*\\.php$']), { kind: 'regex-caseless', name: '\\.php$' });
    assert.deepEqual(parseLocationArgs(['~', '^/a']), { kind: 'regex', name: '^/a' });
    assert.deepEqual(parseLocationArgs(['@app']), { kind: 'named', name: '@app' });
    assert.deepEqual(parseLocationArgs(['/x/']), { kind: 'prefix', name: '/x/' });
    assert.equal(parseLocationArgs(['!', '/x']), null);
    assert.equal(parseLocationArgs([]), null);
  });
});

describe('nginx location selection', () => {
  test('an exact location wins only for the very URI', () => {
    const conf = 'location = /api { return 200; } location /api { return 200; } location ~ ^/api { return 200; }';
    assert.equal(pick(conf, '/api'), 'location = /api');
    assert.equal(pick(conf, '/api/x'), 'location ~ ^/api');
  });

  test('the longest prefix wins whatever the order', () => {
    const conf = 'location / { } location /api/v1/ { } location /api/ { } location /api/v1/Ch { }';
    assert.equal(pick(conf, '/api/v1/Challenges'), 'location /api/v1/Ch');
    assert.equal(pick(conf, '/api/v1/Identities'), 'location /api/v1/');
    assert.equal(pick(conf, '/api/v2'), 'location /api/');
    assert.equal(pick(conf, '/index.html'), 'location /');
  });

  test('the first matching regex beats any prefix; ^~ stops the regexes', () => {
    const conf = 'location /api/ { } location ~ /api/v1 { } location ~ /api { } location ^~ /static/ { } location ~ \\.js$ { }';
    assert.equal(pick(conf, '/api/v1/x'), 'location ~ /api/v1');
    assert.equal(pick(conf, '/api/v2'), 'location ~ /api');
    assert.equal(pick(conf, '/static/app.js'), 'location ^~ /static/');
    assert.equal(pick(conf, '/other/app.js'), 'location ~ \\.js$');
  });

  test('prefix matching is case-sensitive; ~* is not', () => {
    const conf = 'location / { } location /api/v1/Challenges { } location ~* ^/API/V1/IDENTITIES { }';
    assert.equal(pick(conf, '/api/v1/challenges'), 'location /');
    assert.equal(pick(conf, '/api/v1/Challenges'), 'location /api/v1/Challenges');
    assert.equal(pick(conf, '/api/v1/identities'), 'location ~* ^/API/V1/IDENTITIES');
  });

  test('without any match the server level answers', () => {
    assert.equal(pick('location /api/ { } location ~ \\.php$ { }', '/index.html'), 'server');
    assert.equal(pick('', '/'), 'server');
  });

  test('nested locations: searched under the longest prefix, then the outer regexes', () => {
    const conf = `
      location /api/ {
        location /api/v1/ { }
        location ~ /api/v1/Challenges$ { }
      }
      location ~ Identities { }`;
    assert.equal(pick(conf, '/api/v1/Challenges'), 'location ~ /api/v1/Challenges$', 'a nested regex ends the search');
    assert.equal(pick(conf, '/api/v1/Identities'), 'location ~ Identities', 'a nested prefix still yields to the outer regexes');
    assert.equal(pick(conf, '/api/v1/Other'), 'location /api/v1/');
    assert.equal(pick(conf, '/api/v2/'), 'location /api/');
  });

  test('^~ on the outer prefix keeps the outer regexes out, not the nested ones', () => {
    const conf = `
      location ^~ /api/ {
        location ~ Challenges { }
      }
      location ~ Identities { }`;
    assert.equal(pick(conf, '/api/v1/Challenges'), 'location ~ Challenges');
    assert.equal(pick(conf, '/api/v1/Identities'), 'location ^~ /api/');
  });

  test('a nested exact location ends the search before the outer regexes', () => {
    const conf = 'location /api/ { location = /api/v1/Challenges { } } location ~ Challenges { }';
    assert.equal(pick(conf, '/api/v1/Challenges'), 'location = /api/v1/Challenges');
    assert.equal(pick(conf, '/api/v1/Challenges/'), 'location ~ Challenges');
  });

  test('locations nested in a regex location', () => {
    const conf = 'location ~ ^/api/ { location /api/v1/ { } location ~ Challenges { } }';
    assert.equal(pick(conf, '/api/v1/Challenges'), 'location ~ Challenges');
    assert.equal(pick(conf, '/api/v1/x'), 'location /api/v1/');
    assert.equal(pick(conf, '/api/v2'), 'location ~ ^/api/');
  });

  test('auto redirect: a *_pass location ending in "/" answers the URI without it', () => {
    assert.equal(pick('location / { } location /api/ { proxy_pass http://127.0.0.1:8080; }', '/api'), 'redirect location /api/');
    assert.equal(pick('location / { } location /api/ { return 200; }', '/api'), 'location /');
    assert.equal(pick('location / { } location = /api/ { grpc_pass 127.0.0.1:9000; }', '/api'), 'redirect location = /api/');
    assert.equal(pick('location / { } location /api/ { proxy_pass http://b; } location = /api { }', '/api'), 'location = /api');
  });

  test("auto redirect follows nginx's tree search, which can miss it", () => {
    // "/api-x" is the tree's root; the search for "/api" goes left of it and never sees "/api/".
    const conf = 'location /ap- { } location /api-x { } location /api/ { proxy_pass http://b; } location ~ ^/api { }';
    assert.equal(pick(conf, '/api'), 'location ~ ^/api');
    assert.equal(pick('location /api-x { } location /api/ { proxy_pass http://b; }', '/api'), 'redirect location /api/');
  });

  test('inside a regex location the nested redirect is not taken (nginx returns NGX_OK)', () => {
    assert.equal(pick('location ~ ^/ { location /api/ { proxy_pass http://b; } }', '/api'), 'location /api/');
  });

  test('a regex garrison cannot reproduce is reported when the search reaches it, only then', () => {
    assert.equal(pick('location / { } location ~ ^/api\\h { }', '/api/v1'), 'undecidable location ~ ^/api\\h');
    assert.equal(pick('location = /api/v1 { } location ~ ^/api\\h { }', '/api/v1'), 'location = /api/v1');
    assert.equal(pick('location ^~ /api/ { } location ~ (?>a) { }', '/api/v1'), 'location ^~ /api/');
    assert.equal(pick('location ~ ^/api/ { } location ~ (?>a) { }', '/api/v1'), 'location ~ ^/api/');
  });

  test('names outside ASCII compare as bytes', () => {
    assert.equal(pick('location /é/ { } location /z/ { }', '/é/x'), 'location /é/');
  });
});

describe('PCRE to JavaScript', () => {
  const accepts = (re: string, uri: string, caseless = false): boolean => {
    const r = compileNginxRegex(re, caseless);
    assert.ok(r instanceof RegExp, `${re}: ${String(r)}`);
    return r.test(uri);
  };

  test('common nginx regexes', () => {
    assert.ok(accepts('^/api/v1/(Challenges|Identities)$', '/api/v1/Identities'));
    assert.ok(accepts('\\.(css|js|svg|woff2?)$', '/a/b.woff2'));
    assert.ok(accepts('^/(?:index|remote)\\.php(?:$|/)', '/remote.php/dav'));
    assert.ok(accepts('^/api/', '/API/x', true));
    assert.ok(!accepts('^/api/', '/API/x'));
  });

  test('PCRE spellings are translated', () => {
    assert.ok(accepts('(?i)^/api', '/API'));
    assert.ok(accepts('^/(?P<ver>v[0-9]+)/(?P=ver)$', '/v1/v1'));
    assert.ok(accepts("^/(?'ver'v1)/", '/v1/'));
    assert.ok(accepts('^/[[:alpha:]]+[[:digit:]]$', '/abc1'));
    assert.ok(!accepts('^/[[:alpha:]]+$', '/ab:'));
    assert.ok(accepts('\\A/api\\z', '/api'));
    assert.ok(accepts('^/[]a]$', '/]'), 'a "]" first in a class is a literal');
    assert.ok(accepts('^/[^]a]$', '/b'));
    assert.ok(!accepts('^/[^]a]$', '/]'));
    assert.ok(accepts('^/\\x41$', '/A'));
  });

  test('constructs that could behave differently are refused', () => {
    for (const re of ['\\h', '\\Qa.b\\E', 'a(?>b)', 'a++', '(?i:a)', 'a(?i)b', '[[:^alpha:]]', '\\p{L}', '\\v', '\\x{41}', '(?#note)', 'a\\']) {
      assert.equal(typeof compileNginxRegex(re, false), 'string', re);
    }
  });
});

describe('robustness', () => {
  const location = fc.record({
    mod: fc.constantFrom('', '= ', '^~ ', '~ ', '~* ', '@'),
    name: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('/', '/a', '/a/', '/ab', '^/a', '(?P<x>a)', '[[:alpha:]]', '\\h', 'a++', '[')),
    pass: fc.boolean(),
  });
  const all = (nodes: ReturnType<typeof locationTree>): ReturnType<typeof locationTree> => nodes.flatMap((n) => [n, ...all(n.children)]);

  test('any locations and any URI: no exception, and the result is one of the locations', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(location, fc.array(location, { maxLength: 3 })), { maxLength: 8 }), fc.string({ maxLength: 16 }), (locs, uri) => {
        const text = locs
          .map(([l, inner]) => {
            const nested = inner.map((c) => `location ${c.mod}${JSON.stringify(c.name)} { ${c.pass ? 'proxy_pass http://b;' : ''} }`).join(' ');
            return `location ${l.mod}${JSON.stringify(l.name)} { ${l.pass ? 'proxy_pass http://b;' : ''} ${nested} }`;
          })
          .join('\n');
        const { model } = parseNginx(`server {\n${text}\n}\n`, '/t.conf');
        const tree = locationTree(model.directives[0]?.block ?? []);
        const m = matchLocation(tree, `/${uri}`);
        if (m.location !== null) assert.ok(all(tree).includes(m.location));
        if (m.kind === 'redirect') assert.ok(m.location.autoRedirect);
      }),
      { numRuns: 300 },
    );
  });

  test('compileNginxRegex never throws', () => {
    fc.assert(
      fc.property(fc.string(), fc.boolean(), (re, caseless) => {
        const r = compileNginxRegex(re, caseless);
        assert.ok(r instanceof RegExp || typeof r === 'string');
      }),
    );
  });
});
