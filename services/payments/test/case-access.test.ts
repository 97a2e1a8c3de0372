import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionIssued, donationPledged } from '@jiuzhu/contracts';
import { OUT_OF_REACH } from '@jiuzhu/service-kit';
import { eventually, failureOf } from '@jiuzhu/service-kit/testing';
import { anApprovedDecision, clientsFor, PAYEE, QUIET_BANK, startPayments, type Harness } from './helpers.ts';

let harness: Harness;
let as: ReturnType<typeof clientsFor>;
const ORG = 'court-440983';
const refusal = { status: 403, message: OUT_OF_REACH };

beforeAll(async () => {
  harness = await startPayments({ ...QUIET_BANK, PAYMENTS_DISPATCHER: 'off' });
  as = clientsFor(harness);
});
afterAll(async () => harness?.stop());

/** Everything payments holds about one case: its instruction and a pledge for it. */
async function aCaseWithMoney() {
  const decision = anApprovedDecision(150_000, ORG);
  await harness.deliver(decisionIssued, decision);
  const pledgeId = crypto.randomUUID();
  await harness.deliver(donationPledged, {
    caseId: decision.caseId,
    handlingOrgId: ORG,
    pledgeId,
    donorName: '信宜市某爱心企业',
    organisedByOrgId: 'womens-federation-440983',
    amountFen: 50_000,
  });
  const finance = await as('xinyi.finance');
  const payment = await eventually(
    () => finance.getPayment.query({ caseId: decision.caseId }),
    'instruction',
  );
  await eventually(
    async () => (await finance.listPledges.query({ orgId: ORG })).find((p) => p.pledgeId === pledgeId),
    'the pledge',
  );
  return { caseId: decision.caseId, paymentId: payment.paymentId, pledgeId };
}

const stateOf = (caseId: string) =>
  harness.query(
    `SELECT status, payee_name, budget_id FROM payment_instruction WHERE case_id = $1
     UNION ALL SELECT status, NULL, NULL FROM pledge WHERE case_id = $1
     UNION ALL SELECT 'recovery', NULL, NULL FROM recovery WHERE case_id = $1
     UNION ALL SELECT 'access', NULL, NULL FROM bank_account_access a JOIN payment_instruction i ON i.id = a.instruction_id WHERE i.case_id = $1`,
    [caseId],
  );

describe("payments: another agency's case", () => {
  it('answers an outsider about a real case, payment or pledge exactly as about one that does not exist, and changes nothing', async () => {
    const { caseId, paymentId, pledgeId } = await aCaseWithMoney();
    const before = await stateOf(caseId);
    for (const username of [
      'gaozhou-jcy.finance',
      'yiyuan-jcy.finance',
      'gaozhou.caseworker',
      'maoming-jcy.supervisor',
    ]) {
      const outsider = await as(username);
      const nowhere = crypto.randomUUID();
      for (const id of [caseId, nowhere]) {
        expect(await failureOf(outsider.getPayment.query({ caseId: id })), username).toEqual(refusal);
        expect(await failureOf(outsider.listCasePayments.query({ caseId: id })), username).toEqual(refusal);
        expect(await failureOf(outsider.listDisbursements.query({ caseId: id })), username).toEqual(refusal);
        expect(await failureOf(outsider.listRecoveries.query({ caseId: id })), username).toEqual(refusal);
      }
      // A role that may never reveal accounts is told so, about a real payment as about a made-up one.
      const reveal = (id: string) =>
        failureOf(outsider.revealBankAccount.mutate({ paymentId: id, purpose: '核对收款账户' }));
      const revealed = await reveal(paymentId);
      expect(revealed.status, username).toBe(403);
      expect(await reveal(nowhere), username).toEqual(revealed);
    }
    const finance = await as('gaozhou-jcy.finance');
    for (const id of [caseId, crypto.randomUUID()]) {
      expect(await failureOf(finance.preparePayment.mutate({ caseId: id, ...PAYEE }))).toEqual(refusal);
      expect(await failureOf(finance.cancelPayment.mutate({ caseId: id, reason: '重复立案' }))).toEqual(
        refusal,
      );
      expect(
        await failureOf(finance.openRecovery.mutate({ caseId: id, amountFen: 100, reason: '骗取救助金' })),
      ).toEqual(refusal);
      // Its own agency's pledges, filtered to another agency's case: refused, not an empty list.
      expect(
        await failureOf(finance.listPledges.query({ orgId: 'procuratorate-440981', caseId: id })),
      ).toEqual(refusal);
    }
    for (const id of [pledgeId, crypto.randomUUID()])
      expect(
        await failureOf(
          finance.recordPledgeReceipt.mutate({
            pledgeId: id,
            receiptNumber: 'SJ-001',
            receivedOn: '2026-11-20',
            amountFen: 50_000,
          }),
        ),
      ).toEqual(refusal);
    // The agency's money as a whole is refused the same way, real agency or not.
    for (const orgId of [ORG, 'no-such-agency']) {
      expect(await failureOf(finance.listPledges.query({ orgId }))).toEqual(refusal);
      expect(await failureOf(finance.listLedger.query({ orgId }))).toEqual(refusal);
    }
    expect(await stateOf(caseId)).toEqual(before);
    expect((await finance.listPayments.query({})).map((p) => p.caseId)).not.toContain(caseId);
  });
});

describe('payments: need-to-know inside the agency', () => {
  it('keeps the case’s money from its lead referrer and its administrator, and shows it to finance', async () => {
    const { caseId } = await aCaseWithMoney();
    for (const username of ['xinyi.referrer', 'xinyi.admin']) {
      const person = await as(username);
      const refused = await failureOf(person.getPayment.query({ caseId }));
      expect(refused, username).toMatchObject({
        status: 403,
        message: expect.stringContaining('无权查看救助金额与发放情况'),
      });
      expect(await failureOf(person.getPayment.query({ caseId: crypto.randomUUID() })), username).toEqual(
        refused,
      );
    }
    expect((await (await as('xinyi.finance')).getPayment.query({ caseId })).caseId).toBe(caseId);
  });
});
