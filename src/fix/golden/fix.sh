#!/bin/sh
# garrison fix: remediation generated from report.json (audit of web1 at 2026-01-02T03:04:05.000Z).
# Review every line before running it. Usage: sh SCRIPT [ROOT]   (ROOT defaults to /).
# Files are backed up to FILE.garrison-bak.<timestamp> before they are replaced; mode and owner
# changes print the old value. Running the script again changes nothing.
# fixes ssh-root-login: root may log in (PermitRootLogin yes).
# SKIPPED ssh-x11-forwarding (/etc/ssh/sshd_config.d/50-x.conf): set inside "Match User bob" (/etc/ssh/sshd_config.d/50-x.conf:1); a global drop-in cannot override a Match block: edit that block
# SKIPPED ssh-tcp-forwarding (/etc/ssh/sshd_config.d/0-a.conf): set in /etc/ssh/sshd_config.d/0-a.conf:1, which sshd reads before /etc/ssh/sshd_config.d/0-garrison.conf: edit that line
# fixes ssh-weak-kex: sshd offers weak GSSAPIKexAlgorithms.
# fixes kernel-dmesg-restrict: kernel.dmesg_restrict is 0.
# SKIPPED kernel-suid-dumpable (/etc/sysctl.conf): set in /etc/sysctl.conf:9, which is applied after /etc/sysctl.d/zz-garrison.conf: edit that line
# fixes kernel-core-limit: No hard core limit.
# fixes ssh-host-key-permissions: Host key readable.
# fixes ssh-host-key-permissions: Host key not root owned.
set -eu
ROOT=${1:-/}
ROOT=${ROOT%/}
STAMP=$(date +%Y%m%d%H%M%S)

# has_link PATH: true when PATH or a directory above it (inside ROOT) is a symbolic link, which
# could lead out of ROOT: such paths are left alone.
has_link() {
  p=$1
  while [ -n "$p" ] && [ "$p" != / ]; do
    if [ -L "$ROOT$p" ]; then return 0; fi
    p=${p%/*}
  done
  return 1
}

# write_file PATH MODE CONTENT: replaces PATH (inside ROOT) with CONTENT unless it already has it.
write_file() {
  f="$ROOT$1"
  if has_link "$1"; then echo "skipped: $1 is or lies under a symbolic link"; return 0; fi
  if [ -f "$f" ] && [ "$(cat "$f")" = "$3" ]; then echo "unchanged: $1"; return 0; fi
  if [ -e "$f" ]; then cp -p "$f" "$f.garrison-bak.$STAMP"; echo "backup: $1 -> $1.garrison-bak.$STAMP"; fi
  mkdir -p "$(dirname "$f")"
  rm -f "$f.garrison-new"
  printf '%s\n' "$3" > "$f.garrison-new"
  chmod "$2" "$f.garrison-new"
  mv -f "$f.garrison-new" "$f"
  echo "wrote: $1"
}

# set_mode PATH MODE: chmod unless the mode is already MODE (the old mode is printed).
set_mode() {
  f="$ROOT$1"
  if has_link "$1" || [ ! -f "$f" ]; then echo "skipped: $1 is not a regular file inside the root"; return 0; fi
  old=$(stat -c %a "$f")
  if [ "$old" = "${2#0}" ]; then echo "unchanged: $1 mode $2"; return 0; fi
  chmod "$2" "$f"
  echo "chmod: $1 $old -> $2"
}

# set_owner PATH UID: chown unless already owned by UID (the old owner is printed).
set_owner() {
  f="$ROOT$1"
  if has_link "$1" || [ ! -f "$f" ]; then echo "skipped: $1 is not a regular file inside the root"; return 0; fi
  old=$(stat -c %u "$f")
  if [ "$old" = "$2" ]; then echo "unchanged: $1 owner $2"; return 0; fi
  chown "$2" "$f"
  echo "chown: $1 $old -> $2"
}

write_file '/etc/ssh/sshd_config.d/0-garrison.conf' 0644 '# Written by garrison fix. Review before changing; garrison rewrites this file as a whole.
PermitRootLogin no
GSSAPIKexAlgorithms gss-curve25519-sha256-,gss-nistp256-sha256-,gss-group16-sha512-'
write_file '/etc/sysctl.d/zz-garrison.conf' 0644 '# Written by garrison fix. Review before changing; garrison rewrites this file as a whole.
kernel.dmesg_restrict = 1'
write_file '/etc/security/limits.d/zz-garrison.conf' 0644 '# Written by garrison fix. Review before changing; garrison rewrites this file as a whole.
*    hard    core    0
root hard    core    0'
set_mode '/etc/ssh/ssh_host_ed25519_key'\''s' 0600
set_owner '/srv/keys/host_rsa' 0
echo 'to apply /etc/ssh/sshd_config.d/0-garrison.conf: sshd -t && systemctl reload ssh (or sshd)'
echo 'to apply /etc/sysctl.d/zz-garrison.conf: sysctl --system'
echo 'to apply /etc/security/limits.d/zz-garrison.conf: applies at the next login'
