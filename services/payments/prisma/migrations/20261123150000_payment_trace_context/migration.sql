-- The trace of the request that prepared the payment, continued when the bank confirms it.
-- AlterTable
ALTER TABLE "payment_instruction" ADD COLUMN "trace_context" JSONB;
