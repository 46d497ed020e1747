import { defineRule } from '../../core/rule.ts';
import { lineEvidence } from '../../core/evidence.ts';
import type { Evidence } from '../../core/report-schema.ts';
import type { SourceLine } from '../../parsers/types.ts';
import type { NginxDirective } from '../../parsers/nginx/parser.ts';
import type { NginxFacts } from '../../facts/nginx.ts';
import { imageName, type ComposeFacts } from '../../facts/compose.ts';
import { webSites, type WebSite } from './_sites.ts';
import { locationLabel, locationTree, matchLocation, PASS_DIRECTIVES, type LocationNode } from './_location-match.ts';

/** One nginx server block with the raw configuration around it. */
interface ServerContext {
  site: WebSite;
  body: readonly NginxDirective[];
  http: readonly NginxDirective[];
  locations: LocationNode[];
  /** limit_req_zone directives of the http block, by zone name. */
  zones: Map<string, NginxDirective>;
}

/** A container of the application, from a Compose file. */
interface AppService {
  name: string;
  image: string;
  source: SourceLine;
  ports: { hostIp: string | null; from: number; to: number }[];
}

/** What happens to a request for one spelling of a path on one server. */
type Outcome =
  | { status: 'answered' }
  | { status: 'undecidable'; reason: string }
  | { status: 'limited'; handler: LocationNode; pass: NginxDirective; limit: NginxDirective }
  | { status: 'notLimited' | 'zoneUndefined' | 'dryRun'; handler: LocationNode; pass: NginxDirective; detail: NginxDirective | null };

const LOOPBACK = /^(127\.|::1$|localhost$|0\.0\.0\.0$)/;

/** The list parameter as strings: a JSON list, or one string with commas. */
function stringList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return items.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
}

/** The spellings of a path that reach the same endpoint: with a trailing "/", and in other letter cases when asked. */
function spellings(path: string, anyCase: boolean): string[] {
  const base = path.endsWith('/') ? [path] : [path, `${path}/`];
  return [...new Set(anyCase ? base.flatMap((p) => [p, p.toLowerCase(), p.toUpperCase()]) : base)];
}

function zoneOf(d: NginxDirective): string | undefined {
  const arg = d.args.find((a) => a.startsWith('zone='));
  return arg?.slice('zone='.length).split(':')[0];
}

function allLocations(level: readonly LocationNode[]): LocationNode[] {
  return level.flatMap((l) => [l, ...allLocations(l.children)]);
}

/** The directive bodies from a location outwards: location, enclosing locations, server, http. */
function bodiesOf(ctx: ServerContext, node: LocationNode): (readonly NginxDirective[])[] {
  const out: (readonly NginxDirective[])[] = [];
  for (let n: LocationNode | null = node; n; n = n.parent) out.push(n.directive.block ?? []);
  return [...out, ctx.body, ctx.http];
}

/** The *_pass directives that hand the location's requests on (also inside its if / limit_except blocks). */
function passDirectives(node: LocationNode): NginxDirective[] {
  const block = node.directive.block ?? [];
  const inner = block.filter((d) => (d.name === 'if' || d.name === 'limit_except') && d.block).flatMap((d) => d.block!);
  return [...block, ...inner].filter((d) => PASS_DIRECTIVES.has(d.name));
}

/** The named location a `try_files ... @name` falls back to. */
function fallbackOf(ctx: ServerContext, node: LocationNode): LocationNode | undefined {
  const last = (node.directive.block ?? []).filter((d) => d.name === 'try_files').pop()?.args.at(-1);
  return last?.startsWith('@') ? ctx.locations.find((l) => l.kind === 'named' && l.name === last) : undefined;
}

/**
 * The limit in effect for requests handled by a location. limit_req and limit_req_dry_run
 * are inherited from the enclosing level when a level has none of its own.
 */
function judgeLimits(ctx: ServerContext, node: LocationNode, pass: NginxDirective): Outcome {
  const bodies = bodiesOf(ctx, node);
  const limits = bodies.find((b) => b.some((d) => d.name === 'limit_req'))?.filter((d) => d.name === 'limit_req') ?? [];
  const dryRun = bodies.map((b) => b.filter((d) => d.name === 'limit_req_dry_run').pop()).find((d) => d !== undefined) ?? null;
  const working = limits.filter((d) => ctx.zones.has(zoneOf(d) ?? ''));
  if (limits.length === 0) return { status: 'notLimited', handler: node, pass, detail: null };
  if (working.length === 0) return { status: 'zoneUndefined', handler: node, pass, detail: limits[0]! };
  if (dryRun?.args[0] === 'on') return { status: 'dryRun', handler: node, pass, detail: dryRun };
  return { status: 'limited', handler: node, pass, limit: working[0]! };
}

