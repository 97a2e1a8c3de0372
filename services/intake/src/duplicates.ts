import type { DuplicateMatch } from '@jiuzhu/contracts';
import { fromDbDate } from '@jiuzhu/calendar';
import type { Tx } from './database.ts';

const normaliseRef = (ref: string | null) =>
  ref ? ref.replace(/[\s()（）〔〕[\]]/g, '').toUpperCase() : null;

/**
 * One-off rule (一案一救助): other leads, at any agency, on which the applicant or the victim of this lead appears,
 * that were not declined — cases opened or being received. The same criminal case or incident is flagged.
 */
export async function findDuplicates(tx: Tx, leadId: string): Promise<DuplicateMatch[]> {
  const lead = await tx.lead.findUniqueOrThrow({ where: { id: leadId }, include: { people: true } });
  const idNumbers = lead.people
    .filter((person) => person.role !== 'relative' && person.idNumber)
    .map((person) => person.idNumber as string);
  if (idNumbers.length === 0) return [];
  const others = await tx.person.findMany({
    where: { idNumber: { in: idNumbers }, leadId: { not: leadId }, lead: { status: { not: 'declined' } } },
    include: { lead: { include: { case: true } } },
    orderBy: { lead: { receivedOn: 'asc' } },
  });
  const ownRef = normaliseRef(lead.underlyingCaseRef);
  const seen = new Set<string>();
  const matches: DuplicateMatch[] = [];
  for (const other of others) {
    if (seen.has(other.leadId)) continue;
    seen.add(other.leadId);
    const otherRef = normaliseRef(other.lead.underlyingCaseRef);
    matches.push({
      leadId: other.leadId,
      holderOrgId: other.lead.holderOrgId,
      holderOrgName: other.lead.holderOrgName,
      status: other.lead.status as DuplicateMatch['status'],
      caseNumber: other.lead.case?.caseNumber ?? null,
      underlyingCaseRef: other.lead.underlyingCaseRef,
      sameUnderlyingCase: ownRef !== null && ownRef === otherRef,
      matchedAs: other.role as DuplicateMatch['matchedAs'],
      receivedOn: fromDbDate(other.lead.receivedOn),
    });
  }
  return matches;
}
