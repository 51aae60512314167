#!/bin/sh
# The stage of this image (its main class was written at build time), configured only by the environment.
exec java ${JAVA_OPTS:-} -cp '/app/lib/*' "$(cat /app/main-class)" "$@"
