/**
 * Reads one dockerd setting the way dockerd does: from daemon.json or from a command-line
 * flag (dockerd refuses to start when both give it), with the line that sets it.
 */
import type { DockerFacts } from '../../facts/docker.ts';
import type { JsonValue } from '../../parsers/docker-daemon/daemon-json.ts';
import type { SourceLine } from '../../parsers/types.ts';

export interface DockerSetting {
  value: JsonValue;
  source: SourceLine;
}

/** The setting from daemon.json (`key`) or the flag `--flag` (a bare boolean flag is true). */
export function dockerSetting(docker: DockerFacts, key: string, flag = key): DockerSetting | null {
  const j = docker.daemonJson?.get(key);
  if (j) return { value: j.value, source: j.source };
  const f = [...docker.flags].reverse().find((x) => x.name === flag);
  if (!f) return null;
  if (f.value === null) return { value: true, source: f.source };
  if (f.value === 'true' || f.value === 'false') return { value: f.value === 'true', source: f.source };
  return { value: f.value, source: f.source };
}

/** Where to point when a setting is absent. */
export function whereToSet(docker: DockerFacts): string {
  return docker.daemonJson ? '/etc/docker/daemon.json' : '/etc/docker/daemon.json (absent)';
}
