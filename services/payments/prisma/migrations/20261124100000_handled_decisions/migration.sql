-- Decisions (approval.decision-issued) payments has handled, whatever their outcome: the same decision announced
-- again under a new event id finds its id here and changes nothing.
-- CreateTable
CREATE TABLE "handled_decision" (
    "decision_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "outcome" TEXT NOT NULL,
    "handled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "handled_decision_pkey" PRIMARY KEY ("decision_id")
);

-- Decisions handled before this table existed: those that left an instruction (a refusal or a reduction left
-- none that names it).
INSERT INTO "handled_decision" ("decision_id", "case_id", "outcome", "handled_at")
SELECT "decision_id", min("case_id"::text)::uuid, 'approved', min("approved_at")
  FROM "payment_instruction"
 WHERE "kind" = 'decision'
 GROUP BY "decision_id"
ON CONFLICT DO NOTHING;
