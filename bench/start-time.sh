#!/usr/bin/env bash
# Seconds from `java -jar` to /actuator/health UP (issue 7), on an empty and on a full embedded-PostgreSQL data
# directory, N times each; prints every start and the medians: wall time, the CPU time the gateway's JVM used
# until then, and of it the main thread's (the start's critical path; both steadier than wall time on a
# shared machine).
#   bench/start-time.sh                          3 starts of each kind, this worktree's jar
#   bench/start-time.sh -n 5 -- -XX:TieredStopAtLevel=1     5 of each, with these JVM options
#   bench/start-time.sh --jar a.jar --jar b.jar  compares jars, their starts interleaved (same load for both)
# Configured like bench/run.sh (every provider's credentials set, ROUTES_DIR = ./routes, hot reload on); the
# providers' base URLs point at a closed local port: nothing is called while starting. "full" is the data
# directory the previous start of the same jar left: initialized and migrated.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
jars=()
while [ $# -gt 0 ]; do
    case "$1" in
        -n) runs=$2; shift 2 ;;
        --jar) jars+=("$2"); shift 2 ;;
        --) shift; break ;;
        *) echo "usage: $0 [-n N] [--jar JAR]... [-- JVM options]" >&2; exit 2 ;;
    esac
done
jvm_opts=("$@")

if [ ${#jars[@]} -eq 0 ]; then
    jar=$(ls target/wa-gateway-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -1 || true)
    if [ -z "$jar" ] || [ -n "$(find pom.xml db routes src/main -type f -newer "$jar" 2>/dev/null | head -1)" ]; then
        echo "[start] building the jar: mvn -q -ntp -DskipTests package"
        mvn -q -ntp -DskipTests package
        jar=$(ls target/wa-gateway-*.jar | grep -v -- '-plain\.jar$' | head -1)
    fi
    jars=("$jar")
fi

work=$PWD/target/start-time
rm -rf "$work"
mkdir -p "$work"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
ticks=$(getconf CLK_TCK)
export SERVER_PORT=$port PUBLIC_BASE_URL=http://127.0.0.1:$port API_TOKEN=start-time-token
# shellcheck source=providers-offline.sh
source bench/providers-offline.sh

# CPU seconds of process $1, and of its threads named $2 (the JVM's main thread is named "java", as is the
# launcher's own idle thread)
cpu_seconds() {
    local all=0 named=0 task ticks_used
    for task in /proc/"$1"/task/*; do
        ticks_used=$(awk '{print $14 + $15}' "$task/stat" 2>/dev/null || echo 0)
        all=$((all + ticks_used))
        if [ "$(cat "$task/comm" 2>/dev/null)" = "$2" ]; then
            named=$((named + ticks_used))
        fi
    done
    echo "$(echo "scale=2; $all / $ticks" | bc) $(echo "scale=2; $named / $ticks" | bc)"
}

# one start of jar $1 on data directory $2: prints "<wall s> <cpu s> <main thread cpu s>", then stops the gateway
# (SIGTERM) and waits
start_once() {
    local jar=$1 data=$2 log=$3 t0 t1 pid cpu
    t0=$(date +%s%N)
    EMBEDDED_DB_DIR=$data java "${jvm_opts[@]}" -jar "$jar" >"$log" 2>&1 &
    pid=$!
    until curl -fs "http://127.0.0.1:$port/actuator/health" 2>/dev/null | grep -q '"status":"UP"'; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "[start] the gateway exited while starting; see $log" >&2
            tail -30 "$log" >&2
            exit 1
        fi
        sleep 0.05
    done
    t1=$(date +%s%N)
    cpu=$(cpu_seconds "$pid" java)
    kill "$pid"
    wait "$pid" || true
    echo "$(echo "scale=2; ($t1 - $t0) / 1000000000" | bc) $cpu"
}

median() {
    sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'
}

for i in $(seq 1 "$runs"); do
    for j in "${!jars[@]}"; do
        rm -rf "$work/data-$j"
        for kind in empty full; do
            read -r wall cpu main < <(start_once "${jars[$j]}" "$work/data-$j/postgres" "$work/$j-$kind-$i.log")
            echo "$wall" >>"$work/$j-$kind.wall"
            echo "$cpu" >>"$work/$j-$kind.cpu"
            echo "$main" >>"$work/$j-$kind.main"
            echo "[start] ${jars[$j]} $kind run $i: health UP after $wall s, JVM CPU $cpu s (main thread $main s)"
        done
    done
done
for j in "${!jars[@]}"; do
    echo "start ${jars[$j]} (median of $runs; JVM options: ${jvm_opts[*]:-none}):" \
        "empty $(median <"$work/$j-empty.wall") s (CPU $(median <"$work/$j-empty.cpu") s, main $(median <"$work/$j-empty.main") s)," \
        "full $(median <"$work/$j-full.wall") s (CPU $(median <"$work/$j-full.cpu") s, main $(median <"$work/$j-full.main") s)"
done
