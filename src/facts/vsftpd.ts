/**
 * Where vsftpd listens when it runs standalone (vsftpd.conf(5)): `listen=YES` opens an
 * IPv4 socket (on listen_address, else every address), `listen_ipv6=YES` an IPv6 socket
 * (on listen_address6, else `::`, which also takes IPv4 connections); the port is
 * listen_port (21). With neither, vsftpd does not listen by itself (it runs from inetd).
 * Options are `name=value` lines without spaces around `=`; `#` starts a comment line.
 */
import { defineFact } from '../core/fact.ts';
import type { Listener } from './_listener.ts';
import type { ParseError, SourceLine } from '../parsers/types.ts';
import { splitLines } from '../parsers/types.ts';

export interface VsftpdOption {
  value: string;
  source: SourceLine;
}

export interface VsftpdFacts {
  installed: boolean;
  file: string | null;
  /** Options by lower-case name (the last occurrence wins). */
  options: Map<string, VsftpdOption>;
  listens: Listener[];
}

const CONFIG_FILES = ['/etc/vsftpd.conf', '/etc/vsftpd/vsftpd.conf'];

/** Parses vsftpd.conf. Never throws. */
export function parseVsftpdConf(text: string, file: string): { options: Map<string, VsftpdOption>; errors: ParseError[] } {
  const options = new Map<string, VsftpdOption>();
  const errors: ParseError[] = [];
  splitLines(text).forEach((raw, i) => {
    const line = raw.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const m = /^([A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (!m) {
      errors.push({ file, line: i + 1, message: 'expected option=value (no spaces around "=")' });
      return;
    }
    options.set(m[1]!.toLowerCase(), { value: m[2]!, source: { file, line: i + 1, text: raw } });
  });
  return { options, errors };
}

const yes = (o: VsftpdOption | undefined) => o !== undefined && /^(yes|true|1)$/i.test(o.value.trim());

/** The sockets vsftpd opens in standalone mode. */
export function vsftpdListeners(options: ReadonlyMap<string, VsftpdOption>): Listener[] {
  const port = Number(options.get('listen_port')?.value ?? '21');
  const portOk = Number.isInteger(port) && port >= 1 && port <= 65535 ? port : 21;
  const out: Listener[] = [];
  const listen = options.get('listen');
  const listen6 = options.get('listen_ipv6');
  const at = (o: VsftpdOption | undefined): { source: SourceLine } | Record<string, never> => (o ? { source: o.source } : {});
  if (yes(listen)) {
    const addr = options.get('listen_address');
    out.push({ service: 'vsftpd', protocol: 'tcp', address: addr?.value.trim() || '0.0.0.0', port: portOk, origin: 'config', ...at(addr ?? listen) });
  } else if (yes(listen6)) {
    const addr = options.get('listen_address6');
    out.push({ service: 'vsftpd', protocol: 'tcp', address: addr?.value.trim() || '*', port: portOk, origin: 'config', ...at(addr ?? listen6) });
  }
  return out;
}

export default defineFact<'vsftpd', VsftpdFacts>({
  name: 'vsftpd',
  description: 'vsftpd options and the addresses and port it listens on in standalone mode',
  async collect(ctx) {
    for (const path of CONFIG_FILES) {
      const r = await ctx.target.readFile(path);
      if (!r.ok) {
        if (r.error.code !== 'ENOENT') ctx.diagnostic({ path, message: `cannot read: ${r.error.message}` });
        continue;
      }
      const p = parseVsftpdConf(r.text, path);
      ctx.parseErrors(p.errors);
      const l6 = p.options.get('listen_ipv6');
      if (yes(p.options.get('listen')) && yes(l6)) ctx.diagnostic({ path, line: l6!.source.line, message: 'listen and listen_ipv6 are both YES: vsftpd refuses to start (run one instance per family)' });
      return { installed: true, file: path, options: p.options, listens: vsftpdListeners(p.options) };
    }
    return { installed: false, file: null, options: new Map(), listens: [] };
  },
});
