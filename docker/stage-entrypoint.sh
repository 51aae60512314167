#!/bin/sh
# Entry point of the stage images: runs the command (the stage) as the account that should own its files.
#  - ingest (INGEST_INBOX set): the owner of the inbox folder, so files the stage creates there (.done/,
#    .failed/, reason files) stay the user's, who can drop files and move rejected ones back without sudo.
#    Rootful Docker on Linux: the user's uid. Rootless Docker and Docker Desktop (macOS, Windows) show a
#    bind-mounted folder as root's, and there root in the container already writes as the host user.
#  - enrich, publish: the image's unprivileged account PIPELINE_USER (default pipeline).
# Started as another user (compose `user:`, Kubernetes runAsUser), it runs the command as that user.
set -eu

if [ "$(id -u)" != 0 ]; then
  exec "$@"
fi

inbox="${INGEST_INBOX:-}"
if [ -z "$inbox" ]; then
  user="${PIPELINE_USER:-pipeline}"
  exec setpriv --reuid="$(id -u "$user")" --regid="$(id -g "$user")" --clear-groups env HOME=/tmp "$@"
fi

mkdir -p "$inbox"
owner=$(stat -c %u "$inbox")
group=$(stat -c %g "$inbox")
if [ "$owner" = 0 ]; then
  # "0 0 4294967295": the container's root is the host's root (rootful Docker, or Docker Desktop's VM)
  if [ "$(awk 'NR == 1 { print $1, $2, $3 }' /proc/self/uid_map 2>/dev/null)" = "0 0 4294967295" ]; then
    echo "stage-entrypoint: $inbox belongs to root. On Docker Desktop (macOS, Windows) that is how a shared" \
      "folder looks and nothing needs doing. On Linux with rootful Docker it means ./inbox did not exist" \
      "when compose started and the daemon created it for root, so files written there will be root's:" \
      "run 'sudo chown -R \"\$(id -u):\$(id -g)\" inbox' on the host, then 'docker compose restart ingest'." >&2
  fi
  exec "$@"
fi
exec setpriv --reuid="$owner" --regid="$group" --clear-groups env HOME=/tmp "$@"
