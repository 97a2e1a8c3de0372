-- AlterTable
ALTER TABLE "followup_case" ADD COLUMN     "handling_region" TEXT,
ADD COLUMN     "handling_org_parent_id" TEXT;

-- AlterTable
ALTER TABLE "organisation" ADD COLUMN     "parent_id" TEXT;

-- CreateTable
CREATE TABLE "timeline_entry" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "context" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "org_id" TEXT NOT NULL,
    "actor_user_id" TEXT,
    "summary" TEXT NOT NULL,
    "partner_org_id" TEXT,
    "partner_summary" TEXT,

    CONSTRAINT "timeline_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "timeline_entry_case_id_occurred_at_idx" ON "timeline_entry"("case_id", "occurred_at");
