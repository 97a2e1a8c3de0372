-- Instalments (分期发放): a decision may be paid by several instructions, one per instalment.
ALTER TABLE "payment_instruction"
    ADD COLUMN "instalment_no" INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN "instalment_count" INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN "planned_at" TIMESTAMPTZ(3),
    ADD COLUMN "decision_amount_fen" BIGINT,
    ADD COLUMN "overdue_alerted_at" TIMESTAMPTZ(3),
    ADD COLUMN "bank_account_masked" TEXT,
    ADD COLUMN "bank_account_hash" TEXT;

UPDATE "payment_instruction" SET "decision_amount_fen" = "amount_fen";
ALTER TABLE "payment_instruction" ALTER COLUMN "decision_amount_fen" SET NOT NULL;

DROP INDEX "payment_instruction_decision_id_key";
CREATE UNIQUE INDEX "payment_instruction_decision_id_instalment_no_key" ON "payment_instruction"("decision_id", "instalment_no");
CREATE INDEX "payment_instruction_decision_id_idx" ON "payment_instruction"("decision_id");

-- Not expressible in the Prisma schema: one decision is never paid more than decided. The instructions of a
-- decision that are not cancelled never add up to more than its amount; concurrent writers of the same
-- decision are serialised by a transaction-scoped advisory lock, so neither can miss the other's rows.
CREATE FUNCTION "payment_instruction_within_decision"() RETURNS trigger AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtextextended(NEW."decision_id"::text, 0));
    IF (SELECT coalesce(sum("amount_fen"), 0) FROM "payment_instruction"
        WHERE "decision_id" = NEW."decision_id" AND "status" <> 'cancelled') > NEW."decision_amount_fen" THEN
        RAISE EXCEPTION 'payment instructions of decision % exceed the decided amount', NEW."decision_id"
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql SET search_path FROM CURRENT;

CREATE CONSTRAINT TRIGGER "payment_instruction_within_decision"
    AFTER INSERT OR UPDATE OF "amount_fen", "status", "decision_amount_fen" ON "payment_instruction"
    FOR EACH ROW EXECUTE FUNCTION "payment_instruction_within_decision"();

-- A disbursement per paid instruction (so per instalment), no longer per decision.
ALTER TABLE "disbursement" ADD COLUMN "instruction_id" UUID;
UPDATE "disbursement" d SET "instruction_id" = p."id"
    FROM "payment_instruction" p WHERE p."decision_id" = d."decision_id" AND p."status" = 'paid';
DROP INDEX "disbursement_decision_id_key";
CREATE UNIQUE INDEX "disbursement_instruction_id_key" ON "disbursement"("instruction_id");
CREATE INDEX "disbursement_decision_id_idx" ON "disbursement"("decision_id");

-- Donations (社会捐助): pledges announced by the referral service, and the money received against them.
CREATE TABLE "pledge" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "handling_org_id" TEXT NOT NULL,
    "donor_name" TEXT NOT NULL,
    "organised_by_org_id" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "received_fen" BIGINT NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL,
    "pledged_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pledge_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "pledge_received_check" CHECK ("received_fen" >= 0 AND "received_fen" <= "amount_fen")
);
CREATE INDEX "pledge_handling_org_id_idx" ON "pledge"("handling_org_id");
CREATE INDEX "pledge_case_id_idx" ON "pledge"("case_id");

CREATE TABLE "pledge_receipt" (
    "id" UUID NOT NULL,
    "pledge_id" UUID NOT NULL,
    "receipt_number" TEXT NOT NULL,
    "received_on" DATE NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "budget_id" UUID NOT NULL,
    "recorded_by" TEXT NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "pledge_receipt_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "pledge_receipt_pledge_id_fkey" FOREIGN KEY ("pledge_id") REFERENCES "pledge"("id"),
    CONSTRAINT "pledge_receipt_amount_check" CHECK ("amount_fen" > 0)
);
CREATE UNIQUE INDEX "pledge_receipt_pledge_id_receipt_number_key" ON "pledge_receipt"("pledge_id", "receipt_number");

-- Audit of every full read of a payee's bank account.
CREATE TABLE "bank_account_access" (
    "id" BIGSERIAL NOT NULL,
    "instruction_id" UUID NOT NULL,
    "accessed_by" TEXT NOT NULL,
    "accessed_by_org" TEXT NOT NULL,
    "accessed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "purpose" TEXT NOT NULL,

    CONSTRAINT "bank_account_access_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "bank_account_access_instruction_id_idx" ON "bank_account_access"("instruction_id");

-- The parent of each agency, learnt from the tokens of its own people, so that supervisors of the parent
-- agency may read its payments.
CREATE TABLE "org_parent" (
    "org_id" TEXT NOT NULL,
    "parent_id" TEXT NOT NULL,

    CONSTRAINT "org_parent_pkey" PRIMARY KEY ("org_id")
);
