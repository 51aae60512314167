# syntax=docker/dockerfile:1
# One image per stage, chosen by the build argument STAGE (ingest, enrich or publish):
#   docker build --build-arg STAGE=publish -t research-pipeline/publish .
# The image runs com.researchpipeline.<stage>.<Stage>Application with the jars `mvn package` builds,
# configured only through environment variables (see the README's configuration table).

FROM maven:3.9-eclipse-temurin-17 AS build
ARG STAGE
RUN test -n "$STAGE" || (echo "build with --build-arg STAGE=ingest|enrich|publish" >&2; exit 1)
WORKDIR /src
# every module's pom is needed to read the reactor; tests are not compiled (their fixture, infra, is not copied)
COPY pom.xml ./
COPY contract/ contract/
COPY ingest/ ingest/
COPY enrich/ enrich/
COPY publish/ publish/
COPY infra/pom.xml infra/
COPY runner/pom.xml runner/
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q -pl "$STAGE" -am -Dmaven.test.skip=true package dependency:copy-dependencies -DincludeScope=runtime \
 && mkdir -p /app/lib \
 && cp "$STAGE"/target/dependency/*.jar "$STAGE"/target/"$STAGE"-*.jar /app/lib/ \
 && echo "com.researchpipeline.$STAGE.$(echo "$STAGE" | sed 's/^./\U&/')Application" > /app/main-class

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app pipeline
COPY --from=build /app /app
USER pipeline
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/app/lib/*' \"$(cat /app/main-class)\""]
