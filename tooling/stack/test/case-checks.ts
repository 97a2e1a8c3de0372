import pg from 'pg';
import { expect } from 'vitest';

/** Who consumes whose events, as far as one case's journey goes (followup keeps every event as the timeline). */
const CONSUMES: ReadonlyArray<[consumer: string, upstream: string]> = [
  ['investigation', 'intake'],
  ['approval', 'investigation'],
  ['payments', 'approval'],
  ...['intake', 'investigation', 'approval', 'payments', 'referral'].map(
    (upstream) => ['followup', upstream] as [string, string],
  ),
];

async function query<R extends pg.QueryResultRow>(databaseUrl: string, sql: string, params: unknown[]) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/**
 * Each step happened once: every service published exactly the events the journey calls for, each
 * consumer recorded each upstream event of the case once (waiting up to a minute for the last to arrive), and
 * follow-up's ledger saw every other event.
 */
export async function expectEachStepOnce(
  databaseUrl: string,
  caseId: string,
  { referred }: { referred: boolean },
): Promise<void> {
  const published: Record<string, number> = {
    intake: 1,
    investigation: 1,
    approval: 1,
    payments: 1,
    referral: referred ? 2 : 0, // referral-created, outcome-recorded
    followup: referred ? 5 : 4, // the 1/3/6/12-month plan, plus a visit after the referral outcome
  };
  const count = async (sql: string) =>
    Number((await query<{ n: string }>(databaseUrl, sql, [caseId]))[0]?.n ?? 0);
  for (const [name, expected] of Object.entries(published))
    expect(await count(`SELECT count(*) AS n FROM "${name}".outbox WHERE key = $1`), `${name} events`).toBe(
      expected,
    );
  // A consumer takes each upstream topic's partitions on its own: after an instance dies, the last of them may
  // come over a lease later than the rest. Fewer is waited for; more fails at once.
  const deadline = Date.now() + 60_000;
  for (const [consumer, upstream] of CONSUMES) {
    const handledSoFar = () =>
      count(
        `SELECT count(*) AS n FROM "${consumer}".inbox i JOIN "${upstream}".outbox o ON o.id = i.event_id WHERE o.key = $1`,
      );
    const expected = consumer === 'followup' ? published[upstream]! : 1;
    let handled = await handledSoFar();
    while (handled < expected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      handled = await handledSoFar();
    }
    expect(handled, `${consumer} handled ${upstream}'s events of the case`).toBe(expected);
  }
}

/** Every consumer handled one case's events of each upstream service in the order they were published. */
export async function expectHandledInOrder(databaseUrl: string, caseId: string): Promise<void> {
  for (const [consumer, upstream] of CONSUMES) {
    const rows = await query<{ seq: string }>(
      databaseUrl,
      `SELECT o.seq FROM "${consumer}".inbox i JOIN "${upstream}".outbox o ON o.id = i.event_id
       WHERE o.key = $1 ORDER BY i.handled_at, o.seq`,
      [caseId],
    );
    const handledOrder = rows.map((row) => Number(row.seq));
    expect(handledOrder, `${consumer} handled ${upstream}'s events in order`).toEqual(
      [...handledOrder].sort((a, b) => a - b),
    );
  }
}

/** What the bank paid out for one case: confirmed transfers and their amounts, in fen. */
export async function bankTransfersOf(databaseUrl: string, caseId: string): Promise<number[]> {
  const rows = await query<{ amount_fen: string }>(
    databaseUrl,
    `SELECT t.amount_fen FROM payments.sim_bank_transfer t
     JOIN payments.payment_instruction p ON t.idempotency_key LIKE p.id || ':%'
     WHERE p.case_id = $1 AND t.status = 'confirmed'`,
    [caseId],
  );
  return rows.map((row) => Number(row.amount_fen));
}
