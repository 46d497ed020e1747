#!/bin/sh
# garrison fix: remediation generated from report.json (audit of web1 at 2026-01-02T03:04:05.000Z).
# Review every line before running it. Usage: sh SCRIPT [ROOT]   (ROOT defaults to /).
# Files are copied to /var/backups/garrison/<timestamp>/ before they are changed; mode and owner
# changes print the old value. A line that no longer reads as in the audit is left alone.
# Running the script again changes nothing.
# fixes ssh-root-login: root may log in (PermitRootLogin yes).
# SKIPPED ssh-x11-forwarding (/etc/ssh/sshd_config.d/50-x.conf): set inside "Match User bob" (/etc/ssh/sshd_config.d/50-x.conf:1); a global drop-in cannot override a Match block: edit that block
# SKIPPED ssh-tcp-forwarding (/etc/ssh/sshd_config.d/0-a.conf): set in /etc/ssh/sshd_config.d/0-a.conf:1, which sshd reads before /etc/ssh/sshd_config.d/0-garrison.conf: edit that line
# fixes ssh-weak-kex: sshd offers weak GSSAPIKexAlgorithms.
# fixes kernel-dmesg-restrict: kernel.dmesg_restrict is 0.
# SKIPPED kernel-suid-dumpable (/etc/sysctl.conf): set in /etc/sysctl.conf:9, which is applied after /etc/sysctl.d/zz-garrison.conf: edit that line
# fixes kernel-core-limit: No hard core limit.
# fixes ssh-host-key-permissions: Host key readable.
# fixes ssh-host-key-permissions: Host key not root owned.
# fixes pg-hba-trust: trust from 10.0.0.0/8.
#   CAUTION: clients must now authenticate: network clients with a password stored as SCRAM (set password_encryption = scram-sha-256, then ALTER ROLE ... PASSWORD), local ones as the operating-system user of the same name (peer)
# fixes docker-live-restore: Live restore is off.
# fixes redis-dangerous-commands: Redis (/etc/redis/redis.conf) lets clients run FLUSHALL, CONFIG.
#   CAUTION: applications that use FLUSHALL, CONFIG stop working; with ACLs, deny them to the application user instead
set -eu
ROOT=$(realpath -e -- "${1:-/}")
ROOT=${ROOT%/}
STAMP=$(date +%Y%m%d%H%M%S)

# inside PATH: sets f to the real path of PATH inside ROOT, with symbolic links resolved;
# fails when that path would leave ROOT (a link pointing outside it).
inside() {
  f=$(realpath -m -- "$ROOT$1") || return 1
  case "$f" in
    "$ROOT"/*) return 0 ;;
    *) [ -z "$ROOT" ] ;;
  esac
}

# backup PATH: copies $f (the file PATH resolves to) to /var/backups/garrison/STAMP/PATH inside
# ROOT, once per run. Backups stay out of the configuration directories, whose daemons would
# read them as configuration.
BACKUP=/var/backups/garrison/$STAMP
backup() {
  b=$(realpath -m -- "$ROOT$BACKUP$1")
  case "$b" in
    "$ROOT"/*) ;;
    *) echo "stopped: $BACKUP leads out of the root"; exit 1 ;;
  esac
  if [ ! -e "$b" ]; then
    (umask 077 && mkdir -p "$(dirname "$b")")
    cp -p "$f" "$b"
    echo "backup: $1 -> $BACKUP$1"
  fi
}

# write_file PATH MODE CONTENT: replaces PATH (inside ROOT) with CONTENT unless it already has it.
write_file() {
  if ! inside "$1"; then echo "skipped: $1 leads out of the root"; return 0; fi
  if [ -f "$f" ] && [ "$(cat "$f")" = "$3" ]; then echo "unchanged: $1"; return 0; fi
  if [ -e "$f" ]; then backup "$1"; fi
  mkdir -p "$(dirname "$f")"
  rm -f "$f.garrison-new"
  printf '%s\n' "$3" > "$f.garrison-new"
  chmod "$2" "$f.garrison-new"
  mv -f "$f.garrison-new" "$f"
  echo "wrote: $1"
}

# edit_line PATH LINE OLD NEW: replaces line LINE of PATH (inside ROOT) with NEW, keeping its
# indentation, if it still reads OLD (blanks around ignored); otherwise says so and goes on.
edit_line() {
  if ! inside "$1" || [ ! -f "$f" ]; then echo "skipped: $1 is not a regular file inside the root"; return 0; fi
  cur=$(N="$2" awk 'NR == ENVIRON["N"] + 0 { sub(/^[ \t\r]+/, ""); sub(/[ \t\r]+$/, ""); print; exit }' "$f")
  if [ "$cur" = "$4" ]; then echo "unchanged: $1:$2"; return 0; fi
  if [ "$cur" != "$3" ]; then echo "skipped: $1:$2 no longer reads as in the audit; change it by hand"; return 0; fi
  backup "$1"
  rm -f "$f.garrison-new"
  cp -p "$f" "$f.garrison-new"
  N="$2" NEW="$4" awk 'NR == ENVIRON["N"] + 0 { match($0, /^[ \t]*/); print substr($0, 1, RLENGTH) ENVIRON["NEW"]; next } { print }' "$f" > "$f.garrison-new"
  mv -f "$f.garrison-new" "$f"
  echo "edited: $1:$2"
}

