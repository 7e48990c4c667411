#!/usr/bin/env bash
# How close the gateway runs to PostgreSQL's own limit on this machine (README, "Performance").
#   bench/run.sh             the default run, about 5 minutes
#   bench/run.sh --quick     a short run that checks the tool, figures are rough
#   bench/run.sh --long      longer levels and a 2-minute steady phase
#   bench/run.sh --profile   also records a JFR profile of the gateway under the ack load
#   BENCH_JVM_OPTS='-Xmx512m' bench/run.sh   more options for the gateway's JVM, after jvm.options
#   bench/run.sh --jar target/wa-gateway-*.jar --jvm-opts ''   the fat jar with the JVM's defaults instead
# The gateway runs as the Docker image runs it: jvm.options, the jar extracted with a class-data-sharing archive
# (src/main/sh/prepare-app.sh, redone when the jar or jvm.options change).
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

jar=$(ls target/wa-gateway-*.jar | grep -v -- '-plain\.jar$' | head -1)
app=target/bench/app
if [ ! -s "$app/app.jsa" ] || [ "$jar" -nt "$app/app.jsa" ] || [ jvm.options -nt "$app/app.jsa" ]; then
    echo "[bench] preparing the gateway as the Docker image runs it: src/main/sh/prepare-app.sh"
    # the training start is configured like the measured ones (every provider on), so their classes are archived
    (
        export API_TOKEN=training
        # shellcheck source=providers-offline.sh
        source bench/providers-offline.sh
        src/main/sh/prepare-app.sh "$jar" "$app" @jvm.options
    )
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
    -cp "target/test-classes:$(cat "$classpath")" io.wagateway.bench.Bench --project "$PWD" --commit "$commit" \
    --jar "$app/wa-gateway.jar" \
    --jvm-opts "@$PWD/jvm.options -XX:SharedArchiveFile=$PWD/$app/app.jsa ${BENCH_JVM_OPTS:-}" "$@"
