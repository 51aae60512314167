#!/usr/bin/env bash
# One-shot import of the Kibana saved objects (every *.ndjson in the folder given, default /setup/kibana) for
# the compose stack's kibana-objects service; it runs in the Kibana image once Kibana is healthy, and nothing
# else waits for it. Needs only bash, curl and grep.
#  - Objects already in Kibana are kept as they are, edits included: the import runs with overwrite=false,
#    and the "conflict" errors Kibana answers for them are reported, not failed on.
#    KIBANA_OBJECTS_OVERWRITE=true replaces them with the shipped versions.
#  - The data view titled "articles" is renamed to PUBLISH_ALIAS, the alias publish writes behind.
set -euo pipefail

kibana="${KIBANA_URL:-http://kibana:5601}"
folder="${1:-/setup/kibana}"
alias="${PUBLISH_ALIAS:-articles}"
overwrite="${KIBANA_OBJECTS_OVERWRITE:-false}"
attempts="${KIBANA_IMPORT_ATTEMPTS:-30}"

if [[ ! "$alias" =~ ^[a-z0-9][a-z0-9._-]*$ ]]; then
  echo "kibana-objects: PUBLISH_ALIAS '$alias' is not an Elasticsearch alias name (lower case letters, digits, . _ -)" >&2
  exit 2
fi
if [[ "$overwrite" != true && "$overwrite" != false ]]; then
  echo "kibana-objects: KIBANA_OBJECTS_OVERWRITE must be true or false, not '$overwrite'" >&2
  exit 2
fi
shopt -s nullglob
files=("$folder"/*.ndjson)
if [ "${#files[@]}" -eq 0 ]; then
  echo "kibana-objects: no *.ndjson in $folder: is ./kibana mounted there?" >&2
  exit 2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# the objects as shipped, with the data view on PUBLISH_ALIAS and without carriage returns
prepare() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line%$'\r'}"
    [ -z "$line" ] && continue
    if [[ "$line" == *'"type":"index-pattern"'* ]]; then
      line="${line//\"title\":\"articles\"/\"title\":\"$alias\"}"
    fi
    printf '%s\n' "$line"
  done < "$1"
}

# POST /api/saved_objects/_import; prints Kibana's answer, returns 0 when it came with HTTP 200
import_file() {
  local file="$1" status
  status=$(curl -sS -o "$work/answer.json" -w '%{http_code}' -X POST \
    "$kibana/api/saved_objects/_import?overwrite=$overwrite" \
    -H 'kbn-xsrf: research-pipeline' \
    --form "file=@$file;type=application/ndjson") || return 1
  if [ "$status" != 200 ]; then
    echo "kibana-objects: Kibana answered HTTP $status: $(cat "$work/answer.json")" >&2
    return 1
  fi
}

failed=0
for source in "${files[@]}"; do
  name=$(basename "$source")
  prepare "$source" > "$work/$name"
  attempt=1
  until import_file "$work/$name"; do
    if [ "$attempt" -ge "$attempts" ]; then
      echo "kibana-objects: $name not imported after $attempt attempts; is Kibana at $kibana up?" >&2
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep "${KIBANA_IMPORT_RETRY_SECONDS:-5}"
  done
  answer=$(cat "$work/answer.json")
  imported=$(grep -o '"successCount":[0-9]*' <<< "$answer" | grep -o '[0-9]*$' || echo 0)
  kept=$(grep -o '"error":{"type":"conflict"' <<< "$answer" | grep -c . || true)
  others=$(( $(grep -o '"error":{"type":"[a-z_]*"' <<< "$answer" | grep -c . || true) - kept ))
  if [[ "$answer" == *'"success":true'* ]] || [ "$others" -eq 0 -a "$kept" -gt 0 ]; then
    echo "kibana-objects: $name: $imported imported, $kept already in Kibana and kept as they are" \
      "(KIBANA_OBJECTS_OVERWRITE=true replaces them)"
  else
    echo "kibana-objects: $name: Kibana refused objects: $answer" >&2
    failed=1
  fi
done
if [ "$failed" -eq 0 ]; then
  echo "kibana-objects: done; dashboards at http://localhost:5601/app/dashboards"
fi
exit "$failed"
