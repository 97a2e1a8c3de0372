-- The partner's answer due day referral publishes on referral.referral-created (null for events without it).
-- AlterTable
ALTER TABLE "observation_entry" ADD COLUMN     "answer_due_on" DATE;
