/**
 * Which `location` nginx picks for a request URI, reproduced from nginx's own code
 * (ngx_http_core_find_location() and the static location tree built in ngx_http.c):
 *
 * - exact (`=`) and prefix locations of one level go into a binary tree; the search
 *   returns an exact location equal to the URI at once, else the longest prefix location;
 * - a prefix location's nested locations are searched next, and an exact or regex match
 *   found there ends the search;
 * - unless the longest prefix carries `^~`, the level's regex locations (`~`, `~*`) are
 *   tried in the order of the configuration; the first that matches wins, and its own
 *   nested locations are searched in turn;
 * - `location /dir/ { proxy_pass ...; }` (any *_pass handler, name ending in "/") makes
 *   nginx answer a request for "/dir" with a redirect to "/dir/" (auto_redirect).
 *
 * Regexes are PCRE in nginx and are run here with JavaScript's engine after a careful
 * translation; a pattern whose meaning could differ is reported as undecidable rather than
 * guessed. Matching is case-sensitive, as nginx's is on Linux.
 */
import type { NginxDirective } from '../../parsers/nginx/parser.ts';

export type LocationKind = 'exact' | 'prefix' | 'noregex' | 'regex' | 'regex-caseless' | 'named';

/** One `location` block with its nested locations. */
export interface LocationNode {
  kind: LocationKind;
  /** The URI (exact), the prefix, the regular expression or the @name. */
  name: string;
  directive: NginxDirective;
  /** The enclosing location; null at the server level. */
  parent: LocationNode | null;
  children: LocationNode[];
  /** A request for the name without its trailing "/" is redirected to the name. */
  autoRedirect: boolean;
}

/** The outcome of nginx's search for one URI. */
export type LocationMatch =
  /** The location that handles the request; null when none matches and the server level does. */
  | { kind: 'location'; location: LocationNode | null }
  /** nginx answers with a 301 to the URI plus "/" (auto_redirect of this location). */
  | { kind: 'redirect'; location: LocationNode }
  /** The search reached a regex whose PCRE meaning garrison cannot reproduce. */
  | { kind: 'undecidable'; location: LocationNode; reason: string };

/** Handlers that make a `location /dir/` redirect "/dir" to "/dir/". */
export const PASS_DIRECTIVES = new Set(['proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass', 'grpc_pass']);

/**
 * The kind and name of a location from its arguments, both spellings nginx accepts
 * (`location = /x` and `location =/x`); null for arguments nginx rejects.
 */
export function parseLocationArgs(args: readonly string[]): { kind: LocationKind; name: string } | null {
  if (args.length === 2) {
    const [mod, name] = args as [string, string];
    const kind = ({ '=': 'exact', '^~': 'noregex', '~': 'regex', '~*': 'regex-caseless' } as const)[mod];
    return kind ? { kind, name } : null;
  }
  if (args.length !== 1) return null;
  const a = args[0]!;
  if (a.startsWith('=')) return { kind: 'exact', name: a.slice(1) };
  if (a.startsWith('^~')) return { kind: 'noregex', name: a.slice(2) };
  if (a.startsWith('~*')) return { kind: 'regex-caseless', name: a.slice(2) };
  if (a.startsWith('~')) return { kind: 'regex', name: a.slice(1) };
  if (a.startsWith('@')) return { kind: 'named', name: a };
  return { kind: 'prefix', name: a };
}

/** The `location` blocks of a server (or location) body, nested ones included. */
export function locationTree(body: readonly NginxDirective[], parent: LocationNode | null = null): LocationNode[] {
  const out: LocationNode[] = [];
  for (const d of body) {
    if (d.name !== 'location' || d.block === undefined) continue;
    const parsed = parseLocationArgs(d.args);
    if (!parsed) continue;
    const isStatic = parsed.kind === 'exact' || parsed.kind === 'prefix' || parsed.kind === 'noregex';
    const node: LocationNode = {
      ...parsed,
      directive: d,
      parent,
      children: [],
      autoRedirect: isStatic && parsed.name.endsWith('/') && d.block.some((c) => PASS_DIRECTIVES.has(c.name)),
    };
    node.children = locationTree(d.block, node);
    out.push(node);
  }
  return out;
}

/** The location's spelling as in the configuration ("location = /x", "location ~* \.php$"). */
export function locationLabel(node: LocationNode): string {
  const mod = { exact: '= ', noregex: '^~ ', regex: '~ ', 'regex-caseless': '~* ', prefix: '', named: '' }[node.kind];
  return `location ${mod}${node.name}`;
}

// ---------------------------------------------------------------------------------------
// The static location tree (ngx_http_init_static_location_trees and its helpers).

interface Queued {
  /** The name as bytes (one char per byte), compared the way nginx compares it. */
  name: string;
  exact: LocationNode | null;
  inclusive: LocationNode | null;
  list: Queued[];
}

