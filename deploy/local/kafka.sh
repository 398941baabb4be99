#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft) for development and tests, run from Apache Kafka's own jars.
# Usage: deploy/local/kafka.sh start|stop|status
# Progress goes to stderr; `start` and `status` print the one line `KAFKA_BROKERS=host:port` on stdout.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
pom="$here/kafka/pom.xml"
home="${KAFKA_CACHE_DIR:-$here/.cache}/kafka"
libs="$home/libs"
data="$home/data"
config="$home/server.properties"
log4j_config="$home/log4j2.properties"
java_build=""
log="$home/kafka.log"
pidfile="$home/kafka.pid"
port="${KAFKA_PORT:-19092}"
controller_port="${KAFKA_CONTROLLER_PORT:-19093}"
timeout="${KAFKA_START_TIMEOUT:-90}"
# A fixed id is enough for a throwaway single-node cluster and saves a JVM start on first run.
cluster_id="${KAFKA_CLUSTER_ID:-yGt8_-xTSSCt--mEOYkKlw}"

say() { printf 'kafka.sh: %s\n' "$*" >&2; }
die() {
  say "$*"
  exit 1
}
how_else="Or use a broker you already have: export KAFKA_BROKERS=host:port (e.g. from 'docker compose -f deploy/docker-compose.yml up -d kafka', which serves 127.0.0.1:9094)."

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not on PATH: $2 $how_else"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# kill -0 also succeeds on a zombie (our own child that already died), so read the state too.
alive() {
  local state
  state="$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null)"
  [[ -n "$state" && "$state" != Z ]]
}

running_pid() {
  [[ -f "$pidfile" ]] || return 1
  local pid
  pid="$(cat "$pidfile")"
  # The pid must still be our broker, not a recycled pid of something else.
  if [[ -n "$pid" ]] && alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "kafka.Kafka $config"; then
    echo "$pid"
    return 0
  fi
  rm -f "$pidfile"
  return 1
}

running_brokers() { sed -n 's#^advertised.listeners=PLAINTEXT://##p' "$config"; }

check_java() {
  need java "the local Kafka broker needs a Java 17+ runtime (apt-get install openjdk-17-jre-headless)."
  local settings major
  settings="$(java -XshowSettings:properties -version 2>&1)"
  major="$(sed -n 's/^ *java.specification.version = //p' <<<"$settings")"
  [[ "${major%%.*}" -ge 17 ]] 2>/dev/null || die "Kafka 4 needs Java 17+, found java ${major:-unknown}. $how_else"
  java_build="$(sed -n 's/^ *java.runtime.version = //p' <<<"$settings" | tr -c 'A-Za-z0-9.\n' '_')"
}

