-- The case registry (case_registry) took over what "opened_case" kept of intake.case-opened.
-- DropTable
DROP TABLE "opened_case";