interface TreeNode {
  /** The name without the prefix its parent tree already matched. */
  name: string;
  exact: LocationNode | null;
  inclusive: LocationNode | null;
  autoRedirect: boolean;
  left: TreeNode | null;
  right: TreeNode | null;
  tree: TreeNode | null;
}

const bytes = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');

function compareBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** ngx_http_cmp_locations for static locations: byte order, an exact one before the same prefix one. */
function compareQueued(a: Queued, b: Queued): number {
  const rc = compareBytes(a.name, b.name);
  if (rc !== 0) return rc;
  if (a.exact && !b.exact) return -1;
  if (!a.exact && b.exact) return 1;
  return 0;
}

/** ngx_http_join_exact_locations: `= /x` and `/x` share one entry (a duplicate is dropped: nginx refuses it). */
function joinExact(sorted: Queued[]): Queued[] {
  const out: Queued[] = [];
  for (const q of sorted) {
    const prev = out[out.length - 1];
    if (prev && prev.name === q.name) {
      if (!prev.inclusive && q.inclusive) prev.inclusive = q.inclusive;
      continue;
    }
    out.push(q);
  }
  return out;
}

/** ngx_http_create_locations_list: locations extending a prefix location move into its list. */
function createList(items: Queued[]): Queued[] {
  const out: Queued[] = [];
  let i = 0;
  while (i < items.length) {
    const q = items[i]!;
    out.push(q);
    let j = i + 1;
    if (q.inclusive) {
      while (j < items.length && items[j]!.name.length >= q.name.length && items[j]!.name.startsWith(q.name)) j++;
      q.list = createList(items.slice(i + 1, j));
    }
    i = j;
  }
  return out;
}

/** ngx_http_create_locations_tree: a balanced tree on the middle element (ngx_queue_middle). */
function createTree(list: Queued[], prefix: number): TreeNode | null {
  if (list.length === 0) return null;
  const mid = Math.floor(list.length / 2);
  const q = list[mid]!;
  const name = q.name.slice(prefix);
  return {
    name,
    exact: q.exact,
    inclusive: q.inclusive,
    autoRedirect: Boolean(q.exact?.autoRedirect || q.inclusive?.autoRedirect),
    left: createTree(list.slice(0, mid), prefix),
    right: createTree(list.slice(mid + 1), prefix),
    tree: createTree(q.list, prefix + name.length),
  };
}

const staticTrees = new WeakMap<readonly LocationNode[], TreeNode | null>();

function staticTree(level: readonly LocationNode[]): TreeNode | null {
  if (staticTrees.has(level)) return staticTrees.get(level)!;
  const queued: Queued[] = level
    .filter((l) => l.kind === 'exact' || l.kind === 'prefix' || l.kind === 'noregex')
    .map((l) => ({ name: bytes(l.name), exact: l.kind === 'exact' ? l : null, inclusive: l.kind === 'exact' ? null : l, list: [] }));
  const tree = createTree(createList(joinExact([...queued].sort(compareQueued))), 0);
  staticTrees.set(level, tree);
  return tree;
}

type StaticResult = { rc: 'declined' } | { rc: 'exact' | 'inclusive' | 'redirect'; location: LocationNode };

/** ngx_http_core_find_static_location, step for step. */
function findStatic(root: TreeNode | null, uri: string): StaticResult {
  let result: StaticResult = { rc: 'declined' };
  let node = root;
  let offset = 0;
  while (node) {
    const len = uri.length - offset;
    const n = Math.min(len, node.name.length);
    const rc = compareBytes(uri.slice(offset, offset + n), node.name.slice(0, n));
    if (rc !== 0) {
      node = rc < 0 ? node.left : node.right;
      continue;
    }
    if (len > node.name.length) {
      if (node.inclusive) {
        result = { rc: 'inclusive', location: node.inclusive };
        offset += n;
        node = node.tree;
        continue;
      }
      node = node.right;
      continue;
    }
    if (len === node.name.length) {
      return node.exact ? { rc: 'exact', location: node.exact } : { rc: 'inclusive', location: node.inclusive! };
    }
    if (len + 1 === node.name.length && node.autoRedirect) result = { rc: 'redirect', location: (node.exact ?? node.inclusive)! };
    node = node.left;
  }
  return result;
}

// ---------------------------------------------------------------------------------------
// PCRE patterns run with JavaScript's engine.

/** POSIX classes PCRE accepts inside brackets, as JavaScript ranges. */
const POSIX_CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z',
  digit: '0-9',
  alnum: 'a-zA-Z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  xdigit: '0-9a-fA-F',
  word: '\\w',
  punct: '!-\\/:-@\\[-`{-~',
};

/** Escaped letters that mean the same in PCRE and in JavaScript (without the u flag). */
const SAME_ESCAPES = new Set([...'dDwWsSbBnrtf0123456789']);