# The jars are fetched once; the marker holds the pom's hash so a version bump refetches them.
fetch_jars() {
  local want
  want="$(sha256sum "$pom" | cut -d' ' -f1)"
  if [[ -f "$libs/.complete" && "$(cat "$libs/.complete")" == "$want" ]]; then return 0; fi
  need mvn "the first start fetches Apache Kafka's jars from Maven Central with Maven (apt-get install maven)."
  say "fetching Apache Kafka jars with Maven into $libs"
  rm -rf "$libs" "$home"/*.jsa
  mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs" \
    >"$home/maven.log" 2>&1 || {
    tail -n 30 "$home/maven.log" >&2
    die "Maven could not fetch the Kafka jars (full output: $home/maven.log). $how_else"
  }
  echo "$want" >"$libs/.complete"
}

write_config() {
  cat >"$config" <<EOF
# Written by deploy/local/kafka.sh on every start; edit the script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
controller.listener.names=CONTROLLER
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data
num.partitions=1
auto.create.topics.enable=true
offsets.topic.replication.factor=1
# One coordinator partition: the first consumer group joins in well under a second instead of creating 50.
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=24
EOF
  cat >"$log4j_config" <<'EOF'
status = warn
appender.stdout.type = Console
appender.stdout.name = STDOUT
appender.stdout.layout.type = PatternLayout
appender.stdout.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.clients.name = org.apache.kafka.clients
logger.clients.level = WARN
EOF
}

format_storage() {
  [[ -f "$data/meta.properties" ]] && return 0
  say "formatting KRaft storage in $data"
  java -cp "$libs/*" -Dlog4j2.configurationFile="$log4j_config" kafka.tools.StorageTool format \
    -t "$cluster_id" -c "$config" >"$home/format.log" 2>&1 || {
    tail -n 20 "$home/format.log" >&2
    die "formatting the Kafka storage failed (full output: $home/format.log)"
  }
}

wait_ready() {
  local pid="$1" deadline=$((SECONDS + timeout))
  # The port opens before the broker is unfenced; the log line comes after, so wait for both.
  until port_open "$port" && grep -q 'Kafka Server started' "$log"; do
    if ! alive "$pid"; then
      say "the broker exited during start-up; last lines of $log:"
      tail -n 40 "$log" >&2
      rm -f "$pidfile"
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      say "the broker was not ready after ${timeout}s; last lines of $log:"
      tail -n 40 "$log" >&2
      stop
      rm -f "$home"/*.jsa # dumped from a half-started broker, it would speed up little
      exit 1
    fi
    sleep 0.5
  done
}

start() {
  mkdir -p "$home"
  # Two callers (a shell and a jest run) starting at once must not launch two brokers.
  exec 9>"$home/.lock"
  flock -w "$((timeout + 120))" 9 || die "another kafka.sh is still holding $home/.lock"
  local pid
  if pid="$(running_pid)"; then
    say "already running (pid $pid)"
    echo "KAFKA_BROKERS=$(running_brokers)"
    return 0
  fi
  check_java
  if port_open "$port"; then
    die "port $port is taken by a process this script did not start. Set KAFKA_PORT to use another port. $how_else"
  fi
  local began=$SECONDS
  fetch_jars
  write_config
  format_storage
  [[ -f "$log" ]] && mv -f "$log" "$log.1"
  say "starting Apache Kafka $(basename "$libs"/kafka_2.13-*.jar .jar | sed 's/kafka_2.13-//') on 127.0.0.1:$port (log: $log)"
  # Class-data sharing: the first clean stop dumps the loaded classes, later starts map them (about twice as
  # fast). An archive only fits the JDK build that wrote it, hence the build in its name.
  local archive="$home/kafka-$java_build.jsa" cds
  if [[ -f "$archive" ]]; then
    cds="-XX:SharedArchiveFile=$archive"
  else
    rm -f "$home"/*.jsa "$home"/*.jsa.partial
    cds="-XX:ArchiveClassesAtExit=$archive.partial"
  fi
  # setsid: a Ctrl-C in the terminal or test runner that started us does not take the broker down mid-write;
  # 9>&-: the broker must not inherit the start lock, or the next start would wait on it forever.
  # C1 only (TieredStopAtLevel=1): a test broker needs a quick start on 2 cores more than peak throughput.
  # shellcheck disable=SC2086 # KAFKA_HEAP_OPTS is a list of flags.
  setsid java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m} -XX:+UseG1GC -XX:TieredStopAtLevel=1 "$cds" \
    -Djava.awt.headless=true -Dlog4j2.configurationFile="$log4j_config" \
    -cp "$libs/*" kafka.Kafka "$config" </dev/null >"$log" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$pidfile"
  wait_ready "$pid"
  say "ready in $((SECONDS - began))s (pid $pid)"
  echo "KAFKA_BROKERS=127.0.0.1:$port"
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    say "not running"
    return 0
  fi
  say "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    alive "$pid" || break
    sleep 0.5
  done
  if alive "$pid"; then
    say "still running after 30s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$home"/*.jsa.partial
  fi
  # The archive is written at exit; renaming it only now means a killed dump is never mapped.
  local partial
  for partial in "$home"/*.jsa.partial; do
    [[ -f "$partial" ]] && mv -f "$partial" "${partial%.partial}"
  done
  rm -f "$pidfile"
  say "stopped"
}

status() {
  local pid
  if pid="$(running_pid)"; then
    say "running (pid $pid)"
    echo "KAFKA_BROKERS=$(running_brokers)"
  else
    say "not running"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) die "usage: $0 start|stop|status" ;;
esac
