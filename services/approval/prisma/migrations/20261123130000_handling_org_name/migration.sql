-- AlterTable
ALTER TABLE "approval_request" ADD COLUMN     "handling_org_name" TEXT;
