#!/bin/bash
# Docker healthcheck of a stage image: healthy when GET /health/ready on the stage's metrics port answers 200.
# Plain bash (/dev/tcp), since the JRE image has neither curl nor wget.
set -u
port="${METRICS_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET /health/ready HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
read -r -t 5 status_line <&3 || exit 1
case "$status_line" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) echo "not ready: $status_line" >&2; exit 1 ;;
esac
