# syntax=docker/dockerfile:1
# One image per stage, chosen by the build argument STAGE (ingest, enrich or publish):
#   docker build --build-arg STAGE=publish -t research-pipeline/publish .
# The image runs com.researchpipeline.<stage>.<Stage>Application on Java 17, configured only through
# environment variables (see the README's configuration table), logging to stdout like `bin/pipeline`.

FROM maven:3.9-eclipse-temurin-17 AS build
ARG STAGE
RUN test -n "$STAGE" || (echo "build with --build-arg STAGE=ingest|enrich|publish" >&2; exit 1)
WORKDIR /src
# Maven reads every module's pom to build the reactor; only contract and the stages' sources are needed
COPY pom.xml ./
COPY contract/ contract/
COPY observability/ observability/
COPY ingest/ ingest/
COPY enrich/ enrich/
COPY publish/ publish/
COPY tools/pom.xml tools/
COPY infra/pom.xml infra/
COPY runner/pom.xml runner/
COPY deploy/pom.xml deploy/
COPY docker/build-stage.sh docker/
# scripts may reach the image with CRLF line endings (a Windows checkout): strip them before use
RUN sed -i 's/\r$//' docker/build-stage.sh
RUN --mount=type=cache,target=/root/.m2 bash docker/build-stage.sh "$STAGE" /app

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /tmp --no-create-home pipeline
COPY --from=build /app /app
COPY docker/stage.sh docker/stage-entrypoint.sh docker/stage-healthcheck.sh /app/bin/
RUN sed -i 's/\r$//' /app/bin/*.sh && chmod 755 /app/bin/*.sh
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError" \
    METRICS_PORT=8080 \
    METRICS_HOST=0.0.0.0
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 CMD ["/app/bin/stage-healthcheck.sh"]
# starts as root only to pick the account the stage runs as (stage-entrypoint.sh), then drops to it
ENTRYPOINT ["/app/bin/stage-entrypoint.sh"]
CMD ["/app/bin/stage.sh"]
