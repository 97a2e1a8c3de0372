import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advanceApproved, decisionIssued, donationPledged, type FundSource } from '@jiuzhu/contracts';
import { eventually } from '@jiuzhu/service-kit/testing';
import { anApprovedDecision, clientsFor, PAYEE, QUIET_BANK, type Harness, startPayments } from './helpers.ts';
import { readLedgerExport } from './ledger-export.ts';
import { beijingToday, beijingMidnight } from '@jiuzhu/calendar';

const COURT = 'court-440983';
const PROCURATORATE = 'procuratorate-440981';
const FINANCE: Record<string, string> = { [COURT]: 'xinyi.finance', [PROCURATORATE]: 'gaozhou-jcy.finance' };
const today = beijingToday();
const year = Number(today.slice(0, 4));
let harness: Harness;
let as: ReturnType<typeof clientsFor>;
let numbered = 0;
/** A case number as intake gives them (JZ-year-agency-sequence). */
const aCaseNumber = (orgId: string) => `JZ-${year}-${orgId}-${String(++numbered).padStart(5, '0')}`;

/** A decision of the agency paid from the given source to the payee; returns its case once the bank paid. */
async function paidCase(
  orgId: string,
  amountFen: number,
  fundSource: FundSource,
  payee: typeof PAYEE = PAYEE,
): Promise<{ caseId: string; caseNumber: string }> {
  const finance = await as(FINANCE[orgId]!);
  const decision = { ...anApprovedDecision(amountFen, orgId), caseNumber: aCaseNumber(orgId) };
  await harness.deliver(decisionIssued, decision);
  await eventually(() => finance.getPayment.query({ caseId: decision.caseId }), 'instruction');
  await finance.preparePayment.mutate({ caseId: decision.caseId, ...payee, fundSource });
  await eventually(async () => {
    const payment = await finance.getPayment.query({ caseId: decision.caseId });
    return payment.status === 'paid' ? payment : undefined;
  }, 'paid');
  return { caseId: decision.caseId, caseNumber: decision.caseNumber };
}

beforeAll(async () => {
  harness = await startPayments(QUIET_BANK);
  as = clientsFor(harness);
  for (const orgId of [COURT, PROCURATORATE])
    for (const fundSource of ['central_transfer', 'provincial_finance'] as const)
      await (
        await as(FINANCE[orgId]!)
      ).setBudget.mutate({ orgId, year, fundSource, allocatedFen: 10_000_000 });
});
afterAll(async () => harness?.stop());

describe('the ledger names the person each movement is for', () => {
  it('payments, recoveries and collections carry the payee; donation receipts carry no one', async () => {
    const finance = await as('xinyi.finance');
    const { caseId, caseNumber } = await paidCase(COURT, 600_000, 'central_transfer');
    const recovery = await finance.openRecovery.mutate({ caseId, amountFen: 200_000, reason: '重复获赔' });
    await finance.collectRecovery.mutate({ recoveryId: recovery.recoveryId, amountFen: 50_000 });

    const pledge = {
      caseId: crypto.randomUUID(),
      handlingOrgId: COURT,
      pledgeId: crypto.randomUUID(),
      donorName: '信宜市某爱心企业',
      organisedByOrgId: 'womens-federation-440983',
      amountFen: 100_000,
    };
    await harness.deliver(donationPledged, pledge);
    await eventually(
      async () =>
        (await finance.listPledges.query({ orgId: COURT })).find((p) => p.pledgeId === pledge.pledgeId),
      'the pledge',
    );
    await finance.recordPledgeReceipt.mutate({
      pledgeId: pledge.pledgeId,
      receiptNumber: 'JZ-0001',
      receivedOn: today,
      amountFen: 100_000,
    });

    const [{ bank_account_hash: accountHash } = { bank_account_hash: '' }] = await harness.query<{
      bank_account_hash: string;
    }>(`SELECT bank_account_hash FROM payment_instruction WHERE case_id = $1`, [caseId]);
    expect(accountHash).toMatch(/^[0-9a-f]{64}$/);

    const ledger = await finance.listLedger.query({ orgId: COURT });
    const ofCase = ledger.filter((e) => e.caseId === caseId);
    expect(ofCase.map((e) => e.account).sort()).toEqual([
      'assistance_paid',
      'assistance_paid',
      'fund:central_transfer',
      'fund:central_transfer',
      'recovery_receivable',
      'recovery_receivable',
    ]);
    for (const entry of ofCase)
      expect(entry).toMatchObject({ payeeName: PAYEE.payeeName, payeeRef: accountHash });
    const donation = ledger.filter((e) => e.caseId === pledge.caseId);
    expect(donation.map((e) => [e.account, e.payeeName, e.payeeRef])).toEqual([
      ['donation_income', null, null],
      ['fund:donation', null, null],
    ]);
    // Neither the account nor any recognisable part of it is stored with the movements.
    const stored = await harness.query(
      `SELECT 1 FROM ledger_entry WHERE payee_ref LIKE $1 OR payee_name LIKE $1 OR memo LIKE $1`,
      [`%${PAYEE.bankAccount.slice(-6)}%`],
    );
    expect(stored).toEqual([]);

    const sheet = await readLedgerExport(await finance.exportLedger.query({ orgId: COURT }));
    expect(sheet.headers).toContain('救助对象');
    const persons = (number: string) =>
      sheet.entries.filter((r) => r['案件编号'] === number).map((r) => r['救助对象']);
    expect(persons(caseNumber)).toEqual(Array(6).fill(PAYEE.payeeName));
    // The pledged case was never decided here: its number is unknown, and its receipts are no one's.
    expect(persons('')).toEqual(['', '']);
  });
});

