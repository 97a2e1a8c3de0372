-- Each ledger movement names the person it is for (救助对象): the payee named when the payment was prepared, and
-- the keyed hash of their account (never the account). Donation receipts are no one person's: they stay null.
ALTER TABLE "ledger_entry"
    ADD COLUMN "payee_name" TEXT,
    ADD COLUMN "payee_ref" TEXT;

-- Movements posted before: payments, recoveries and collections name their decision (or advance), whose
-- instructions all have the same payee (instalments are prepared together). Donation receipts name a pledge
-- instead, which no instruction does. An account stored before hashing gets its hash from the re-encryption job,
-- which brings the decision's movements along.
UPDATE "ledger_entry" l
   SET "payee_name" = p."payee_name", "payee_ref" = p."bank_account_hash"
  FROM (SELECT DISTINCT ON ("decision_id") "decision_id", "case_id", "payee_name", "bank_account_hash"
          FROM "payment_instruction"
         WHERE "payee_name" IS NOT NULL
         ORDER BY "decision_id", "instalment_no") p
 WHERE l."decision_id" = p."decision_id" AND l."case_id" = p."case_id";
