/**
 * systemd-journald's storage and forwarding settings: journald.conf and its drop-ins
 * merged as systemd does, the distribution's compiled-in default for ForwardToSyslog
 * (Debian and its derivatives patch it to yes, upstream says no), and whether
 * /var/log/journal exists (what Storage=auto depends on).
 */
import { defineFact } from '../core/fact.ts';
import { daemonConfigLocations } from '../parsers/systemd-ini/dropins.ts';
import { loadSystemdConfig, settingOf, type SystemdSetting } from './_systemd-config.ts';

export interface JournaldFacts {
  files: string[];
  storage: SystemdSetting;
  forwardToSyslog: SystemdSetting;
  /** /var/log/journal is a directory. */
  persistentDirExists: boolean;
  /** Journal entries survive a reboot. */
  persistent: boolean;
}

export default defineFact<'journald', JournaldFacts>({
  name: 'journald',
  description: 'journald Storage= and ForwardToSyslog= from journald.conf and drop-ins, and whether the journal is persistent.',
  async collect(ctx) {
    const files = await loadSystemdConfig(ctx, daemonConfigLocations('journald.conf'));
    const os = ctx.info.os;
    const debianLike = os !== null && (os.id === 'debian' || os.idLike.includes('debian'));
    const storage = settingOf(files, 'Journal', 'Storage', 'auto');
    const forwardToSyslog = settingOf(files, 'Journal', 'ForwardToSyslog', debianLike ? 'yes' : 'no');
    const dir = await ctx.target.stat('/var/log/journal');
    const persistentDirExists = dir.ok && dir.info.type === 'dir';
    const s = storage.value.toLowerCase();
    return { files: files.map((f) => f.file), storage, forwardToSyslog, persistentDirExists, persistent: s === 'persistent' || (s === 'auto' && persistentDirExists) };
  },
});