describe('the ledger export’s filters', () => {
  it('keeps only the chosen period, fund source and agency', async () => {
    const lastYearCase = await paidCase(COURT, 110_000, 'central_transfer');
    const provincial = (await paidCase(COURT, 120_000, 'provincial_finance')).caseNumber;
    const central = (await paidCase(COURT, 130_000, 'central_transfer')).caseNumber;
    const otherAgency = (
      await paidCase(PROCURATORATE, 140_000, 'central_transfer', { ...PAYEE, payeeName: '王某某' })
    ).caseNumber;
    // As last year's ledger holds it: paid on the evening of 31 December, Beijing time.
    await harness.query(`UPDATE ledger_entry SET posted_at = $1 WHERE case_id = $2`, [
      new Date(beijingMidnight(`${year}-01-01`).getTime() - 30 * 60_000),
      lastYearCase.caseId,
    ]);
    const lastYear = lastYearCase.caseNumber;
    const mine = [lastYear, provincial, central, otherAgency];

    type Query = Parameters<Awaited<ReturnType<typeof as>>['exportLedger']['query']>[0];
    /** The cases (among this test's) whose movements the export holds, and the debits' total, in yuan. */
    const exported = async (reader: string, query: Query) => {
      const sheet = await readLedgerExport(await (await as(reader)).exportLedger.query(query));
      const cases = [...new Set(sheet.entries.map((r) => r['案件编号'] as string))].filter((c) =>
        mine.includes(c),
      );
      return { cases: cases.sort(), heading: sheet.heading, debit: sheet.totals?.['借方金额（元）'] };
    };
    const sorted = (...numbers: string[]) => [...numbers].sort();
    const thisYear = { from: `${year}-01-01`, to: `${year}-12-31` };

    const before = await exported('xinyi.finance', { orgId: COURT, to: `${year - 1}-12-31` });
    expect(before.cases).toEqual([lastYear]);
    expect(before.heading).toContain(`至 ${year - 1}-12-31`);
    // Nothing else was posted before this year: the totals are that case's alone.
    expect(before.debit).toBe(1_100);
    expect((await exported('xinyi.finance', { orgId: COURT, ...thisYear })).cases).toEqual(
      sorted(provincial, central),
    );

    const bySource = await exported('xinyi.finance', { orgId: COURT, fundSource: 'central_transfer' });
    expect(bySource.cases).toEqual(sorted(lastYear, central));
    expect(bySource.heading).toContain('资金来源：中央政法转移支付');
    expect(
      (await exported('xinyi.finance', { orgId: COURT, fundSource: 'provincial_finance' })).cases,
    ).toEqual([provincial]);
    expect(
      (await exported('xinyi.finance', { orgId: COURT, ...thisYear, fundSource: 'central_transfer' })).cases,
    ).toEqual([central]);

    // Each agency's export holds only its own movements, whoever reads it: its finance officer, or the
    // supervisor of its parent agency.
    expect((await exported('gaozhou-jcy.finance', { orgId: PROCURATORATE })).cases).toEqual([otherAgency]);
    expect((await exported('maoming-jcy.supervisor', { orgId: PROCURATORATE })).cases).toEqual([otherAgency]);
    expect((await exported('maoming.supervisor', { orgId: COURT })).cases).toEqual(
      sorted(lastYear, provincial, central),
    );
  });
});

