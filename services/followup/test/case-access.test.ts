import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disbursementRecorded, referralCreated, referralOutcomeRecorded } from '@jiuzhu/contracts';
import { OUT_OF_REACH } from '@jiuzhu/service-kit';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import {
  GAOZHOU_COURT,
  XINYI_COURT,
  aCalmVisit,
  aDisbursement,
  as,
  beijingDaysFromNow,
  startFollowup,
  type Client,
  type Harness,
} from './helpers.ts';

let harness: Harness;
let xinyi: Client;
beforeAll(async () => {
  harness = await startFollowup();
  xinyi = await as(harness, 'xinyi.caseworker');
});
afterAll(async () => harness?.stop());

const refusal = { status: 403, message: OUT_OF_REACH };

/** Xinyi court's case, paid, with its return visits planned. */
async function aPaidXinyiCase() {
  const { caseId } = await harness.openCase();
  await harness.deliver(disbursementRecorded, aDisbursement(caseId));
  const visits = await eventually(async () => {
    const list = await xinyi.listVisits.query({ caseId });
    return list.length === 4 ? list : undefined;
  }, 'the visit plan');
  // Quiet: follow-up's own announcements of the four visits are in the timeline too.
  await eventually(async () => {
    const { entries } = await xinyi.caseTimeline.query({ caseId });
    return entries.filter((e) => e.kind === 'followup.visit-scheduled').length === 4 ? true : undefined;
  }, 'the visits in the timeline');
  return { caseId, visitId: visits[0]!.visitId };
}

const stateOf = async (caseId: string) => ({
  visits: await harness.query(`SELECT id, status FROM visit WHERE case_id = $1 ORDER BY id`, [caseId]),
  ledger: await harness.query(`SELECT id FROM observation_entry WHERE case_id = $1 ORDER BY id`, [caseId]),
  timeline: await harness.query(`SELECT id FROM timeline_entry WHERE case_id = $1 ORDER BY id`, [caseId]),
  status: await harness.query(`SELECT status FROM followup_case WHERE case_id = $1`, [caseId]),
});

describe("follow-up: another agency's case", () => {
  it('keeps Xinyi’s timeline, ledger and visits to Xinyi when an event names another agency for its case', async () => {
    const { caseId } = await aPaidXinyiCase();
    const before = await stateOf(caseId);
    // What the referral service used to let a Gaozhou caseworker cause: a referral and its outcome on Xinyi's case.
    const foreign = {
      caseId,
      handlingOrgId: GAOZHOU_COURT,
      referralId: crypto.randomUUID(),
      partnerOrgId: 'civil-affairs-440983',
      programme: 'minimum_living_allowance' as const,
    };
    await harness.deliver(referralCreated, foreign);
    const last = await harness.deliver(referralOutcomeRecorded, { ...foreign, outcome: 'enrolled' as const });
    await eventually(async () => {
      const handled = await harness.query(`SELECT 1 FROM inbox WHERE event_id = $1`, [last.id]);
      return handled.length > 0 ? handled : undefined;
    }, 'the foreign outcome handled');

    expect(await stateOf(caseId)).toEqual(before);
    expect(await xinyi.listVisits.query({ caseId })).toHaveLength(4);
    const timeline = await xinyi.caseTimeline.query({ caseId });
    expect(timeline.entries.map((e) => e.kind)).not.toContain('referral.outcome-recorded');
    expect((await xinyi.observationLedger.query({ caseId })).handlingOrgId).toBe(XINYI_COURT);
  });

  it('answers an outsider about a real case or visit exactly as about one that does not exist, and changes nothing', async () => {
    const { caseId, visitId } = await aPaidXinyiCase();
    const before = await stateOf(caseId);
    for (const username of ['gaozhou.caseworker', 'gaozhou.head', 'yiyuan-jcy.chief', 'maoming.caseworker']) {
      const outsider = await as(harness, username);
      for (const id of [caseId, crypto.randomUUID()]) {
        expect(await failureOf(outsider.caseTimeline.query({ caseId: id })), username).toEqual(refusal);
        expect(await failureOf(outsider.caseStatus.query({ caseId: id })), username).toEqual(refusal);
      }
      // Their lists hold only their own agency's.
      expect(
        (await outsider.visitsDue.query({ until: beijingDaysFromNow(400) }).catch(() => [])).map(
          (v) => v.caseId,
        ),
        username,
      ).not.toContain(caseId);
    }
    const gaozhou = await as(harness, 'gaozhou.caseworker');
    for (const id of [caseId, crypto.randomUUID()]) {
      expect(await failureOf(gaozhou.listVisits.query({ caseId: id }))).toEqual(refusal);
      expect(await failureOf(gaozhou.observationLedger.query({ caseId: id }))).toEqual(refusal);
      expect(
        await failureOf(
          gaozhou.scheduleVisit.mutate({
            caseId: id,
            dueOn: beijingDaysFromNow(10),
            method: 'phone',
            purpose: 'return_visit',
          }),
        ),
      ).toEqual(refusal);
      expect(await failureOf(gaozhou.closeCase.mutate({ caseId: id }))).toEqual(refusal);
    }
    for (const id of [visitId, crypto.randomUUID()])
      expect(await failureOf(gaozhou.recordVisit.mutate(aCalmVisit(id, beijingDaysFromNow(0))))).toEqual(
        refusal,
      );
    expect(await stateOf(caseId)).toEqual(before);
  });
});
