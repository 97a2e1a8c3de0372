-- The handling agency's parent organisation, so that its overseers (supervisors, chiefs, committee members) read
-- the referrals of a case. Referrals sent before this column existed stay visible to the handling agency only.
-- AlterTable
ALTER TABLE "referral" ADD COLUMN     "handling_org_parent_id" TEXT;
