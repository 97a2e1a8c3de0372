-- Ties between timeline entries of the same millisecond follow the order they arrived in.
ALTER TABLE "timeline_entry" ADD COLUMN "seq" BIGSERIAL NOT NULL;
