import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseOpened,
  decisionIssued,
  referralCreated,
  verificationCompleted,
  type EventDefinition,
  type EventEnvelope,
} from '@jiuzhu/contracts';
import { openDatabase, type Db } from '../src/database.ts';
import { followupHandlers } from '../src/handlers.ts';
import { withTimeline } from '../src/timeline.ts';
import { startFollowup, XINYI_COURT, type Harness } from './helpers.ts';

let harness: Harness;
let db: Db;
beforeAll(async () => {
  harness = await startFollowup();
  db = openDatabase({ connectionString: harness.connectionString, schema: harness.schema, poolMax: 8 });
});
afterAll(async () => {
  await db?.$disconnect();
  await harness?.stop();
});

// None of the events below schedules visits, so nothing is published.
const handlers = withTimeline(
  followupHandlers(() => Promise.reject(new Error('no event should be published here'))),
);

function envelope<P extends { caseId: string }>(def: EventDefinition<P>, payload: P): EventEnvelope<P> {
  return {
    id: crypto.randomUUID(),
    type: def.type,
    version: def.version,
    occurredAt: new Date().toISOString(),
    caseKey: payload.caseId,
    actor: { userId: 'xinyi.caseworker', orgId: XINYI_COURT },
    payload,
  };
}

/** Handles an event the way the consumer does: its service's handler, in a transaction of its own. */
function handle(event: EventEnvelope<unknown>) {
  const handler = handlers.find((h) => h.def.type === event.type && h.def.version === event.version);
  if (!handler) throw new Error(`no handler for ${event.type}`);
  return db.$transaction((tx) => handler.handle(event, tx));
}

describe('events about a new case handled at the same time', () => {
  it('open one follow-up case and record every event, without a unique-key violation', async () => {
    const caseId = crypto.randomUUID();
    const base = { caseId, handlingOrgId: XINYI_COURT };
    const referral = (partnerOrgId: string) =>
      envelope(referralCreated, {
        ...base,
        referralId: crypto.randomUUID(),
        partnerOrgId,
        programme: 'minimum_living_allowance',
      });
    // Different topics, so different consumer workers: nothing orders them.
    const events = [
      envelope(verificationCompleted, {
        ...base,
        eligible: true,
        recommendedAmountFen: 2_000_000,
        capFen: 5_000_000,
      }),
      envelope(decisionIssued, {
        ...base,
        decisionId: crypto.randomUUID(),
        outcome: 'approved',
        approvedAmountFen: 2_000_000,
      }),
      referral('civil-affairs-440983'),
      referral('rural-revitalisation-440983'),
      referral('womens-federation-440983'),
      envelope(caseOpened, {
        ...base,
        caseNumber: '(2026)粤0983司救77号',
        leadSource: 'own_application',
        urgent: false,
        requestedAmountFen: 2_000_000,
        handlingRegion: '440983',
      }),
    ] as EventEnvelope<unknown>[];

    const outcomes = await Promise.allSettled(events.map(handle));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);

    const cases = await harness.query<{ case_number: string | null; handling_region: string | null }>(
      `SELECT case_number, handling_region FROM followup_case WHERE case_id = $1`,
      [caseId],
    );
    // Whichever event came first, the case carries what intake.case-opened said about it.
    expect(cases).toEqual([{ case_number: '(2026)粤0983司救77号', handling_region: '440983' }]);
    const ledger = await harness.query(`SELECT id FROM observation_entry WHERE case_id = $1`, [caseId]);
    expect(ledger).toHaveLength(events.length);
    const timeline = await harness.query(`SELECT id FROM timeline_entry WHERE case_id = $1`, [caseId]);
    expect(timeline).toHaveLength(events.length);
  });
});
