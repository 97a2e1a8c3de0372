import { afterAll, describe, expect, it } from 'vitest';
import { decisionIssued } from '@jiuzhu/contracts';
import { createLogger, startService } from '@jiuzhu/service-kit';
import { eventually } from '@jiuzhu/service-kit/testing';
import { bankAccountCipher, dataKeyFrom } from '../src/bank-account-crypto.ts';
import { openDatabase } from '../src/database.ts';
import { sendReady } from '../src/dispatcher.ts';
import { withCallTimeout } from '../src/gateway.ts';
import { paymentsService } from '../src/service.ts';
import { loadPaymentsSettings } from '../src/settings.ts';
import { createSimulatedBank } from '../src/simulated-bank.ts';
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
const COURT = 'court-440983';
const started: { stop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const running of started.reverse()) await running.stop();
});

/** A payments service with a funded budget; `pay` names the payee of a fresh approved decision. */
async function paymentsWith(env: Record<string, string>) {
  const harness = await startPayments({ ...QUIET_BANK, ...env });
  started.push(harness);
  const finance = await clientsFor(harness)('xinyi.finance');
  await finance.setBudget.mutate({
    orgId: COURT,
    year,
    fundSource: 'central_transfer',
    allocatedFen: 5_000_000,
  });
  async function pay(amountFen: number) {
    const decision = anApprovedDecision(amountFen);
    await harness.deliver(decisionIssued, decision);
    await eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'payment instruction');
    return finance.preparePayment.mutate({ caseId: decision.caseId, ...PAYEE });
  }
  const paid = (caseId: string) =>
    eventually(
      async () => {
        const payment = await finance.getPayment.query({ caseId });
        return payment.status === 'paid' ? payment : undefined;
      },
      'payment paid',
      30_000,
    );
  return { harness, finance, pay, paid };
}

const transfersAtBank = (harness: Harness) =>
  harness.query<{ idempotency_key: string; amount_fen: string }>(
    `SELECT idempotency_key, amount_fen::text FROM sim_bank_transfer ORDER BY idempotency_key`,
  );

describe('when the send to the bank times out', () => {
  it('the bank had taken the transfer: the chase finds it there, it is not sent again, and paid once', async () => {
    // Every send goes unanswered though the bank takes it, and no notification arrives: only the chase
    // (the status query under the transfer's key) can tell.
    const { harness, finance, pay, paid } = await paymentsWith({
      SIM_BANK_SEND_TIMEOUT_RATE: '1',
      SIM_BANK_SEND_TIMEOUT_ACCEPTED_RATE: '1',
      SIM_BANK_LOST_NOTIFICATION_RATE: '1',
      PAYMENTS_BANK_TIMEOUT_MS: '300',
      PAYMENTS_CONFIRM_TIMEOUT_MS: '800',
    });
    const prepared = await pay(700_000);
    const payment = await paid(prepared.caseId);
    expect(payment).toMatchObject({ attempts: 1, lastError: expect.stringContaining('银行接口超时') });

    expect(await transfersAtBank(harness)).toEqual([
      { idempotency_key: `${prepared.paymentId}:1`, amount_fen: '700000' },
    ]);
    expect(await moneyFacts(harness, prepared.caseId)).toEqual({
      disbursements: 1,
      unbalancedTransactions: 0,
      ledgerPaidFen: 700_000,
      disbursementEvents: 1,
    });
    expect((await finance.reconcile.query({ orgId: COURT, year })).funds).toEqual([
      expect.objectContaining({ bankConfirmedFen: 700_000, ledgerPaidFen: 700_000, reconciled: true }),
    ]);
  });

  it('the bank never got it: the pass goes on to the next transfer, and each is resent under its key and paid once', async () => {
    const { harness, finance, pay, paid } = await paymentsWith({ PAYMENTS_DISPATCHER: 'off' });
    const first = await pay(400_000);
    const second = await pay(600_000);
    expect([first.status, second.status]).toEqual(['reserved', 'reserved']);

    // One dispatcher pass against a bank that answers no send and takes none: neither order reaches it, and
    // the first one's timeout does not keep the second from being sent.
    const db = openDatabase({
      connectionString: harness.connectionString,
      schema: harness.schema,
      poolMax: 2,
    });
    started.push({ stop: () => db.$disconnect() });
    const logger = createLogger('payments-test', { level: 'silent' });
    const unreachable = withCallTimeout(
      createSimulatedBank(
        db,
        loadPaymentsSettings({ SIM_BANK_SEND_TIMEOUT_RATE: '1', SIM_BANK_SEND_TIMEOUT_ACCEPTED_RATE: '0' }),
      ),
      300,
    );
    await sendReady(db, unreachable, bankAccountCipher(dataKeyFrom(undefined, {}, logger)), logger);
    for (const { caseId } of [first, second])
      expect(await finance.getPayment.query({ caseId })).toMatchObject({
        status: 'sent',
        lastError: expect.stringContaining('银行接口超时'),
      });
    expect(await transfersAtBank(harness)).toEqual([]);

    // The bank answers again (here: a payments process whose bank behaves). The chase asks under each
    // transfer's key, learns the bank does not have it, and sends it again under that same key.
    const recovered = await startService(paymentsService, {
      ...QUIET_BANK,
      PAYMENTS_CONFIRM_TIMEOUT_MS: '300',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: harness.connectionString,
      DB_SCHEMA: harness.schema,
      BUS_SCHEMA: `${harness.schema}_bus`,
      KEYCLOAK_URL: 'http://127.0.0.1:9',
    });
    started.push(recovered);
    for (const prepared of [first, second]) {
      expect(await paid(prepared.caseId)).toMatchObject({ attempts: 1 });
      expect(await moneyFacts(harness, prepared.caseId)).toEqual({
        disbursements: 1,
        unbalancedTransactions: 0,
        ledgerPaidFen: prepared.amountFen,
        disbursementEvents: 1,
      });
    }
    expect(await transfersAtBank(harness)).toEqual(
      [
        { idempotency_key: `${first.paymentId}:1`, amount_fen: '400000' },
        { idempotency_key: `${second.paymentId}:1`, amount_fen: '600000' },
      ].sort((a, b) => a.idempotency_key.localeCompare(b.idempotency_key)),
    );
    expect((await finance.reconcile.query({ orgId: COURT, year })).funds).toEqual([
      expect.objectContaining({ bankConfirmedFen: 1_000_000, ledgerPaidFen: 1_000_000, reconciled: true }),
    ]);
  });
});
