-- An advance still at the bank when the case is refused or reduced: what to recover once the bank confirms it.
ALTER TABLE "payment_instruction" ADD COLUMN "recover_if_paid_fen" BIGINT NOT NULL DEFAULT 0;
ALTER TABLE "payment_instruction" ADD CONSTRAINT "payment_instruction_recover_if_paid_check"
  CHECK ("recover_if_paid_fen" >= 0 AND "recover_if_paid_fen" <= "amount_fen");
