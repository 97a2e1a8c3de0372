-- The handling agency's parent, whose supervisors, chiefs and committee members read the case.
ALTER TABLE "case" ADD COLUMN "handling_org_parent_id" TEXT;
