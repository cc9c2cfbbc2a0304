#!/usr/bin/env bash
# A real single-node Slurm cluster (munged, MariaDB, slurmdbd, slurmctld, slurmd) for moonlight's
# tests, all state under one directory. Needs root and the Debian packages
# munge slurm-wlm slurmdbd slurm-client mariadb-server. Starts every daemon itself (no systemd).
#
#   testbed.sh start    start it, or return at once when it is already up
#   testbed.sh stop     stop every daemon from its PID file
#   testbed.sh status   exit 0 when up
#   testbed.sh env      print SLURM_CONF=... for clients (export it before sacctmgr, sbatch, ...)
#
# MOONLIGHT_TESTBED_DIR overrides the state directory; the ports can be moved with
# MOONLIGHT_TESTBED_DB_PORT, ..._CTLD_PORT, ..._SLURMD_PORT, ..._DBD_PORT.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
state="${MOONLIGHT_TESTBED_DIR:-/var/tmp/moonlight-slurm-testbed}"
db_port="${MOONLIGHT_TESTBED_DB_PORT:-3307}"
ctld_port="${MOONLIGHT_TESTBED_CTLD_PORT:-6817}"
slurmd_port="${MOONLIGHT_TESTBED_SLURMD_PORT:-6818}"
dbd_port="${MOONLIGHT_TESTBED_DBD_PORT:-6819}"
host="$(hostname -s)"
mysql_socket="$state/run/mysqld/mysqld.sock"
export SLURM_CONF="$state/etc/slurm.conf"

log() { echo "testbed: $*" >&2; }
die() { echo "testbed: $*" >&2; exit 1; }

