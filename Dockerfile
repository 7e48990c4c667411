# Build: the same Maven build as on a developer machine, tests left to CI.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -ntp dependency:go-offline
COPY src src
COPY db db
COPY routes routes
RUN mvn -B -ntp package -DskipTests && cp target/wa-gateway-*.jar /build/wa-gateway.jar

# Run: a JRE, a non-root user, the YAML routes in /app/routes (mount them to edit flows live).
FROM eclipse-temurin:17-jre
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system gateway && useradd --system --gid gateway --home-dir /app gateway
WORKDIR /app
COPY --from=build /build/wa-gateway.jar /app/wa-gateway.jar
COPY routes /app/routes
RUN mkdir -p /app/data && chown -R gateway:gateway /app
USER gateway
ENV ROUTES_DIR=/app/routes \
    EMBEDDED_DB_DIR=/app/data/postgres \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://localhost:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-jar", "/app/wa-gateway.jar"]
