-- The partner's name, as the SSO directory gives it on referral.referral-created and referral.outcome-recorded.
-- AlterTable
ALTER TABLE "observation_entry" ADD COLUMN     "partner_org_name" TEXT;

-- Facts recorded before: the name the SSO put in the tokens of that partner's people, where one has called
-- follow-up (the organisation table); the others keep none and show their id.
UPDATE "observation_entry" AS entry
SET "partner_org_name" = organisation."name"
FROM "organisation"
WHERE organisation."id" = entry."partner_org_id";
