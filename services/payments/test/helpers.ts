import { createTRPCClient, httpLink } from '@trpc/client';
import { expect } from 'vitest';
import { caseOpened, type PaymentsRouter } from '@jiuzhu/contracts';
import { findOrganisation } from '@jiuzhu/identity';
import { startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { paymentsService } from '../src/service.ts';

export type Harness = Awaited<ReturnType<typeof startServiceUnderTest>>;

/**
 * Payments on a fresh schema, delivering intake's opening of each case before the first event about it, as in
 * production (payments acts only on cases it knows from intake.case-opened), unless the test opened it itself. The
 * opening names the agency the event names, and its parent as intake would: from the event, else the directory.
 */
export async function startPayments(env: NodeJS.ProcessEnv = {}): Promise<Harness> {
  const harness = await startServiceUnderTest(paymentsService, env);
  const openings = new Set<string>();
  const deliver: Harness['deliver'] = async (def, payload, overrides) => {
    const about = payload as { caseId?: string; handlingOrgId?: string; handlingOrgParentId?: string };
    const known = async (caseId: string) =>
      (await harness.query(`SELECT 1 FROM case_registry WHERE case_id = $1`, [caseId])).length > 0;
    if (def.type === caseOpened.type && about.caseId) openings.add(about.caseId);
    else if (
      about.caseId &&
      about.handlingOrgId &&
      !openings.has(about.caseId) &&
      !(await known(about.caseId))
    )
      await harness.openCase({
        caseId: about.caseId,
        handlingOrgId: about.handlingOrgId,
        handlingOrgParentId: about.handlingOrgParentId ?? findOrganisation(about.handlingOrgId)?.parentId,
      });
    return harness.deliver(def, payload, overrides);
  };
  return { ...harness, deliver };
}

/** Fast, well-behaved simulated bank; tests override what they exercise. */
export const QUIET_BANK = {
  PAYMENTS_DISPATCH_INTERVAL_MS: '100',
  SIM_BANK_SETTLE_MS: '100',
  SIM_BANK_FAILURE_RATE: '0',
  SIM_BANK_LOST_NOTIFICATION_RATE: '0',
  SIM_BANK_DUPLICATE_NOTIFICATION_RATE: '0',
  SIM_BANK_SEND_TIMEOUT_RATE: '0',
};

export function clientsFor(harness: Harness) {
  const cache = new Map<string, ReturnType<typeof createTRPCClient<PaymentsRouter>>>();
  return async (username: string) => {
    let client = cache.get(username);
    if (!client) {
      const token = await harness.tokenFor(username);
      client = createTRPCClient<PaymentsRouter>({
        links: [
          httpLink({ url: `${harness.url}/trpc`, headers: () => ({ authorization: `Bearer ${token}` }) }),
        ],
      });
      cache.set(username, client);
    }
    return client;
  };
}

/**
 * The status of an instruction just reserved, read while the dispatcher runs: it may already have been sent, or
 * even paid, by then; both only ever follow a reservation. (Tests of the reservation itself pause the dispatcher.)
 */
export const RESERVED_OR_LATER = expect.stringMatching(/^(reserved|sent|paid)$/);

export const anApprovedDecision = (approvedAmountFen: number, handlingOrgId = 'court-440983') => ({
  caseId: crypto.randomUUID(),
  handlingOrgId,
  decisionId: crypto.randomUUID(),
  outcome: 'approved' as const,
  approvedAmountFen,
});

export const PAYEE = {
  payeeName: '李某某',
  bankAccount: '6222021234567890123',
  bankName: '中国工商银行信宜支行',
};

/** The money invariants: exactly one disbursement, ledger transactions balanced, budget consistent. */
export async function moneyFacts(harness: Pick<Harness, 'query'>, caseId: string) {
  const disbursements = await harness.query(`SELECT amount_fen FROM disbursement WHERE case_id = $1`, [
    caseId,
  ]);
  const unbalanced = await harness.query(
    `SELECT transaction_id FROM ledger_entry GROUP BY transaction_id HAVING sum(debit_fen) <> sum(credit_fen)`,
  );
  const [paid] = await harness.query<{ debits: string | null }>(
    `SELECT sum(debit_fen)::text AS debits FROM ledger_entry WHERE case_id = $1 AND account = 'assistance_paid'`,
    [caseId],
  );
  const events = await harness.query(
    `SELECT 1 FROM outbox WHERE key = $1 AND envelope->>'type' = 'payments.disbursement-recorded'`,
    [caseId],
  );
  return {
    disbursements: disbursements.length,
    unbalancedTransactions: unbalanced.length,
    ledgerPaidFen: Number(paid?.debits ?? 0),
    disbursementEvents: events.length,
  };
}
