/**
 * Shell glob matching for one path component, as glob(3) does it: `*`, `?`, bracket
 * expressions with `!` or `^` negation and ranges; a leading dot is matched only by a
 * literal dot.
 */
export function hasGlobMagic(component: string): boolean {
  return /[*?[]/.test(component);
}

export function globComponentToRegExp(component: string): RegExp {
  let re = '';
  for (let i = 0; i < component.length; i++) {
    const c = component[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = component.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
        continue;
      }
      let body = component.slice(i + 1, close);
      let negate = false;
      if (body.startsWith('!') || body.startsWith('^')) {
        negate = true;
        body = body.slice(1);
      }
      const escaped = body.replace(/[\\\]^]/g, (m) => `\\${m}`);
      re += `[${negate ? '^' : ''}${escaped}]`;
      i = close;
    } else if (c === '\\' && i + 1 < component.length) {
      re += component[i + 1]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 's');
}

const compiled = new Map<string, RegExp>();

export function matchGlobComponent(pattern: string, name: string): boolean {
  if (name.startsWith('.') && !pattern.startsWith('.')) return false;
  let re = compiled.get(pattern);
  if (!re) {
    re = globComponentToRegExp(pattern);
    compiled.set(pattern, re);
  }
  return re.test(name);
}

/** Byte-wise comparison, the order glob(3) and `ls` in the C locale use. */
export function compareNames(a: string, b: string): number {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return Buffer.compare(ba, bb);
}
