#!/usr/bin/env bash
# Creates Jiuzhu's topics (and their dead-letter topics) on a Kafka cluster. The names come from the one
# registry in packages/contracts/src/topics.ts; keep both in step (docs/events.md lists them).
set -euo pipefail
BOOTSTRAP="${KAFKA_BOOTSTRAP:-kafka:9092}"
PARTITIONS="${PARTITIONS:-12}"
REPLICATION="${REPLICATION:-1}"
for context in intake investigation approval payments referral followup; do
  for topic in "jiuzhu.${context}.events.v1" "jiuzhu.${context}.events.v1.dlq"; do
    kafka-topics.sh --bootstrap-server "$BOOTSTRAP" --create --if-not-exists --topic "$topic" \
      --partitions "$PARTITIONS" --replication-factor "$REPLICATION" --config min.insync.replicas=1
  done
done