# append_line PATH TEXT: adds TEXT as the last line of PATH (inside ROOT) unless PATH has that line.
append_line() {
  if ! inside "$1" || [ ! -f "$f" ]; then echo "skipped: $1 is not a regular file inside the root"; return 0; fi
  if grep -qxF -- "$2" "$f"; then echo "unchanged: $1 has $2"; return 0; fi
  backup "$1"
  rm -f "$f.garrison-new"
  cp -p "$f" "$f.garrison-new"
  { cat "$f"; if [ -n "$(tail -c 1 "$f")" ]; then echo; fi; printf '%s\n' "$2"; } > "$f.garrison-new"
  mv -f "$f.garrison-new" "$f"
  echo "appended: $1: $2"
}

# json_set PATH KEY VALUE: adds "KEY": VALUE (JSON) at the top of the JSON object in PATH (inside
# ROOT), creating the file when absent, unless the file already names KEY.
json_set() {
  if ! inside "$1"; then echo "skipped: $1 leads out of the root"; return 0; fi
  if [ ! -e "$f" ]; then
    mkdir -p "$(dirname "$f")"
    printf '{\n  "%s": %s\n}\n' "$2" "$3" > "$f"
    echo "wrote: $1 with $2"
    return 0
  fi
  if [ ! -f "$f" ]; then echo "skipped: $1 is not a regular file"; return 0; fi
  if grep -q "\"$2\"[[:space:]]*:" "$f"; then echo "unchanged: $1 sets $2"; return 0; fi
  backup "$1"
  rm -f "$f.garrison-new"
  cp -p "$f" "$f.garrison-new"
  if [ "$(tr -d ' \t\r\n' < "$f")" = '{}' ]; then
    printf '{\n  "%s": %s\n}\n' "$2" "$3" > "$f.garrison-new"
  else
    K="$2" V="$3" awk '!done && sub(/\{/, "{\n  \"" ENVIRON["K"] "\": " ENVIRON["V"] ",") { done = 1 } { print }' "$f" > "$f.garrison-new"
  fi
  mv -f "$f.garrison-new" "$f"
  echo "edited: $1: $2 = $3"
}

# link PATH TARGET: creates the symbolic link PATH -> TARGET (inside ROOT; a relative TARGET is
# taken from PATH's directory, an absolute one from ROOT) unless PATH exists.
link() {
  if ! inside "$1"; then echo "skipped: $1 leads out of the root"; return 0; fi
  if [ -e "$f" ] || [ -L "$f" ]; then echo "unchanged: $1 exists"; return 0; fi
  case "$2" in /*) t=$2 ;; *) t=$(dirname "$1")/$2 ;; esac
  if ! inside "$t" || [ ! -e "$f" ]; then echo "skipped: $2 does not exist for $1"; return 0; fi
  inside "$(dirname "$1")"
  mkdir -p "$f"
  inside "$1"
  ln -s "$2" "$f"
  echo "linked: $1 -> $2"
}

# set_mode PATH MODE: chmod (absolute or symbolic MODE) a regular file or a directory; prints
# the old and new mode when they differ.
set_mode() {
  if ! inside "$1" || { [ ! -f "$f" ] && [ ! -d "$f" ]; }; then echo "skipped: $1 is not a regular file or directory inside the root"; return 0; fi
  old=$(stat -c %a "$f")
  chmod "$2" "$f"
  new=$(stat -c %a "$f")
  if [ "$old" = "$new" ]; then echo "unchanged: $1 mode $new"; else echo "chmod: $1 $old -> $new"; fi
}

# set_owner PATH UID: chown unless already owned by UID (the old owner is printed).
set_owner() {
  if ! inside "$1" || [ ! -f "$f" ]; then echo "skipped: $1 is not a regular file inside the root"; return 0; fi
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
edit_line '/etc/postgresql/15/main/pg_hba.conf' 3 'host  all  all  10.0.0.0/8  trust  # app servers' 'host  all  all  10.0.0.0/8  scram-sha-256  # app servers'
append_line '/etc/redis/redis.conf' 'rename-command FLUSHALL ""'
append_line '/etc/redis/redis.conf' 'rename-command CONFIG ""'
json_set '/etc/docker/daemon.json' 'live-restore' 'true'
set_mode '/etc/ssh/ssh_host_ed25519_key'\''s' 0600
set_owner '/srv/keys/host_rsa' 0
echo 'to apply /etc/ssh/sshd_config.d/0-garrison.conf: sshd -t && systemctl reload ssh (or sshd)'
echo 'to apply /etc/sysctl.d/zz-garrison.conf: sysctl --system'
echo 'to apply /etc/security/limits.d/zz-garrison.conf: applies at the next login'
echo 'to apply /etc/postgresql/15/main/pg_hba.conf: systemctl reload postgresql'
echo 'to apply /etc/docker/daemon.json: systemctl restart docker'
echo 'to apply /etc/redis/redis.conf: systemctl restart redis-server'
