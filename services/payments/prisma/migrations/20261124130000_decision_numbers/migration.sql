-- The decision number (决定编号, e.g. 〔2026〕粤0983司救1号) of each decision handled, from approval.decision-issued:
-- the ledger and its Excel export show it instead of the internal decision id. Decisions handled before the
-- events carried it keep none (their rows show an empty decision number).
-- AlterTable
ALTER TABLE "handled_decision" ADD COLUMN "decision_number" TEXT;
