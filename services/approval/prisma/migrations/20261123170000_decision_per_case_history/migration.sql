-- DropIndex
DROP INDEX "decision_case_id_key";

-- CreateIndex
CREATE INDEX "decision_case_id_idx" ON "decision"("case_id");
