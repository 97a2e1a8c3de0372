-- CreateTable
CREATE TABLE "disbursement" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "decision_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "fund_source" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "disbursement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "disbursement_decision_id_key" ON "disbursement"("decision_id");

-- CreateIndex
CREATE INDEX "disbursement_case_id_idx" ON "disbursement"("case_id");
