#!/usr/bin/env bash
# Lays the gateway out the way it starts fastest (README "Performance"): the jar extracted, so that classes load
# from plain jars instead of jars nested in the jar, and a class-data-sharing archive of the classes a start
# loads, written by one training start that stops as soon as the application context is ready. Then:
#   java @jvm.options -XX:SharedArchiveFile=<dir>/app.jsa -jar <dir>/wa-gateway.jar
# The archive belongs to the java that wrote it: make it with the java that will run the gateway (another one
# ignores it with a warning and starts as without it).
#   prepare-app.sh <jar> <dir> [JVM options of the gateway...]
# The training start reads the gateway's environment like a real start does (set the providers' variables so
# that their classes are archived too); its embedded database is a throwaway one in <dir>/training-db.
set -euo pipefail
jar=$1
shift
# absolute: the archive is only used with the class path it was written for, spelled the same way
rm -rf "$1"
mkdir -p "$1"
dir=$(cd "$1" && pwd)
shift
java -Djarmode=tools -jar "$jar" extract --force --destination "$dir" --application-filename wa-gateway.jar >/dev/null
EMBEDDED_DB_DIR="$dir/training-db" SERVER_PORT=0 \
    java "$@" -XX:ArchiveClassesAtExit="$dir/app.jsa" -Dspring.context.exit=onRefresh -jar "$dir/wa-gateway.jar" \
    >"$dir/training.log" 2>&1 || { echo "training start failed, see $dir/training.log" >&2; exit 1; }
# the training start ends with the JVM halted, not shut down: stop the PostgreSQL it left running
pidfile="$dir/training-db/postmaster.pid"
if [ -f "$pidfile" ]; then
    pid=$(head -1 "$pidfile")
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
fi
rm -rf "$dir/training-db" "$dir/api-token"
test -s "$dir/app.jsa"
