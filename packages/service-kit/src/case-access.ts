import { TRPCError } from '@trpc/server';
import { escapeIdentifier } from 'pg';
import { authorize, OUT_OF_REACH, type Action, type CaseTarget } from '@jiuzhu/auth';
import { on, type Handler, type SqlExecutor } from '@jiuzhu/bus';
import { caseOpened, type PayloadOf, type Principal } from '@jiuzhu/contracts';

/**
 * Who may touch a case, decided the same way in every service: each service keeps a record of every case from
 * `intake.case-opened` (intake, which opens them, records its own in the opening transaction) and asks it before
 * anything else. A case the service has not heard of, because it does not exist or its opening has not arrived
 * yet, is refused exactly like another agency's case.
 */

export { OUT_OF_REACH };

/** What every service knows of a case from its opening. */
export interface CaseRecord {
  caseId: string;
  /** 案件编号; null only for cases recorded from a service's older data, before it kept this record. */
  caseNumber: string | null;
  handlingOrgId: string;
  /** The handling agency's parent, whose overseers and approvers may read (decision 0004); null if unknown. */
  handlingOrgParentId: string | null;
  handlingRegion: string | null;
  urgent: boolean;
  openedAt: Date;
}

/** The table's name in the service's schema. */
export const CASE_REGISTRY_TABLE = 'case_registry';

/**
 * DDL of the case registry in a service's own schema (migrations run with the schema as search path). Every
 * service copies it into a committed migration, as with the outbox; the service refuses to start without it.
 */
export function caseRegistryTableSql(): string {
  return `-- The cases this service knows, from intake.case-opened (packages/service-kit, caseRegistryTableSql).
-- CreateTable
CREATE TABLE "${CASE_REGISTRY_TABLE}" (
    "case_id" UUID NOT NULL,
    "case_number" TEXT,
    "handling_org_id" TEXT NOT NULL,
    "handling_org_parent_id" TEXT,
    "handling_region" TEXT,
    "urgent" BOOLEAN NOT NULL DEFAULT false,
    "opened_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "${CASE_REGISTRY_TABLE}_pkey" PRIMARY KEY ("case_id")
);

-- CreateIndex
CREATE INDEX "${CASE_REGISTRY_TABLE}_handling_org_id_idx" ON "${CASE_REGISTRY_TABLE}"("handling_org_id");
`;
}

/** The Prisma model of the table, for each service's schema.prisma (so its schema describes every table). */
export const CASE_REGISTRY_PRISMA_MODEL = `/// The cases this service knows, from intake.case-opened: who may touch a case is decided from here
/// (packages/service-kit, case-access.ts). Written and read only through the kit.
model CaseRegistry {
  caseId              String   @id @map("case_id") @db.Uuid
  caseNumber          String?  @map("case_number")
  handlingOrgId       String   @map("handling_org_id")
  handlingOrgParentId String?  @map("handling_org_parent_id")
  handlingRegion      String?  @map("handling_region")
  urgent              Boolean  @default(false)
  openedAt            DateTime @map("opened_at") @db.Timestamptz(3)
  recordedAt          DateTime @default(now()) @map("recorded_at") @db.Timestamptz(3)

  @@index([handlingOrgId])
  @@map("${CASE_REGISTRY_TABLE}")
}
`;

/** A 403 with the policy's reason. */
const forbidden = (message: string) => new TRPCError({ code: 'FORBIDDEN', message });

/**
 * The answer for something of a case that could not be found: the role's refusal if the caller's role may not do
 * this at all, else the same refusal another agency's case gets.
 */
export function caseRefusal(principal: Principal, action: Action): TRPCError {
  const byRole = authorize(principal, action);
  return forbidden(byRole.allowed ? OUT_OF_REACH : byRole.reason);
}