# A PID counts as alive unless it is gone or a zombie (PID 1 may reap late here).
alive() {
  local pid="$1" stat
  stat="$(cat "/proc/$pid/stat" 2>/dev/null)" || return 1
  [[ "$(awk '{print $1}' <<<"${stat##*)}")" != Z ]]
}

pid_of() {
  local file="$1" pid
  [[ -s "$file" ]] || return 1
  pid="$(tr -dc 0-9 <"$file")"
  [[ -n "$pid" ]] && alive "$pid" && echo "$pid"
}

# Polls COMMAND every 0.2 s for at most SECONDS; on timeout shows the tail of LOG and fails.
wait_for() {
  local what="$1" seconds="$2" logfile="$3"; shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      [[ -f "$logfile" ]] && tail -n 20 "$logfile" >&2
      die "$what not ready after ${seconds} s (log: $logfile)"
    fi
    sleep 0.2
  done
}

# Stops the daemon in PID file FILE whose command name is COMM: TERM, then KILL after 15 s.
stop_daemon() {
  local name="$1" file="$2" comm="$3" pid i
  pid="$(pid_of "$file")" || { rm -f "$file"; return 0; }
  if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" != "$comm" ]]; then
    rm -f "$file"   # the PID was reused by another program: not ours to stop
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 75; i++)); do
    alive "$pid" || break
    sleep 0.2
  done
  if alive "$pid"; then
    log "$name did not stop on TERM; killing $pid"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

stop_all() {
  stop_daemon slurmd "$state/run/slurm/slurmd.pid" slurmd
  stop_daemon slurmctld "$state/run/slurm/slurmctld.pid" slurmctld
  stop_daemon slurmdbd "$state/run/slurm/slurmdbd.pid" slurmdbd
  stop_daemon mariadbd "$state/run/mysqld/mysqld.pid" mariadbd
  stop_daemon munged "$state/run/munge/munged.pid" munged
}

# Up and taking jobs; running jobs (mixed, allocated) must not make a second start restart it all.
node_ready() { [[ "$(sinfo -h -n "$host" -o %T 2>/dev/null)" =~ ^(idle|mixed|allocated|completing)$ ]]; }
controller_up() { scontrol ping 2>/dev/null | grep -q UP; }
munge_works() { munge -n | unmunge; }
db_up() { mysqladmin --no-defaults --socket="$mysql_socket" ping; }
dbd_up() { sacctmgr -n -P show qos normal format=Name | grep -qx normal; }

is_up() {
  [[ -f "$SLURM_CONF" ]] || return 1
  munge_works >/dev/null 2>&1 || return 1
  local file
  for file in mysqld/mysqld.pid slurm/slurmdbd.pid slurm/slurmctld.pid slurm/slurmd.pid; do
    pid_of "$state/run/$file" >/dev/null || return 1
  done
  controller_up && node_ready
}

render() {
  local template="$1" target="$2" hardware memory
  hardware="$(slurmd -C | head -n 1 | tr ' ' '\n' | grep -E '^(CPUs|Boards|SocketsPerBoard|CoresPerSocket|ThreadsPerCore)=' | tr '\n' ' ')"
  memory="$(slurmd -C | head -n 1 | tr ' ' '\n' | sed -n 's/^RealMemory=//p')"
  sed -e "s|@STATE@|$state|g" -e "s|@HOST@|$host|g" \
      -e "s|@HARDWARE@|${hardware% }|g" -e "s|@MEMORY@|$((memory * 9 / 10))|g" \
      -e "s|@DB_PORT@|$db_port|g" -e "s|@DB_PASS@|$(cat "$state/etc/db.pass")|g" \
      -e "s|@CTLD_PORT@|$ctld_port|g" -e "s|@SLURMD_PORT@|$slurmd_port|g" -e "s|@DBD_PORT@|$dbd_port|g" \
      "$here/$template" >"$target"
}

prepare() {
  install -d -m 755 "$state" "$state/etc" "$state/run"
  install -d -m 1777 "$state/log"
  install -d -m 700 -o munge -g munge "$state/munge"
  install -d -m 755 -o munge -g munge /run/munge "$state/run/munge"
  install -d -m 755 -o mysql -g mysql "$state/run/mysqld"
  install -d -m 700 -o mysql -g mysql "$state/mysql"
  install -d -m 755 -o slurm -g slurm "$state/run/slurm" "$state/slurm" "$state/slurm/ctld"
  install -d -m 755 "$state/slurmd"
  if [[ ! -s "$state/munge/munge.key" ]]; then
    head -c 128 /dev/urandom >"$state/munge/munge.key"
    chown munge:munge "$state/munge/munge.key"
    chmod 400 "$state/munge/munge.key"
  fi
  if [[ ! -s "$state/etc/db.pass" ]]; then
    (umask 077; head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9 | head -c 24 >"$state/etc/db.pass")
  fi
  render slurm.conf.in "$state/etc/slurm.conf"
  chmod 644 "$state/etc/slurm.conf"
  (umask 077; render slurmdbd.conf.in "$state/etc/slurmdbd.conf")
  chown slurm:slurm "$state/etc/slurmdbd.conf"
  chmod 600 "$state/etc/slurmdbd.conf"
}

# Slurm's clients only talk to munged's default socket; a munged already serving it will do, as
# every daemon and client of the testbed is on this host.
start_munged() {
  if munge_works >/dev/null 2>&1; then
    return 0
  fi
  runuser -u munge -- munged --key-file="$state/munge/munge.key" \
    --pid-file="$state/run/munge/munged.pid" --log-file="$state/log/munged.log" \
    --seed-file="$state/munge/munged.seed" 9>&-
  wait_for munged 15 "$state/log/munged.log" munge_works
}

start_mariadb() {
  if [[ ! -d "$state/mysql/mysql" ]]; then
    mariadb-install-db --no-defaults --user=mysql --datadir="$state/mysql" \
      --auth-root-authentication-method=socket --skip-test-db >"$state/log/mariadb-install.log" 2>&1 \
      || die "mariadb-install-db failed (log: $state/log/mariadb-install.log)"
  fi
  setsid mariadbd --no-defaults --user=mysql --datadir="$state/mysql" --socket="$mysql_socket" \
    --pid-file="$state/run/mysqld/mysqld.pid" --port="$db_port" --bind-address=127.0.0.1 \
    --skip-name-resolve --innodb-buffer-pool-size=512M --innodb-lock-wait-timeout=900 \
    --log-error="$state/log/mariadbd.log" </dev/null >/dev/null 2>&1 9>&- &
  wait_for mariadbd 60 "$state/log/mariadbd.log" db_up
  mariadb --no-defaults --socket="$mysql_socket" -u root <<SQL
CREATE DATABASE IF NOT EXISTS slurm_acct_db;
CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '$(cat "$state/etc/db.pass")';
GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';
SQL
}

start() {
  [[ $EUID -eq 0 ]] || die "needs root (it starts munged, MariaDB and the Slurm daemons)"
  if is_up; then
    log "already up ($SLURM_CONF)"
    return 0
  fi
  local began=$SECONDS
  stop_all
  prepare
  start_munged
  start_mariadb
  slurmdbd 9>&-
  wait_for slurmdbd 30 "$state/log/slurmdbd.log" dbd_up
  slurmctld 9>&-
  wait_for slurmctld 30 "$state/log/slurmctld.log" controller_up
  slurmd 9>&-
  wait_for "node $host" 30 "$state/log/slurmd.log" node_ready
  log "up in $((SECONDS - began)) s ($SLURM_CONF)"
}

# One start or stop at a time: test JVMs of several modules may ask at once. The daemons are
# started without fd 9, else they would hold the lock for ever.
locked() {
  install -d -m 755 "$state"
  exec 9>"$state/.lock"
  flock -w 300 9 || die "another testbed.sh holds $state/.lock"
  "$@"
}

case "${1:-}" in
  start) locked start ;;
  stop) locked stop_all ;;
  status) if is_up; then echo up; else echo down; exit 3; fi ;;
  env) echo "SLURM_CONF=$SLURM_CONF" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
