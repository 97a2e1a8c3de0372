import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionIssued } from '@jiuzhu/contracts';
import { startService } from '@jiuzhu/service-kit';
import { eventually } from '@jiuzhu/service-kit/testing';
import { paymentsService } from '../src/service.ts';
import {
  anApprovedDecision,
  clientsFor,
  moneyFacts,
  PAYEE,
  QUIET_BANK,
  type Harness,
  startPayments,
} from './helpers.ts';
import { beijingYear } from '@jiuzhu/calendar';

const year = beijingYear();
let harness: Harness;

beforeAll(async () => {
  // The first process reserves but never gets to send: as if it were killed right after reserving.
  harness = await startPayments({ ...QUIET_BANK, PAYMENTS_DISPATCHER: 'off' });
});
afterAll(async () => harness?.stop());

describe('a payments service stopped between reserving and sending', () => {
  it('resumes after a restart and pays each instruction exactly once', async () => {
    const finance = await clientsFor(harness)('xinyi.finance');
    await finance.setBudget.mutate({
      orgId: 'court-440983',
      year,
      fundSource: 'central_transfer',
      allocatedFen: 3_000_000,
    });
    const reservedOnly = anApprovedDecision(1_000_000);
    const sentButNotRecorded = anApprovedDecision(1_200_000);
    for (const decision of [reservedOnly, sentButNotRecorded]) {
      await harness.deliver(decisionIssued, decision);
      await eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'instruction');
      expect(await finance.preparePayment.mutate({ caseId: decision.caseId, ...PAYEE })).toMatchObject({
        status: 'reserved',
      });
    }
    // The second one reached the bank just before the crash, but the service never recorded that it was sent.
    const [{ idempotency_key: key } = { idempotency_key: '' }] = await harness.query<{
      idempotency_key: string;
    }>(`SELECT idempotency_key FROM payment_instruction WHERE case_id = $1`, [sentButNotRecorded.caseId]);
    await harness.query(
      `INSERT INTO sim_bank_transfer (idempotency_key, amount_fen, status, bank_ref, settle_at) VALUES ($1, 1200000, 'pending', 'SIM-before-crash', now())`,
      [key],
    );

    const restarted = await startService(paymentsService, {
      ...QUIET_BANK,
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: process.env['TEST_DATABASE_URL'] || 'postgresql://postgres@127.0.0.1:5432/test',
      DB_SCHEMA: harness.schema,
      BUS_SCHEMA: `${harness.schema}_bus`,
      KEYCLOAK_URL: 'http://127.0.0.1:9',
    });
    try {
      for (const decision of [reservedOnly, sentButNotRecorded]) {
        await eventually(async () => {
          const payment = await finance.getPayment.query({ caseId: decision.caseId });
          return payment.status === 'paid' ? true : undefined;
        }, 'payment after restart');
        expect(await moneyFacts(harness, decision.caseId)).toEqual({
          disbursements: 1,
          unbalancedTransactions: 0,
          ledgerPaidFen: decision.approvedAmountFen,
          disbursementEvents: 1,
        });
      }
      expect(await harness.query(`SELECT 1 FROM sim_bank_transfer`)).toHaveLength(2);
      const [budget] = await finance.listBudgets.query({ orgId: 'court-440983', year });
      expect(budget).toMatchObject({ spentFen: 2_200_000, reservedFen: 0, availableFen: 800_000 });
    } finally {
      await restarted.stop();
    }
  });
});
