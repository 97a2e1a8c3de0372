-- The responsible organisation's name, as the SSO directory gives it when the item is recorded.
-- AlterTable
ALTER TABLE "agenda_item" ADD COLUMN     "responsible_org_name" TEXT;

-- Items recorded before: the name the SSO put in the tokens of that organisation's people, where one has called
-- follow-up (the organisation table); the others keep none and show their id.
UPDATE "agenda_item" AS item
SET "responsible_org_name" = organisation."name"
FROM "organisation"
WHERE organisation."id" = item."responsible_org_id";
