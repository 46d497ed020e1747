/**
 * Reading of sshd_config values the way OpenSSH does: `convtime` for times, `atoi_err`
 * for integers, case-insensitive yes/no.
 */

const INT_MAX = 2147483647;

/** strtol prefix: optional blanks and sign, then digits. Returns the value and where it ended. */
function strtol(s: string, from: number): { value: number; end: number } | null {
  let i = from;
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++;
  let sign = 1;
  if (s[i] === '+' || s[i] === '-') {
    if (s[i] === '-') sign = -1;
    i++;
  }
  const start = i;
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
  if (i === start) return null;
  return { value: sign * Number(s.slice(start, i)), end: i };
}

/**
 * misc.c `convtime`: "90", "1m30s", "2h" ... to seconds; null when sshd would reject it.
 */
export function convtime(s: string): number | null {
  if (s === '') return null;
  let total = 0;
  let p = 0;
  while (p < s.length) {
    const n = strtol(s, p);
    if (!n || n.value < 0) return null;
    let mult = 1;
    let end = n.end;
    const unit = s[end];
    if (unit !== undefined) {
      end++;
      switch (unit) {
        case 's':
        case 'S':
          break;
        case 'm':
        case 'M':
          mult = 60;
          break;
        case 'h':
        case 'H':
          mult = 3600;
          break;
        case 'd':
        case 'D':
          mult = 86400;
          break;
        case 'w':
        case 'W':
          mult = 604800;
          break;
        default:
          return null;
      }
    }
    if (n.value > Math.floor(INT_MAX / mult)) return null;
    const secs = n.value * mult;
    if (total > INT_MAX - secs) return null;
    total += secs;
    p = end;
  }
  return total;
}

/** misc.c `atoi_err`: a decimal integer 0..INT_MAX, nothing else on the word. */
export function parseInteger(s: string): number | null {
  const n = strtol(s, 0);
  if (!n || n.end !== s.length) return null;
  if (n.value < 0 || n.value > INT_MAX) return null;
  return n.value;
}

/** One of `states` (keys lower case); null when not accepted. */
export function parseState(word: string, states: Readonly<Record<string, string>>, caseSensitive = false): string | null {
  const key = caseSensitive ? word : word.toLowerCase();
  return Object.hasOwn(states, key) ? states[key]! : null;
}
