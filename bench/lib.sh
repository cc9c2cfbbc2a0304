# Helpers shared by the bench/ scripts; sourced, never run. Each script states its build command,
# checks its prerequisites with one-line messages, measures, prints its section of
# docs/benchmarks.md and writes it there between its own markers (the rest of the file is kept).

bench_repo="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
bench_report="$bench_repo/docs/benchmarks.md"
bench_name="$(basename "$0")"
bench_load_at_start="$(cut -d' ' -f1-3 /proc/loadavg)"

# One line on stderr, exit 5 (a tool or service is missing), as the CLI does.
bench_fail() {
  echo "$bench_name: $1${2:+ (hint: $2)}" >&2
  exit 5
}

bench_need_build() {
  [[ -f "$bench_repo/cli/target/moonlight-cli.jar" ]] ||
    bench_fail "no build in $bench_repo/cli/target" "build first with 'mvn -q -B -DskipTests package'"
}

# bench_need_tool PROGRAM PACKAGE
bench_need_tool() {
  command -v "$1" >/dev/null 2>&1 || bench_fail "$1 not found" "apt-get install -y $2"
}

bench_need_root() {
  [[ $EUID -eq 0 ]] || bench_fail "needs root ($1)" "run it as root"
}

bench_moonlight() {
  "$bench_repo/moonlight" "$@"
}

bench_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Median, min and max of the numbers on stdin, as "median min max" (median of an even count: the
# mean of the middle two), rounded to DIGITS decimals (default 0).
bench_stats() {
  sort -g | awk -v d="${1:-0}" '{ v[NR] = $1 } END {
    if (NR == 0) { print "- - -"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.*f %.*f %.*f\n", d, m, d, v[1], d, v[NR] }'
}

# The lines every section starts its results with: when, where, how loaded, which JVM.
bench_context() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
  echo "- load average at the start: $bench_load_at_start"
  echo "- java: $(java -version 2>&1 | head -n 1)"
}

# Replaces this script's section of docs/benchmarks.md (between its begin and end markers) with
# the file SECTION, or appends it when the report has none yet; prints the section. A script that
# writes more than one section names each: bench_write_section SECTION [NAME] (markers bench/NAME).
bench_write_section() {
  local section="$1" name="${2:-$bench_name}"
  local begin="<!-- begin bench/$name -->" end="<!-- end bench/$name -->"
  [[ -f "$bench_report" ]] || printf '# Benchmarks\n' >"$bench_report"
  if grep -qxF "$begin" "$bench_report"; then
    awk -v b="$begin" -v e="$end" -v f="$section" '
      $0 == b { print; while ((getline line < f) > 0) print line; skip = 1; next }
      $0 == e { skip = 0 }
      !skip' "$bench_report" >"$bench_report.new"
  else
    { cat "$bench_report"; echo; echo "$begin"; cat "$section"; echo "$end"; } >"$bench_report.new"
  fi
  mv "$bench_report.new" "$bench_report"
  cat "$section"
}

# A gateway of its own: bench_gateway_start CONFIG LOG [JAVA_OPTS] runs './moonlight gateway' over
# CONFIG in the background (its port is gateway.api_port there) and waits for /healthz; sets
# bench_gateway_pid (the JVM's PID: the launcher execs it) and bench_gateway_url.
bench_gateway_start() {
  local config="$1" log="$2" port i
  port="$(sed -n 's/^  api_port: *//p' "$config")"
  MOONLIGHT_JAVA_OPTS="${3:-}" "$bench_repo/moonlight" --config "$config" gateway >"$log" 2>&1 &
  bench_gateway_pid=$!
  bench_gateway_url="http://127.0.0.1:$port/api/moonlight"
  for ((i = 0; i < 300; i++)); do
    if curl -fsS -o /dev/null "$bench_gateway_url/healthz" 2>/dev/null; then return 0; fi
    kill -0 "$bench_gateway_pid" 2>/dev/null || { tail -n 5 "$log" >&2; bench_fail "the gateway exited (log: $log)"; }
    sleep 0.1
  done
  bench_fail "the gateway did not answer $bench_gateway_url/healthz in 30 s (log: $log)"
}

# bench_jvm_memory PID: "rss_mib peak_rss_mib heap_used_mib heap_committed_mib metaspace_used_mib
# threads" of a JVM, after a full GC (System.gc(): a full collection with the serial collector).
bench_jvm_memory() {
  local pid="$1" heap_used heap_committed metaspace
  jcmd "$pid" GC.run >/dev/null
  sleep 1
  read -r heap_used heap_committed metaspace <<<"$(jstat -gc "$pid" | awk '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    { used = $col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]
      committed = $col["S0C"] + $col["S1C"] + $col["EC"] + $col["OC"]
      printf "%.0f %.0f %.1f\n", used / 1024, committed / 1024, $col["MU"] / 1024 }')"
  echo "$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status") \
$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status") $heap_used $heap_committed $metaspace \
$(awk '/^Threads/ { print $2 }' "/proc/$pid/status")"
}

# Stops a server this script started (SIGTERM: it closes its files) and waits for it.
bench_stop() {
  local pid="$1"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    wait "$pid" 2>/dev/null || true
  fi
}

# Stops the gateway started by bench_gateway_start (it closes its store).
bench_gateway_stop() {
  bench_stop "${bench_gateway_pid:-}"
  bench_gateway_pid=""
}

# The gateway section of every benchmark's configuration: its port, HS256 tokens, and no rate limit
# (a benchmark is one client measuring how much the gateway can serve).
bench_gateway_yaml() {
  cat <<YAML
gateway:
  api_port: $1
  jwt:
    hs256_secret: bench-secret-of-at-least-32-bytes-long
  rate_limit:
    per_user_per_minute: 0
    per_address_per_minute: 0
YAML
}

# bench_seed CONFIG USERS PER_USER PREFIX: stores sessions through the store of CONFIG with
# bench/SeedSessions.java, run from source on the build's class path.
bench_seed() {
  java -cp "$bench_repo/cli/target/moonlight-cli.jar:$bench_repo/cli/target/lib/*" \
    "$bench_repo/bench/SeedSessions.java" "$@"
}

# A throwaway redis-server on a free port of 127.0.0.1 with its files in DIR; sets bench_redis_port.
bench_redis_start() {
  local dir="$1" i
  bench_redis_port="$(bench_free_port)"
  redis-server --bind 127.0.0.1 --port "$bench_redis_port" --dir "$dir" --save "" --appendonly yes \
    --daemonize no >"$dir/redis.log" 2>&1 &
  bench_redis_pid=$!
  for ((i = 0; i < 100; i++)); do
    if [[ "$(redis-cli -p "$bench_redis_port" ping 2>/dev/null)" == PONG ]]; then return 0; fi
    sleep 0.1
  done
  bench_fail "redis-server did not answer on port $bench_redis_port (log: $dir/redis.log)"
}

bench_redis_stop() {
  bench_stop "${bench_redis_pid:-}"
  bench_redis_pid=""
}
