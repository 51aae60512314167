# The one-shot setup service: Kafka's own CLI for the topics, curl for Elasticsearch and Kibana.
# It runs as root: it only talks to the other containers and exits.
FROM apache/kafka:4.4.0
USER root
RUN if command -v apk >/dev/null; then apk add --no-cache bash curl; \
    else apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*; fi
