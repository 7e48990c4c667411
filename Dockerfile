# Build: the same Maven build as on a developer machine, tests left to CI.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -ntp dependency:go-offline
COPY src src
COPY db db
COPY routes routes
RUN mvn -B -ntp package -DskipTests && cp target/wa-gateway-*.jar /build/wa-gateway.jar

# Run: a JRE, a non-root user, the YAML routes in /app/routes (mount them to edit flows live). The jar is
# extracted and a class-data-sharing archive made by one training start with this very JRE
# (src/main/sh/prepare-app.sh): the gateway then starts in about a third of the time (README "Performance").
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system gateway && useradd --system --gid gateway --home-dir /app gateway
WORKDIR /app
COPY --from=build /build/wa-gateway.jar /tmp/wa-gateway.jar
COPY jvm.options /app/jvm.options
COPY src/main/sh/prepare-app.sh /app/prepare-app.sh
COPY routes /app/routes
RUN mkdir -p /app/data && chown -R gateway:gateway /app
USER gateway
ENV ROUTES_DIR=/app/routes \
    EMBEDDED_DB_DIR=/app/data/postgres \
    JAVA_OPTS=""
RUN /app/prepare-app.sh /tmp/wa-gateway.jar /app/gateway @/app/jvm.options
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health || exit 1
# JAVA_OPTS (e.g. from .env) come after jvm.options, so they win: JAVA_OPTS=-Xmx512m
ENTRYPOINT ["sh", "-c", "exec java @/app/jvm.options -XX:SharedArchiveFile=/app/gateway/app.jsa $JAVA_OPTS -jar /app/gateway/wa-gateway.jar"]
