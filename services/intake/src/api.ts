import { actorOf, notFound, requireAllowed, type ServiceContext } from '@jiuzhu/service-kit';
import { HANDLING_ORG_TYPES, caseOpened, type CaseView, type IntakeApi } from '@jiuzhu/contracts';
import { TRPCError } from '@trpc/server';
import { maskIdNumber, maskPhone } from '@jiuzhu/telemetry';
import type { Case } from './generated/prisma/client.ts';
import type { Db, Tx } from './database.ts';

function toView(row: Case): CaseView {
  return {
    caseId: row.id,
    caseNumber: row.caseNumber,
    handlingOrgId: row.handlingOrgId,
    source: row.source as CaseView['source'],
    status: 'open',
    urgent: row.urgent,
    requestedAmountFen: Number(row.requestedAmountFen),
    applicant: {
      name: row.applicantName,
      idNumberMasked: maskIdNumber(row.applicantIdNumber),
      phoneMasked: maskPhone(row.applicantPhone),
    },
    openedAt: row.openedAt.toISOString(),
  };
}

async function nextCaseNumber(tx: Tx, handlingOrgId: string, year: number): Promise<string> {
  const counter = await tx.caseCounter.upsert({
    where: { handlingOrgId_year: { handlingOrgId, year } },
    create: { handlingOrgId, year, next: 2 },
    update: { next: { increment: 1 } },
  });
  return `JZ-${year}-${handlingOrgId}-${String(counter.next - 1).padStart(5, '0')}`;
}

export function createIntakeApi({ db, publish }: ServiceContext<Db, Tx>): IntakeApi {
  return {
    async openLead({ principal }, input) {
      requireAllowed(principal, 'lead.create');
      if (!HANDLING_ORG_TYPES.includes(principal.org.type)) {
        // Partner departments and other units pass leads on to a court or procuratorate (issue #3).
        throw new TRPCError({ code: 'FORBIDDEN', message: '只有人民法院和人民检察院可以受理司法救助案件' });
      }
      const handlingOrgId = principal.org.id;
      const row = await db.$transaction(async (tx) => {
        const created = await tx.case.create({
          data: {
            id: crypto.randomUUID(),
            caseNumber: await nextCaseNumber(tx, handlingOrgId, new Date().getFullYear()),
            handlingOrgId,
            source: input.source,
            referredBy: input.referredBy ?? null,
            urgent: input.urgent,
            requestedAmountFen: BigInt(input.requestedAmountFen),
            applicantName: input.applicant.name,
            applicantIdNumber: input.applicant.idNumber,
            applicantPhone: input.applicant.phone,
            applicantRegionCode: input.applicant.address.regionCode,
            applicantAddress: input.applicant.address.detail,
            applicantBankAccount: input.applicant.bankAccount ?? null,
            incidentSummary: input.incidentSummary,
            status: 'open',
            openedBy: principal.userId,
          },
        });
        await publish(tx, caseOpened, {
          caseKey: created.id,
          actor: actorOf(principal),
          payload: {
            caseId: created.id,
            caseNumber: created.caseNumber,
            handlingOrgId,
            leadSource: input.source,
            urgent: created.urgent,
            requestedAmountFen: input.requestedAmountFen,
          },
        });
        return created;
      });
      return toView(row);
    },

    async getCase({ principal }, { caseId }) {
      const row = await db.case.findUnique({ where: { id: caseId } });
      if (!row) throw notFound('案件');
      requireAllowed(principal, 'case.read', { handlingOrgId: row.handlingOrgId });
      return toView(row);
    },

    async listCases({ principal }) {
      requireAllowed(principal, 'case.read', { handlingOrgId: principal.org.id });
      const rows = await db.case.findMany({
        where: { handlingOrgId: principal.org.id },
        orderBy: { openedAt: 'desc' },
        take: 200,
      });
      return rows.map(toView);
    },
  };
}
