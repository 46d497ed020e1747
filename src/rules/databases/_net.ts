/**
 * Address classification shared by the database rules: which configured addresses mean
 * "every interface", which stay on the machine.
 */

/** Addresses that make a daemon listen on every interface. */
export function isWildcardAddress(a: string): boolean {
  const x = a.replace(/^-/, '').replace(/^\[|\]$/g, '').toLowerCase();
  return x === '*' || x === '0.0.0.0' || x === '::' || x === '::*' || x === '::0' || x === '0:0:0:0:0:0:0:0';
}

/** Loopback addresses and names. */
export function isLoopbackAddress(a: string): boolean {
  const x = a.replace(/^-/, '').replace(/^\[|\]$/g, '').toLowerCase();
  return /^127\./.test(x) || x === '::1' || x === 'localhost' || x.startsWith('/') || x.startsWith('unix:');
}