/** What nginx does with a request for `uri` on this server. */
function outcome(ctx: ServerContext, uri: string): Outcome {
  const m = matchLocation(ctx.locations, uri);
  if (m.kind === 'undecidable') return { status: 'undecidable', reason: m.reason };
  // A redirect, or no location at all (the server level cannot pass requests on), never reaches the application.
  if (m.kind === 'redirect' || m.location === null) return { status: 'answered' };
  const node = m.location;
  if ((node.directive.block ?? []).some((d) => d.name === 'return')) return { status: 'answered' };
  const pass = passDirectives(node)[0];
  const fallback = fallbackOf(ctx, node);
  const fallbackPass = fallback ? passDirectives(fallback)[0] : undefined;
  if (pass) return judgeLimits(ctx, node, pass);
  if (!fallback || !fallbackPass) return { status: 'answered' };
  // try_files hands over to the named location after the limits of this one applied.
  const here = judgeLimits(ctx, node, fallbackPass);
  return here.status === 'limited' ? here : judgeLimits(ctx, fallback, fallbackPass);
}

/** host and port a *_pass directive connects to, upstream blocks resolved. */
function passTargets(d: NginxDirective, http: readonly NginxDirective[]): { host: string; port: number }[] {
  const raw = d.args[0] ?? '';
  if (raw.includes('$') || raw.startsWith('unix:')) return [];
  const scheme = /^([a-z]+):\/\//i.exec(raw)?.[1]?.toLowerCase();
  const rest = scheme ? raw.slice(scheme.length + 3) : raw;
  if (rest.startsWith('unix:')) return [];
  const hostPort = rest.split('/')[0]!;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostPort);
  if (!m) return [];
  const host = m[1]!.replace(/^\[|\]$/g, '').toLowerCase();
  const defaultPort = scheme === 'https' || scheme === 'grpcs' ? 443 : 80;
  if (m[2] === undefined) {
    const upstream = http.find((u) => u.name === 'upstream' && u.args[0]?.toLowerCase() === host && u.block);
    if (upstream) return upstream.block!.filter((s) => s.name === 'server').flatMap((s) => passTargets({ ...s, args: [s.args[0] ?? ''] }, []));
  }
  return [{ host, port: m[2] !== undefined ? Number(m[2]) : defaultPort }];
}

/** The *_pass line, with where it connects in the note (the line itself may be masked as a secret-looking name). */
function passEvidence(d: NginxDirective, http: readonly NginxDirective[]): Evidence {
  const targets = passTargets(d, http).map((t) => `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`);
  return lineEvidence(d.source, `${d.name} hands the request to ${targets.length > 0 ? targets.join(', ') : (d.args[0] ?? 'the application')}`);
}

/** Compose services running one of the application images. */
function appServices(compose: ComposeFacts, images: readonly string[]): AppService[] {
  const wanted = new Set(images.map((i) => imageName(i)));
  const out: AppService[] = [];
  for (const f of compose.files) {
    for (const svc of f.model.services) {
      if (!svc.image || !wanted.has(imageName(svc.image.value))) continue;
      const ports = svc.ports.flatMap((p) => {
        const r = /^(\d+)(?:-(\d+))?$/.exec(p.hostPort ?? '');
        return r ? [{ hostIp: p.hostIp, from: Number(r[1]), to: Number(r[2] ?? r[1]) }] : [];
      });
      out.push({ name: svc.name.toLowerCase(), image: svc.image.value, source: svc.image.source, ports });
    }
  }
  return out;
}

/** The application container a *_pass directive reaches: by Compose service name, or by a published port on this host. */
function reachedService(d: NginxDirective, http: readonly NginxDirective[], services: readonly AppService[]): AppService | undefined {
  for (const t of passTargets(d, http)) {
    for (const s of services) {
      if (t.host === s.name) return s;
      const published = s.ports.some(
        (p) => t.port >= p.from && t.port <= p.to && (p.hostIp === t.host || (LOOPBACK.test(t.host) && (p.hostIp === null || p.hostIp === '0.0.0.0' || p.hostIp === '::' || LOOPBACK.test(p.hostIp)))),
      );
      if (published) return s;
    }
  }
  return undefined;
}