/**
 * Translates an nginx (PCRE) regex into a JavaScript RegExp, or returns why it cannot be
 * trusted to behave the same (PCRE-only syntax, or a construct JavaScript reads differently).
 */
export function compileNginxRegex(source: string, caseless: boolean): RegExp | string {
  let flags = caseless ? 'i' : '';
  let src = source;
  if (src.startsWith('(?i)')) {
    flags = 'i';
    src = src.slice(4);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '\\') {
      const nx = src[i + 1];
      if (nx === undefined) return 'ends with a lone backslash';
      i++;
      if (/[A-Za-z0-9]/.test(nx)) {
        if (SAME_ESCAPES.has(nx)) out += `\\${nx}`;
        else if (nx === 'x' && /^[0-9a-fA-F]{2}$/.test(src.slice(i + 1, i + 3))) out += '\\x';
        else if (!inClass && nx === 'A') out += '^';
        else if (!inClass && (nx === 'z' || nx === 'Z')) out += '$';
        else return `uses the PCRE escape \\${nx}`;
      } else {
        out += `\\${nx}`;
      }
      continue;
    }
    if (inClass) {
      if (ch === '[' && src[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(src.slice(i));
        if (m) {
          const range = POSIX_CLASSES[m[2]!];
          if (m[1] || range === undefined) return `uses the POSIX class [:${m[1]}${m[2]}:]`;
          out += range;
          i += m[0].length - 1;
          continue;
        }
      }
      if (ch === ']') inClass = false;
      out += ch === '[' ? '\\[' : ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      out += ch;
      // A "]" right after "[" or "[^" is a literal in PCRE, the end of an empty class in JavaScript.
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (ch === '(' && src[i + 1] === '?') {
      const rest = src.slice(i + 2);
      const named = /^(?:P<|<|')([A-Za-z_][A-Za-z0-9_]*)[>']/.exec(rest);
      if (named) {
        out += `(?<${named[1]}>`;
        i += 1 + named[0].length;
        continue;
      }
      const backref = /^P=([A-Za-z_][A-Za-z0-9_]*)\)/.exec(rest);
      if (backref) {
        out += `\\k<${backref[1]}>`;
        i += 1 + backref[0].length;
        continue;
      }
      if (/^(?::|=|!|<=|<!)/.test(rest)) {
        out += '(?';
        i++;
        continue;
      }
      return `uses the PCRE group (?${rest.slice(0, 2)}`;
    }
    out += ch;
  }
  try {
    return new RegExp(out, flags);
  } catch (err) {
    return `is not valid for garrison's regex engine (${err instanceof Error ? err.message : String(err)})`;
  }
}

const compiled = new WeakMap<LocationNode, RegExp | string>();

function regexOf(node: LocationNode): RegExp | string {
  let re = compiled.get(node);
  if (re === undefined) {
    re = compileNginxRegex(node.name, node.kind === 'regex-caseless');
    compiled.set(node, re);
  }
  return re;
}

// ---------------------------------------------------------------------------------------
// ngx_http_core_find_location.

type Found =
  | { rc: 'declined' | 'inclusive'; location: LocationNode | null }
  | { rc: 'exact' | 'redirect'; location: LocationNode }
  | { rc: 'undecidable'; location: LocationNode; reason: string };

function findIn(level: readonly LocationNode[], uri: string, current: LocationNode | null): Found {
  const st = findStatic(staticTree(level), bytes(uri));
  if (st.rc === 'exact' || st.rc === 'redirect') return st;
  let found: Found = { rc: st.rc, location: st.rc === 'declined' ? current : st.location };
  let noregex = false;
  if (st.rc === 'inclusive') {
    noregex = st.location.kind === 'noregex';
    const nested = findIn(st.location.children, uri, st.location);
    if (nested.rc === 'exact' || nested.rc === 'redirect' || nested.rc === 'undecidable') return nested;
    found = nested;
  }
  if (noregex) return found;
  for (const node of level) {
    if (node.kind !== 'regex' && node.kind !== 'regex-caseless') continue;
    const re = regexOf(node);
    if (typeof re === 'string') return { rc: 'undecidable', location: node, reason: `${locationLabel(node)} ${re}` };
    if (!re.test(uri)) continue;
    const nested = findIn(node.children, uri, node);
    // nginx ends the search here whatever the nested search returned (even its redirect).
    if (nested.rc === 'undecidable') return nested;
    return { rc: 'exact', location: nested.location ?? node };
  }
  return found;
}

/**
 * The location nginx uses for a request URI (decoded, without the query string) among the
 * locations of a server.
 */
export function matchLocation(locations: readonly LocationNode[], uri: string): LocationMatch {
  const found = findIn(locations, uri, null);
  if (found.rc === 'redirect') return { kind: 'redirect', location: found.location };
  if (found.rc === 'undecidable') return { kind: 'undecidable', location: found.location, reason: found.reason };
  return { kind: 'location', location: found.location };
}
