-- CreateTable
CREATE TABLE "refusal_review" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "decision_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "reviewing_org_id" TEXT NOT NULL,
    "grounds" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_by" TEXT,
    "decided_at" TIMESTAMPTZ(3),
    "reasons" TEXT,

    CONSTRAINT "refusal_review_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "refusal_review_case_id_key" ON "refusal_review"("case_id");

-- CreateIndex
CREATE INDEX "refusal_review_reviewing_org_id_status_idx" ON "refusal_review"("reviewing_org_id", "status");