/** The server blocks of nginx beside their raw bodies (the fact lists them in the same order). */
function serverContexts(nginx: NginxFacts): ServerContext[] {
  const sites = webSites(nginx, undefined);
  const raw = nginx.tree
    .filter((d) => d.name === 'http' && d.block)
    .flatMap((h) => h.block!.filter((s) => s.name === 'server' && s.block).map((s) => ({ server: s, http: h.block! })));
  const out: ServerContext[] = [];
  nginx.servers.forEach((s, i) => {
    const same = (x: (typeof raw)[number] | undefined) => x !== undefined && x.server.source.file === s.source.file && x.server.source.line === s.source.line;
    const r = same(raw[i]) ? raw[i] : raw.find(same);
    if (!r || s.loopbackOnly || s.disposition !== 'content') return;
    const zones = new Map<string, NginxDirective>();
    for (const z of r.http.filter((d) => d.name === 'limit_req_zone')) {
      const name = zoneOf(z);
      if (name) zones.set(name, z);
    }
    out.push({ site: sites[i]!, body: r.server.block!, http: r.http, locations: locationTree(r.server.block!), zones });
  });
  return out;
}

function lastSegment(path: string): string {
  return path.split('/').filter(Boolean).pop()?.toLowerCase() ?? '';
}

export default defineRule({
  id: 'web-rate-limit',
  family: 'web',
  title: 'nginx limits the request rate of unauthenticated API endpoints',
  severity: 'medium',
  rationale:
    'Endpoints that anyone may call without credentials escape the per-identity quotas an application enforces, so nothing stops one client from calling them thousands of times a minute: creating accounts or challenges in bulk fills the database and wears the service down for everyone. A request rate limit in the reverse proxy stops such floods before they reach the application.',
  description:
    'Runs only when the `rateLimitPaths` parameter lists request paths (the enmeshed profile sets the Consumer API endpoints POST /api/v1/Challenges and /api/v1/Identities). ' +
    'For every nginx server block reachable beyond loopback that fronts the application (one of its locations names a path, or the location nginx picks for a path passes requests to a Compose container running an image of `rateLimitImages`), ' +
    'each path, the path with a trailing slash and, with `rateLimitCaseInsensitive`, its lower- and upper-case spellings are routed the way nginx routes them (exact, longest prefix, ^~, regexes in order, nested locations, auto redirect). ' +
    'Where the chosen location passes the request on (proxy_pass, fastcgi_pass, uwsgi_pass, scgi_pass, grpc_pass, memcached_pass, or try_files to a named location that does), a limit_req must be in effect there (its own, else inherited from the enclosing location, the server or http), ' +
    'its zone must be defined by a limit_req_zone in the http block, and limit_req_dry_run must not be on. Requests nginx answers itself (return, redirect, static files) pass. Rate limiting in Apache httpd (mod_evasive, mod_qos) is not checked, nor limits enforced in front of the host (a load balancer or WAF): waive the finding when such a device does the limiting.',
  remediation:
    'Define a zone once in the http block, e.g. in /etc/nginx/conf.d/rate-limit.conf:\n' +
    '  limit_req_zone $binary_remote_addr zone=anonymous_api:10m rate=10r/m;\n' +
    'and in each server block that proxies the API add a location nginx picks for the endpoints (a case-insensitive regex covers every spelling and the trailing slash; put it before the other regex locations, as only an exact location, a ^~ prefix or an earlier regex matching the same paths takes precedence over it):\n' +
    '  location ~* ^/api/v1/(challenges|identities)/?$ {\n' +
    '      limit_req zone=anonymous_api burst=5 nodelay;\n' +
    '      proxy_pass http://127.0.0.1:8090;   # the same upstream and proxy_set_header lines as the location that serves the API\n' +
    '  }\n' +
    'Behind a load balancer, let $binary_remote_addr be the client address (set_real_ip_from and real_ip_header). Check and apply: nginx -t && systemctl reload nginx.',
  references: [{ guideline: '003_3ee6c2d8469499be.txt', section: 'Rate limiting of the Consumer API' }],
  params: {
    rateLimitPaths: { default: [], description: 'Request paths that must be rate-limited (e.g. ["/api/v1/Challenges"]); empty: nothing to check.' },
    rateLimitCaseInsensitive: {
      default: false,
      description: 'The application answers the paths in any letter case (ASP.NET Core does): their lower- and upper-case spellings must be limited too.',
    },
    rateLimitImages: {
      default: [],
      description: 'Container images of the application (e.g. ["ghcr.io/nmshd/backbone-consumer-api"]): a server passing the paths to a Compose service running one is checked even if no location names the paths.',
    },
  },
  messages: {
    notLimited: '{{site}} passes {{path}} to the application through {{location}} with no limit_req in effect.',
    zoneUndefined: '{{site}} limits {{path}} in {{location}} with zone "{{zone}}", which no limit_req_zone in the http block defines (nginx refuses to load this configuration).',
    dryRun: '{{site}} only counts requests to {{path}} in {{location}}: limit_req_dry_run is on.',
    spellingNotLimited: '{{site}} limits {{path}} but not the spelling {{spelling}}, which nginx passes through {{location}} unlimited and the application serves alike.',
    limited: '{{site}} limits the request rate of {{paths}}.',
  },
  requires: ['nginx', 'apache', 'compose'],
  check({ nginx, apache, compose }, report, ctx) {
    const paths = stringList(ctx.param<unknown>('rateLimitPaths'));
    if (paths.length === 0) return report.skip('no paths to check: set the rateLimitPaths parameter');
    const invalid = paths.filter((p) => !p.startsWith('/'));
    if (invalid.length > 0) return report.error(`rateLimitPaths entries must start with "/": ${invalid.join(', ')}`);
    if (!nginx.installed) {
      return report.skip(
        apache.installed
          ? 'not applicable: Apache httpd, not nginx, serves the sites; rate limiting in Apache (mod_evasive, mod_qos) is outside what this rule checks'
          : 'not applicable: nginx is not installed',
      );
    }
    const anyCase = [true, 'true'].includes(ctx.param<boolean | string>('rateLimitCaseInsensitive'));
    const images = stringList(ctx.param<unknown>('rateLimitImages'));
    const services = appServices(compose, images);
    const segments = paths.map(lastSegment).filter(Boolean);

    let checked = 0;
    for (const server of serverContexts(nginx)) {
      const namesPath = allLocations(server.locations).some((l) => l.kind !== 'named' && segments.some((s) => l.name.toLowerCase().includes(s)));
      const outcomes = paths.map((p) => ({ path: p, base: outcome(server, p) }));
      const app = outcomes.map((o) => ('pass' in o.base ? reachedService(o.base.pass, server.http, services) : undefined)).find(Boolean);
      if (!namesPath && !app) continue;
      checked++;

      const site = server.site;
      const context: Evidence[] = [lineEvidence(site.source, site.label)];
      if (app) context.push(lineEvidence(app.source, `Compose service ${app.name} runs ${app.image}`));
      let failed = false;
      for (const { path, base } of outcomes) {
        const key = `${site.key}:${path}`;
        if (base.status === 'undecidable') {
          failed = true;
          report.error(`cannot tell which location of ${site.label} handles ${path}: ${base.reason}`, { evidence: context, key });
          continue;
        }
        if (base.status === 'notLimited' || base.status === 'zoneUndefined' || base.status === 'dryRun') {
          failed = true;
          const evidence = [...context, lineEvidence(base.handler.directive.source, `nginx handles ${path} here`), passEvidence(base.pass, server.http)];
          if (base.detail) evidence.push(lineEvidence(base.detail.source, base.status === 'dryRun' ? 'dry run: nothing is refused' : 'this zone is not defined'));
          const zone = base.detail ? (zoneOf(base.detail) ?? '') : '';
          report.fail(base.status, { data: { site: site.label, path, location: locationLabel(base.handler), zone }, evidence, key });
          continue;
        }
        for (const spelling of spellings(path, anyCase).slice(1)) {
          const o = outcome(server, spelling);
          if (o.status === 'undecidable') {
            failed = true;
            report.error(`cannot tell which location of ${site.label} handles ${spelling}: ${o.reason}`, { evidence: context, key });
            break;
          }
          if (o.status === 'answered' || o.status === 'limited') continue;
          failed = true;
          const evidence = [...context, lineEvidence(o.handler.directive.source, `nginx handles ${spelling} here`), passEvidence(o.pass, server.http)];
          if (base.status === 'limited') {
            evidence.push(lineEvidence(base.limit.source, `limits ${path}`));
            report.fail('spellingNotLimited', { data: { site: site.label, path, spelling, location: locationLabel(o.handler) }, evidence, key });
          } else {
            report.fail('notLimited', { data: { site: site.label, path: `${spelling} (a spelling of ${path})`, location: locationLabel(o.handler) }, evidence, key });
          }
          break;
        }
      }
      if (!failed) report.pass('limited', { data: { site: site.label, paths: paths.join(', ') }, evidence: context, key: site.key });
    }
    if (checked === 0) {
      const how = images.length > 0 ? `no location names ${paths.join(', ')} or passes them to a Compose service running ${images.join(', ')}` : `no location names ${paths.join(', ')}`;
      report.skip(`not applicable: no nginx server reachable beyond loopback fronts the application (${how})`);
    }
  },
});
