import type { EventEnvelope, LedgerEntryKind } from '@jiuzhu/contracts';
import { toDbDate } from '@jiuzhu/calendar';
import type { Tx } from './database.ts';

export interface LedgerFact {
  kind: LedgerEntryKind;
  summary: string;
  amountFen?: number | undefined;
  partnerOrgId?: string | undefined;
  partnerOrgName?: string | undefined;
  referralId?: string | undefined;
  outcome?: string | undefined;
  answerDueOn?: string | undefined;
}

const SOURCE_OF_TYPE = (type: string) => type.slice(0, type.indexOf('.'));

/**
 * Opens the follow-up record of a case the first time anything is known about it. Events of several topics about
 * a new case are handled concurrently: INSERT … ON CONFLICT DO NOTHING makes the loser wait for the winner's
 * commit and then go on, where a read-then-insert upsert would fail with a unique-key violation.
 */
export async function ensureCase(
  tx: Tx,
  caseId: string,
  handlingOrgId: string,
  opened?: {
    caseNumber: string;
    handlingRegion?: string | undefined;
    handlingOrgParentId?: string | undefined;
  },
): Promise<void> {
  const known = opened
    ? {
        caseNumber: opened.caseNumber,
        handlingRegion: opened.handlingRegion ?? null,
        handlingOrgParentId: opened.handlingOrgParentId ?? null,
      }
    : {};
  await tx.followupCase.createMany({ data: [{ caseId, handlingOrgId, ...known }], skipDuplicates: true });
  if (opened) await tx.followupCase.updateMany({ where: { caseId }, data: known });
}

/** Writes one line of the observation ledger for an event (its id keeps a redelivery from adding a second). */
export async function recordFact(
  tx: Tx,
  event: Pick<
    EventEnvelope<{ caseId: string; handlingOrgId: string }>,
    'id' | 'type' | 'occurredAt' | 'actor' | 'payload'
  >,
  fact: LedgerFact,
): Promise<void> {
  const { caseId, handlingOrgId } = event.payload;
  await ensureCase(tx, caseId, handlingOrgId);
  await tx.observationEntry.createMany({
    data: [
      {
        id: event.id,
        caseId,
        handlingOrgId,
        occurredAt: new Date(event.occurredAt),
        source: SOURCE_OF_TYPE(event.type),
        orgId: event.actor.orgId,
        kind: fact.kind,
        summary: fact.summary,
        amountFen: fact.amountFen === undefined ? null : BigInt(fact.amountFen),
        partnerOrgId: fact.partnerOrgId ?? null,
        partnerOrgName: fact.partnerOrgName ?? null,
        referralId: fact.referralId ?? null,
        outcome: fact.outcome ?? null,
        answerDueOn: fact.answerDueOn === undefined ? null : toDbDate(fact.answerDueOn),
      },
    ],
    skipDuplicates: true,
  });
}
