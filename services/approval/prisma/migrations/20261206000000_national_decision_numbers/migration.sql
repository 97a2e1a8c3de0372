-- The handling agency's type, level and region, for the agency code in its decision numbers.
ALTER TABLE "approval_request" ADD COLUMN "handling_org_type" TEXT;
ALTER TABLE "approval_request" ADD COLUMN "handling_org_level" TEXT;
ALTER TABLE "approval_request" ADD COLUMN "handling_org_region" TEXT;

-- Decision numbers are unique nationally from now on. Numbers issued before without an agency code (the old
-- default 〔year〕司救N号) may repeat across agencies; they stay as they were served, outside the index.
ALTER TABLE "decision" ADD COLUMN "nationally_unique" BOOLEAN NOT NULL DEFAULT true;
UPDATE "decision" d SET "nationally_unique" = false
 WHERE EXISTS (SELECT 1 FROM "decision" o WHERE o."decision_number" = d."decision_number" AND o."id" <> d."id");
CREATE UNIQUE INDEX "decision_number_nationally_unique" ON "decision"("decision_number") WHERE "nationally_unique";

-- Agencies that saved their chain with the old default pattern (the form offered it) get the new default, which
-- carries the agency code.
UPDATE "chain_config" SET "number_pattern" = '〔{year}〕{code}司救{seq}号' WHERE "number_pattern" = '〔{year}〕司救{seq}号';
