import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caseOpened,
  decisionIssued,
  disbursementRecorded,
  referralCreated,
  referralOutcomeRecorded,
  verificationCompleted,
} from '@jiuzhu/contracts';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import {
  aCalmVisit,
  aDisbursement,
  as,
  startFollowup,
  XINYI_COURT,
  type Client,
  type Harness,
} from './helpers.ts';

let harness: Harness;
let caseworker: Client;
beforeAll(async () => {
  harness = await startFollowup();
  caseworker = await as(harness, 'xinyi.caseworker');
});
afterAll(async () => harness?.stop());

const court = { userId: 'u-court', orgId: XINYI_COURT };

describe('observation ledger (观察台账)', () => {
  it('assembles the record of a case from every service that touched it, and exports it to Excel', async () => {
    const caseId = crypto.randomUUID();
    const base = { caseId, handlingOrgId: XINYI_COURT };
    const referralId = crypto.randomUUID();
    await harness.deliver(
      caseOpened,
      {
        ...base,
        caseNumber: '(2026)粤0983司救12号',
        leadSource: 'ex_officio',
        urgent: false,
        requestedAmountFen: 5_000_000,
      },
      { occurredAt: '2026-03-01T02:00:00.000Z', actor: court },
    );
    await harness.deliver(
      verificationCompleted,
      { ...base, eligible: true, recommendedAmountFen: 3_000_000, capFen: 20_000_000 },
      { occurredAt: '2026-03-05T02:00:00.000Z', actor: court },
    );
    await harness.deliver(
      decisionIssued,
      {
        ...base,
        decisionId: crypto.randomUUID(),
        outcome: 'approved',
        approvedAmountFen: 3_000_000,
        decisionNumber: '〔2026〕粤0983司救决3号',
      },
      { occurredAt: '2026-03-10T02:00:00.000Z', actor: court },
    );
    await harness.deliver(disbursementRecorded, aDisbursement(caseId, 3_000_000), {
      occurredAt: '2026-03-12T02:00:00.000Z',
      actor: { userId: 'u-finance', orgId: XINYI_COURT },
    });
    await harness.deliver(
      referralCreated,
      { ...base, referralId, partnerOrgId: 'civil-affairs-440983', programme: 'minimum_living_allowance' },
      { occurredAt: '2026-03-13T02:00:00.000Z', actor: court },
    );
    await harness.deliver(
      referralOutcomeRecorded,
      {
        ...base,
        referralId,
        partnerOrgId: 'civil-affairs-440983',
        programme: 'minimum_living_allowance',
        outcome: 'enrolled',
        enrolledFrom: '2026-04-01',
        monthlyAmountFen: 60_000,
      },
      { occurredAt: '2026-03-25T02:00:00.000Z', actor: { userId: 'u-civil', orgId: 'civil-affairs-440983' } },
    );

    // Four plan visits from the payment, one more after the referral outcome.
    const visits = await eventually(async () => {
      const list = await caseworker.listVisits.query({ caseId });
      return list.length === 5 ? list : undefined;
    }, 'visits');
    expect(visits.filter((v) => v.trigger === 'referral_outcome')).toEqual([
      expect.objectContaining({ dueOn: '2026-04-25', method: 'phone' }),
    ]);
    await caseworker.recordVisit.mutate({
      ...aCalmVisit(visits[0]!.visitId, '2026-04-12'),
      povertyRisk: 'low',
      needs: [{ programme: 'medical_assistance', note: '后续康复治疗费用较高' }],
    });

    const ledger = await caseworker.observationLedger.query({ caseId });
    expect(ledger).toMatchObject({
      caseNumber: '(2026)粤0983司救12号',
      status: 'open',
      handlingOrgId: XINYI_COURT,
    });
    const story = ledger.entries.filter((e) => e.kind !== 'visit_scheduled');
    expect(story.map((e) => [e.source, e.kind])).toEqual([
      ['intake', 'case_opened'],
      ['investigation', 'verification_completed'],
      ['approval', 'decision_issued'],
      ['payments', 'disbursement_recorded'],
      ['referral', 'referral_created'],
      ['referral', 'referral_outcome'],
      ['followup', 'visit_completed'],
      ['followup', 'need_found'],
    ]);
    expect(story[3]).toMatchObject({ amountFen: 3_000_000, summary: '发放救助金30,000.00元' });
    expect(story[5]).toMatchObject({
      orgId: 'civil-affairs-440983',
      summary: expect.stringContaining('已纳入最低生活保障'),
    });
    expect(ledger.entries.filter((e) => e.kind === 'visit_scheduled')).toHaveLength(5);

    const file = await caseworker.exportObservationLedger.query({ caseId });
    expect(file.fileName).toBe('观察台账-(2026)粤0983司救12号.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('观察台账')!;
    expect(String(sheet.getCell(1, 1).value)).toContain('(2026)粤0983司救12号');
    const rows: unknown[][] = [];
    sheet.eachRow((row, number) => {
      if (number > 3) rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows).toHaveLength(ledger.entries.length);
    expect(rows[0]!.slice(0, 5)).toEqual([1, '2026-03-01', '立案', '案源受理', XINYI_COURT]);
    const payment = rows.find((r) => r[2] === '救助金发放')!;
    expect(payment.slice(1, 7)).toEqual([
      '2026-03-12',
      '救助金发放',
      '资金发放',
      XINYI_COURT,
      '发放救助金30,000.00元',
      30_000,
    ]);
    expect(rows.some((r) => r[2] === '发现需求' && String(r[5]).includes('医疗救助'))).toBe(true);

    expect(
      await failureOf((await as(harness, 'gaozhou.caseworker')).exportObservationLedger.query({ caseId })),
    ).toMatchObject({
      status: 403,
    });
  });
});
