#!/bin/bash
# The Maven step of the stage image (Dockerfile), also run by the tests in a copy of the image's context:
#   docker/build-stage.sh STAGE OUTPUT_DIR [extra Maven arguments]
# Builds only STAGE and the modules it needs (contract): with the tests skipped their infrastructure (infra,
# the 132 MB Elasticsearch zip, Testcontainers) is neither built nor downloaded. Writes OUTPUT_DIR/lib (the
# stage's jar and its runtime dependencies) and OUTPUT_DIR/main-class.
set -euo pipefail
stage="${1:?usage: build-stage.sh ingest|enrich|publish OUTPUT_DIR [Maven arguments]}"
out="${2:?usage: build-stage.sh ingest|enrich|publish OUTPUT_DIR [Maven arguments]}"
shift 2
case "$stage" in
  ingest|enrich|publish) ;;
  *) echo "build-stage.sh: unknown stage '$stage': use ingest, enrich or publish" >&2; exit 2 ;;
esac
mvn -B -ntp "$@" -pl "$stage" -am -Dmaven.test.skip=true \
  package dependency:copy-dependencies -DincludeScope=runtime
mkdir -p "$out/lib"
cp "$stage"/target/dependency/*.jar "$stage"/target/"$stage"-*.jar "$out/lib/"
echo "com.researchpipeline.$stage.${stage^}Application" > "$out/main-class"
