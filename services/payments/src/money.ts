import { disbursementRecorded, paymentNeedsAttention, type FundSource } from '@jiuzhu/contracts';
import type { ServiceContext } from '@jiuzhu/service-kit';
import { withTraceContext, type TraceContextCarrier } from '@jiuzhu/telemetry';
import type { Db, Tx } from './database.ts';
import type { BankResult } from './gateway.ts';
import type { PaymentsSettings } from './settings.ts';

type Ctx = Pick<ServiceContext<Db, Tx>, 'publish' | 'logger'>;

/** Preference order when the finance officer does not name a fund source. */
export const FUND_SOURCE_ORDER: readonly FundSource[] = [
  'central_transfer',
  'provincial_finance',
  'municipal_finance',
  'county_finance',
  'superior_joint',
  'donation',
];

export const chinaYear = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).getUTCFullYear();

/**
 * Reserves the amount against the agency's budget (the named source, or the first with enough left, trying
 * `preferred` first). The conditional update cannot overdraw: the row is re-checked under its lock, and a
 * CHECK constraint backs it.
 */
export async function reserveBudget(
  tx: Tx,
  orgId: string,
  amountFen: bigint,
  fundSource: FundSource | undefined,
  preferred?: FundSource,
): Promise<{ budgetId: string; fundSource: FundSource } | null> {
  const sources = fundSource
    ? [fundSource]
    : preferred
      ? [preferred, ...FUND_SOURCE_ORDER.filter((s) => s !== preferred)]
      : FUND_SOURCE_ORDER;
  const year = chinaYear(new Date());
  for (const source of sources) {
    const budget = await tx.budget.findUnique({
      where: { orgId_year_fundSource: { orgId, year, fundSource: source } },
    });
    if (!budget) continue;
    const reserved = await tx.budget.updateMany({
      where: { id: budget.id, availableFen: { gte: amountFen } },
      data: { availableFen: { decrement: amountFen }, reservedFen: { increment: amountFen } },
    });
    if (reserved.count === 1) return { budgetId: budget.id, fundSource: source };
  }
  return null;
}

/** Applies the bank's answer, however often it arrives: a confirmation pays once and posts the ledger once. */
export async function applyBankResult(
  db: Db,
  ctx: Ctx,
  settings: PaymentsSettings,
  result: BankResult,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const instruction = await tx.paymentInstruction.findFirst({
      where: { idempotencyKey: result.idempotencyKey },
    });
    if (!instruction) return;
    const open = {
      id: instruction.id,
      idempotencyKey: result.idempotencyKey,
      status: { in: ['reserved', 'sent'] },
    };
    if (result.outcome === 'failed') {
      const giveUp = instruction.attempts >= settings.PAYMENTS_MAX_ATTEMPTS;
      const reason = result.reason ?? '银行退回';
      const moved = await tx.paymentInstruction.updateMany({
        where: open,
        data: {
          status: giveUp ? 'needs_attention' : 'retry',
          lastError: reason,
          nextAttemptAt: new Date(Date.now() + settings.PAYMENTS_RETRY_DELAY_MS),
        },
      });
      if (giveUp && moved.count === 1)
        await ctx.publish(tx, paymentNeedsAttention, {
          caseKey: instruction.caseId,
          actor: { userId: 'system:payments', orgId: instruction.handlingOrgId },
          payload: {
            caseId: instruction.caseId,
            handlingOrgId: instruction.handlingOrgId,
            paymentId: instruction.id,
            decisionId: instruction.decisionId,
            instalmentNo: instruction.instalmentNo,
            amountFen: Number(instruction.amountFen),
            attempts: instruction.attempts,
            reason,
          },
        });
      return;
    }
    const paidAt = new Date();
    const paid = await tx.paymentInstruction.updateMany({ where: open, data: { status: 'paid', paidAt } });
    if (paid.count !== 1) {
      ctx.logger.info({ paymentId: instruction.id }, 'duplicate bank confirmation ignored');
      return;
    }
    const amountFen = instruction.amountFen;
    const fundSource = instruction.fundSource!;
    await tx.budget.update({
      where: { id: instruction.budgetId! },
      data: { reservedFen: { decrement: amountFen }, spentFen: { increment: amountFen } },
    });
    const transactionId = crypto.randomUUID();
    const part =
      instruction.instalmentCount > 1 ? `第${instruction.instalmentNo}/${instruction.instalmentCount}期` : '';
    const memo = `发放救助金${part}（银行流水 ${result.bankRef}）`;
    const common = {
      transactionId,
      postedAt: paidAt,
      orgId: instruction.handlingOrgId,
      fundSource,
      caseId: instruction.caseId,
      decisionId: instruction.decisionId,
      actorUserId: instruction.preparedBy ?? 'system:payments',
    };
    await tx.ledgerEntry.createMany({
      data: [
        {
          ...common,
          id: crypto.randomUUID(),
          account: 'assistance_paid',
          debitFen: amountFen,
          creditFen: 0n,
          memo,
        },
        {
          ...common,
          id: crypto.randomUUID(),
          account: `fund:${fundSource}`,
          debitFen: 0n,
          creditFen: amountFen,
          memo,
        },
      ],
    });
    const disbursement = await tx.disbursement.create({
      data: {
        id: crypto.randomUUID(),
        caseId: instruction.caseId,
        decisionId: instruction.decisionId,
        instructionId: instruction.id,
        handlingOrgId: instruction.handlingOrgId,
        amountFen,
        fundSource,
        recordedAt: paidAt,
      },
    });
    const trace = instruction.traceContext as TraceContextCarrier | null;
    await withTraceContext(trace ?? undefined, () =>
      ctx.publish(tx, disbursementRecorded, {
        caseKey: instruction.caseId,
        actor: { userId: common.actorUserId, orgId: instruction.handlingOrgId },
        payload: {
          caseId: instruction.caseId,
          handlingOrgId: instruction.handlingOrgId,
          disbursementId: disbursement.id,
          decisionId: instruction.decisionId,
          amountFen: Number(amountFen),
          fundSource,
        },
      }),
    );
  });
}
