-- The case number (案件编号) of each case, learnt from approval.decision-issued and approval.advance-approved:
-- the ledger and its Excel export show it instead of the internal case id. Cases decided before the events
-- carried it have none here (their rows show an empty case number).
-- CreateTable
CREATE TABLE "case_number" (
    "case_id" UUID NOT NULL,
    "case_number" TEXT NOT NULL,

    CONSTRAINT "case_number_pkey" PRIMARY KEY ("case_id")
);
