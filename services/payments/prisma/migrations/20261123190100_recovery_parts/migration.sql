-- A recovery (追回) covers a decision's paid instalments, not only the latest: one part per paid instruction.
CREATE TABLE "recovery_part" (
    "id" UUID NOT NULL,
    "recovery_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "instruction_id" UUID NOT NULL,
    "budget_id" UUID NOT NULL,
    "fund_source" TEXT NOT NULL,
    "amount_fen" BIGINT NOT NULL,
    "collected_fen" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "recovery_part_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "recovery_part_recovery_id_fkey" FOREIGN KEY ("recovery_id") REFERENCES "recovery"("id"),
    CONSTRAINT "recovery_part_amount_check" CHECK ("amount_fen" > 0 AND "collected_fen" >= 0 AND "collected_fen" <= "amount_fen")
);
CREATE UNIQUE INDEX "recovery_part_recovery_id_position_key" ON "recovery_part"("recovery_id", "position");
CREATE INDEX "recovery_part_instruction_id_idx" ON "recovery_part"("instruction_id");

-- Recoveries opened before: each was against one instruction.
INSERT INTO "recovery_part" ("id", "recovery_id", "position", "instruction_id", "budget_id", "fund_source", "amount_fen", "collected_fen")
SELECT gen_random_uuid(), "id", 1, "instruction_id", "budget_id", "fund_source", "amount_fen", "collected_fen"
FROM "recovery" WHERE "amount_fen" > 0;