/** The case as the policy sees it. */
export function caseTarget(record: Pick<CaseRecord, 'handlingOrgId' | 'handlingOrgParentId'>): CaseTarget {
  return record.handlingOrgParentId
    ? { handlingOrgId: record.handlingOrgId, handlingOrgParentId: record.handlingOrgParentId }
    : { handlingOrgId: record.handlingOrgId };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Row {
  case_id: string;
  case_number: string | null;
  handling_org_id: string;
  handling_org_parent_id: string | null;
  handling_region: string | null;
  urgent: boolean;
  opened_at: Date;
}

export interface CaseAccess {
  /**
   * Authorizes first, then returns the case: throws 403 with the role's refusal if the caller's role may not do
   * `action` at all, else {@link OUT_OF_REACH} if the case is unknown here or out of the caller's reach. `caseId`
   * may be missing (the thing naming the case was not found): that is refused like an unknown case. Pass the
   * transaction when inside one.
   */
  authorize(
    principal: Principal,
    action: Action,
    caseId: string | null | undefined,
    client?: SqlExecutor,
  ): Promise<CaseRecord>;
  /** Like authorize, but answers undefined instead of refusing. */
  allows(
    principal: Principal,
    action: Action,
    caseId: string | null | undefined,
    client?: SqlExecutor,
  ): Promise<CaseRecord | undefined>;
  /** The case's record, if this service has heard of it. */
  find(caseId: string, client?: SqlExecutor): Promise<CaseRecord | undefined>;
  /** Records a case's opening (once; a repeated opening changes nothing). Intake calls it when it opens one. */
  record(client: SqlExecutor, opening: PayloadOf<typeof caseOpened>, openedAt: Date): Promise<void>;
}

export function createCaseAccess(db: SqlExecutor, schema: string): CaseAccess {
  const table = `${escapeIdentifier(schema)}.${escapeIdentifier(CASE_REGISTRY_TABLE)}`;

  async function find(caseId: string, client: SqlExecutor = db): Promise<CaseRecord | undefined> {
    if (!UUID.test(caseId)) return undefined;
    const [row] = await client.$queryRawUnsafe<Row[]>(
      `SELECT case_id::text, case_number, handling_org_id, handling_org_parent_id, handling_region, urgent, opened_at
         FROM ${table} WHERE case_id = $1::uuid`,
      caseId,
    );
    return row
      ? {
          caseId: row.case_id,
          caseNumber: row.case_number,
          handlingOrgId: row.handling_org_id,
          handlingOrgParentId: row.handling_org_parent_id,
          handlingRegion: row.handling_region,
          urgent: row.urgent,
          openedAt: row.opened_at,
        }
      : undefined;
  }

  async function decide(
    principal: Principal,
    action: Action,
    caseId: string | null | undefined,
    client: SqlExecutor = db,
  ): Promise<{ record: CaseRecord } | { refusal: string }> {
    const byRole = authorize(principal, action);
    if (!byRole.allowed) return { refusal: byRole.reason };
    const record = caseId ? await find(caseId, client) : undefined;
    if (!record) return { refusal: OUT_OF_REACH };
    const decision = authorize(principal, action, caseTarget(record));
    return decision.allowed ? { record } : { refusal: decision.reason };
  }

  return {
    find,
    async authorize(principal, action, caseId, client) {
      const outcome = await decide(principal, action, caseId, client);
      if ('refusal' in outcome) throw forbidden(outcome.refusal);
      return outcome.record;
    },
    async allows(principal, action, caseId, client) {
      const outcome = await decide(principal, action, caseId, client);
      return 'record' in outcome ? outcome.record : undefined;
    },
    async record(client, opening, openedAt) {
      await client.$executeRawUnsafe(
        `INSERT INTO ${table}
           (case_id, case_number, handling_org_id, handling_org_parent_id, handling_region, urgent, opened_at)
         VALUES ($1::uuid, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (case_id) DO NOTHING`,
        opening.caseId,
        opening.caseNumber,
        opening.handlingOrgId,
        opening.handlingOrgParentId ?? null,
        opening.handlingRegion ?? null,
        opening.urgent,
        openedAt,
      );
    },
  };
}

/**
 * The service's handlers with the case registry's: every opening is recorded first, in the same transaction as
 * the service's own handling of it (if it has one).
 */
export function withCaseRegistry<Tx extends SqlExecutor>(
  handlers: Handler<Tx>[],
  cases: CaseAccess,
): Handler<Tx>[] {
  const record = (event: { payload: unknown; occurredAt: string }, tx: Tx) =>
    cases.record(tx, event.payload as PayloadOf<typeof caseOpened>, new Date(event.occurredAt));
  const own = handlers.find(
    (handler) => handler.def.type === caseOpened.type && handler.def.version === caseOpened.version,
  );
  if (!own) return [...handlers, on<PayloadOf<typeof caseOpened>, Tx>(caseOpened, record)];
  return handlers.map((handler) =>
    handler === own
      ? {
          def: handler.def,
          handle: async (event, tx) => {
            await record(event, tx);
            await handler.handle(event, tx);
          },
        }
      : handler,
  );
}

/** Fails the start of a service whose migrations lack the case registry, naming the fix. */
export async function assertCaseRegistry(db: SqlExecutor, service: string, schema: string): Promise<void> {
  const [row] = await db.$queryRawUnsafe<{ present: boolean }[]>(
    `SELECT to_regclass($1) IS NOT NULL AS present`,
    `${escapeIdentifier(schema)}.${escapeIdentifier(CASE_REGISTRY_TABLE)}`,
  );
  if (!row?.present)
    throw new Error(
      `${service} has no ${CASE_REGISTRY_TABLE} table in schema ${schema}: add a migration with caseRegistryTableSql() (packages/service-kit)`,
    );
}