describe('the ledger names cases by their number (案件编号)', () => {
  it('shows the case number, not the internal id, in the list and the export, advances paid earlier included', async () => {
    const finance = await as('xinyi.finance');
    // An advance announced without the number (as older events were), paid before the case is decided.
    const caseId = crypto.randomUUID();
    await harness.deliver(advanceApproved, {
      caseId,
      handlingOrgId: COURT,
      advanceId: crypto.randomUUID(),
      amountFen: 50_000,
      completeBy: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    await eventually(() => finance.getPayment.query({ caseId }), 'advance instruction');
    await finance.preparePayment.mutate({ caseId, ...PAYEE });
    await eventually(async () => {
      const payment = await finance.getPayment.query({ caseId });
      return payment.status === 'paid' ? payment : undefined;
    }, 'advance paid');
    const unnumbered = (await finance.listLedger.query({ orgId: COURT })).filter((e) => e.caseId === caseId);
    expect(unnumbered.map((e) => e.caseNumber)).toEqual([null, null]);

    // The decision names the case's number: the whole case's movements show it from then on.
    const caseNumber = aCaseNumber(COURT);
    await harness.deliver(decisionIssued, {
      ...anApprovedDecision(80_000, COURT),
      caseId,
      caseNumber,
    });
    await eventually(async () => {
      const payment = await finance.getPayment.query({ caseId });
      return payment.kind === 'decision' && payment.status === 'awaiting_payee' ? payment : undefined;
    }, 'the decision’s remaining payment');
    await finance.preparePayment.mutate({ caseId, ...PAYEE });
    await eventually(async () => {
      const payment = await finance.getPayment.query({ caseId });
      return payment.status === 'paid' ? payment : undefined;
    }, 'decision paid');

    const ofCase = (await finance.listLedger.query({ orgId: COURT })).filter((e) => e.caseId === caseId);
    expect(ofCase).toHaveLength(4);
    expect(ofCase.map((e) => e.caseNumber)).toEqual(Array(4).fill(caseNumber));

    const sheet = await readLedgerExport(await finance.exportLedger.query({ orgId: COURT }));
    const rows = sheet.entries.filter((r) => r['案件编号'] === caseNumber);
    expect(rows.map((r) => [r['借方金额（元）'], r['贷方金额（元）']]).sort()).toEqual(
      [
        [0, 300],
        [0, 500],
        [300, 0],
        [500, 0],
      ].sort(),
    );
    // The internal id appears nowhere in the workbook.
    expect(JSON.stringify(sheet)).not.toContain(caseId);
  });
});

describe('the ledger names decisions by their number (决定编号)', () => {
  it('shows the decision number, 先行救助 for an advance, and the case number in the payments list', async () => {
    const finance = await as('xinyi.finance');
    const caseId = crypto.randomUUID();
    const caseNumber = aCaseNumber(COURT);
    const advanceId = crypto.randomUUID();
    await harness.deliver(advanceApproved, {
      caseId,
      handlingOrgId: COURT,
      advanceId,
      amountFen: 40_000,
      completeBy: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      caseNumber,
    });
    await eventually(() => finance.getPayment.query({ caseId }), 'advance instruction');
    await finance.preparePayment.mutate({ caseId, ...PAYEE });
    await eventually(async () => {
      const payment = await finance.getPayment.query({ caseId });
      return payment.status === 'paid' ? payment : undefined;
    }, 'advance paid');

    const decisionNumber = `〔${year}〕粤0983司救${Math.floor(Math.random() * 100_000)}号`;
    const decision = { ...anApprovedDecision(100_000, COURT), caseId, caseNumber, decisionNumber };
    await harness.deliver(decisionIssued, decision);
    const remaining = await eventually(async () => {
      const payment = await finance.getPayment.query({ caseId });
      return payment.kind === 'decision' ? payment : undefined;
    }, 'the decision’s remaining payment');
    // The finance officer's list names the case by its number, as the ledger does.
    expect(remaining).toMatchObject({ caseNumber, amountFen: 60_000 });
    expect((await finance.listPayments.query({})).filter((p) => p.caseId === caseId)).toEqual([
      expect.objectContaining({ kind: 'advance', caseNumber, status: 'paid' }),
      expect.objectContaining({ kind: 'decision', caseNumber, status: 'awaiting_payee' }),
    ]);
    await finance.preparePayment.mutate({ caseId, ...PAYEE });
    await eventually(async () => {
      const payment = await finance.getPayment.query({ caseId });
      return payment.status === 'paid' ? payment : undefined;
    }, 'decision paid');

    const ofCase = (await finance.listLedger.query({ orgId: COURT })).filter((e) => e.caseId === caseId);
    expect(ofCase.map((e) => [e.decisionNumber, e.advance, e.debitFen + e.creditFen])).toEqual([
      [null, true, 40_000],
      [null, true, 40_000],
      [decisionNumber, false, 60_000],
      [decisionNumber, false, 60_000],
    ]);

    const sheet = await readLedgerExport(await finance.exportLedger.query({ orgId: COURT }));
    const rows = sheet.entries.filter((r) => r['案件编号'] === caseNumber);
    expect(rows.map((r) => [r['决定编号'], r['借方金额（元）'], r['贷方金额（元）']])).toEqual([
      ['先行救助', 400, 0],
      ['先行救助', 0, 400],
      [decisionNumber, 600, 0],
      [decisionNumber, 0, 600],
    ]);
    // Neither internal id appears in the workbook.
    expect(JSON.stringify(sheet)).not.toContain(decision.decisionId);
    expect(JSON.stringify(sheet)).not.toContain(advanceId);
  });
});
