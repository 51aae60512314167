#!/usr/bin/env bash
# One-shot setup for docker compose: the topics, the index template and the Kibana saved objects.
# Idempotent, so it runs on every `docker compose up`; each step is retried while its service starts.
set -euo pipefail

KAFKA="${KAFKA_BOOTSTRAP_SERVERS:-kafka:29092}"
ES="${ELASTICSEARCH_URL:-http://elasticsearch:9200}"
KIBANA="${KIBANA_URL:-http://kibana:5601}"
PARTITIONS="${KAFKA_TOPIC_PARTITIONS:-3}"
TOPICS=/opt/kafka/bin/kafka-topics.sh

retry() {
  local attempt=1
  until "$@"; do
    if [ "$attempt" -ge 60 ]; then
      echo "setup: giving up after $attempt attempts: $*" >&2
      return 1
    fi
    attempt=$((attempt + 1))
    sleep 5
  done
}

create_topic() {
  "$TOPICS" --bootstrap-server "$KAFKA" --create --if-not-exists --topic "$1" \
    --partitions "$PARTITIONS" --replication-factor 1
}

put_template() {
  curl -fsS -X PUT "$ES/_index_template/articles" -H 'Content-Type: application/json' \
    --data-binary @/setup/articles-template.json
}

import_kibana_objects() {
  local answer
  answer=$(curl -fsS -X POST "$KIBANA/api/saved_objects/_import?overwrite=true" -H 'kbn-xsrf: true' \
    --form file=@/setup/kibana/articles.ndjson) || return 1
  echo "$answer"
  echo "$answer" | grep -q '"success":true'
}

for topic in articles.raw articles.enriched articles.dlq; do
  retry create_topic "$topic"
done
echo "setup: topics ready"
retry put_template
echo
echo "setup: index template 'articles' ready"
retry import_kibana_objects
echo "setup: Kibana objects imported; dashboard 'Research articles' at http://localhost:5601/app/dashboards"
