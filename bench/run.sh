#!/usr/bin/env bash
# How close the gateway runs to PostgreSQL's own limit on this machine (README, "Performance").
#   bench/run.sh             the default run, under 3 minutes
#   bench/run.sh --quick     a short run that checks the tool, figures are rough
#   bench/run.sh --long      longer levels and a 2-minute steady phase
#   bench/run.sh --profile   also records a JFR profile of the gateway under the ack load
#   bench/run.sh --jvm-opts '-Xmx256m'   options for the gateway's JVM (or BENCH_JVM_OPTS)
# The gateway's other settings come from the environment, as always (e.g. WORKER_CONCURRENCY=8,
# SPRING_DATASOURCE_URL=... for an external PostgreSQL). Prints a table; writes target/bench/result.json.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target/bench

jar=$(ls target/wa-gateway-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -1 || true)
if [ -z "$jar" ] || [ -n "$(find pom.xml db routes src/main -type f -newer "$jar" 2>/dev/null | head -1)" ]; then
    echo "[bench] building the jar: mvn -q -ntp -DskipTests package"
    mvn -q -ntp -DskipTests package
fi

# the harness lives with the tests (src/test/java/io/wagateway/bench), so it is compiled with them
marker=target/test-classes/io/wagateway/bench/Bench.class
if [ ! -f "$marker" ] || [ -n "$(find src/test/java/io/wagateway/bench -name '*.java' -newer "$marker" | head -1)" ]; then
    echo "[bench] compiling the harness: mvn -q -ntp test-compile"
    mvn -q -ntp test-compile
fi

classpath=target/bench/classpath.txt
if [ ! -s "$classpath" ] || [ pom.xml -nt "$classpath" ]; then
    echo "[bench] resolving the harness's class path: mvn dependency:build-classpath"
    mvn -q -ntp dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath"
fi

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- pom.xml db routes src/main 2>/dev/null)" ]; then
    commit="$commit+changes"
fi

exec java -Xms256m -Xmx1g -Dlogback.configurationFile=bench/logback.xml \
    -cp "target/test-classes:$(cat "$classpath")" io.wagateway.bench.Bench --project "$PWD" --commit "$commit" "$@"
