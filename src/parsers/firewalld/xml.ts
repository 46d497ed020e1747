/**
 * A small XML reader for firewalld's zone, service and ipset files: elements with
 * attributes, text, comments, the XML declaration, a DOCTYPE, CDATA and the predefined and
 * numeric character references. Every element keeps the line it starts on. Malformed input
 * gives errors and as much of the tree as could be read; it never throws.
 */
import type { ParseError } from '../types.ts';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string, onBad: (ref: string) => void): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);?/g, (m, ref: string) => {
    if (!m.endsWith(';')) {
      onBad(m);
      return m;
    }
    if (ref.startsWith('#x')) return safeChar(parseInt(ref.slice(2), 16), m, onBad);
    if (ref.startsWith('#')) return safeChar(parseInt(ref.slice(1), 10), m, onBad);
    const e = ENTITIES[ref];
    if (e === undefined) onBad(m);
    return e ?? m;
  });
}

function safeChar(code: number, raw: string, onBad: (ref: string) => void): string {
  if (!Number.isFinite(code) || code < 0 || code > 0x10ffff) {
    onBad(raw);
    return raw;
  }
  return String.fromCodePoint(code);
}

/** Parses an XML document; `root` is null when no element could be read. */
export function parseXml(text: string, file: string): { root: XmlElement | null; errors: ParseError[] } {
  const errors: ParseError[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  const err = (message: string, at = line) => errors.push({ file, line: at, message });
  const advance = (to: number) => {
    for (let k = i; k < to && k < n; k++) if (text.charCodeAt(k) === 10) line++;
    i = Math.min(to, n);
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const chunk = text.slice(i, textEnd);
      const top = stack[stack.length - 1];
      if (top) top.text += decode(chunk, (r) => err(`bad character reference ${r}`));
      else if (chunk.trim() !== '') err('text outside the root element');
      advance(textEnd);
      if (lt < 0) break;
    }
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) {
        err('unterminated comment');
        advance(n);
        break;
      }
      advance(end + 3);
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      const top = stack[stack.length - 1];
      if (end < 0) {
        err('unterminated CDATA section');
        advance(n);
        break;
      }
      if (top) top.text += text.slice(i + 9, end);
      advance(end + 3);
      continue;
    }
    if (text.startsWith('<?', i) || text.startsWith('<!', i)) {
      const end = text.indexOf('>', i + 2);
      if (end < 0) {
        err('unterminated declaration');
        advance(n);
        break;
      }
      advance(end + 1);
      continue;
    }
    const startLine = line;
    // Find the end of the tag, honouring quoted attribute values.
    let j = i + 1;
    let quote: string | null = null;
    while (j < n) {
      const c = text[j]!;
      if (quote) {
        if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === '>') break;
      else if (c === '<') break;
      j++;
    }
    if (j >= n || text[j] !== '>') {
      err('unterminated tag', startLine);
      advance(j);
      continue;
    }
    const body = text.slice(i + 1, j);
    advance(j + 1);
    if (body.startsWith('/')) {
      const name = body.slice(1).trim();
      const top = stack.pop();
      if (!top) err(`closing tag </${name}> without an open element`, startLine);
      else if (top.name !== name) {
        err(`</${name}> closes <${top.name}> of line ${top.line}`, startLine);
        // Recover: if the name matches an outer element, close up to it.
        const k = stack.map((e) => e.name).lastIndexOf(name);
        if (k >= 0) stack.length = k;
        else stack.push(top);
      }
      continue;
    }
    const selfClosing = body.endsWith('/');
    const inner = selfClosing ? body.slice(0, -1) : body;
    const nm = /^([A-Za-z_][\w.:-]*)/.exec(inner);
    if (!nm) {
      err(`bad tag <${body.slice(0, 20)}>`, startLine);
      continue;
    }
    const el: XmlElement = { name: nm[1]!, attrs: {}, children: [], text: '', line: startLine };
    const rest = inner.slice(nm[0].length);
    const attrRe = /\s*([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')|\s*(\S+)/g;
    let m: RegExpExecArray | null;
    while ((m = attrRe.exec(rest)) !== null) {
      if (m[5] !== undefined) {
        err(`bad attribute "${m[5].slice(0, 30)}" in <${el.name}>`, startLine);
        continue;
      }
      const name = m[1]!;
      if (name in el.attrs) err(`attribute ${name} given twice in <${el.name}>`, startLine);
      el.attrs[name] = decode(m[3] ?? m[4] ?? '', (r) => err(`bad character reference ${r}`, startLine));
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (!root) root = el;
    else err(`second root element <${el.name}>`, startLine);
    if (!selfClosing) stack.push(el);
  }
  for (const open of stack.reverse()) err(`<${open.name}> is never closed`, open.line);
  return { root, errors };
}
