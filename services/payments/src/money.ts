import { disbursementRecorded, paymentNeedsAttention, type FundSource } from '@jiuzhu/contracts';
import type { ServiceContext } from '@jiuzhu/service-kit';
import { withTraceContext, type TraceContextCarrier } from '@jiuzhu/telemetry';
import type { Db, Tx } from './database.ts';
import { ledgerPerson } from './bank-accounts.ts';
import type { BankResult } from './gateway.ts';
import type { PaymentInstruction, Prisma } from './generated/prisma/client.ts';
import { ADVANCE_RECOVERY_REASON, ADVANCE_WITHDRAWN, openRecovery } from './recovery.ts';
import type { PaymentsSettings } from './settings.ts';
import { beijingYear } from '@jiuzhu/calendar';

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

/**
 * Reserves the amount against the agency's budget: the named source, or else the first with enough left.
 * Donation money pledged to a named case is reserved for it (earmarked): that case draws on it before any
 * other source, and no other case may use it. The budget row is locked before it is checked, so concurrent
 * reservations and receipts cannot overdraw it or take another case's earmark; CHECK constraints back this.
 */
export async function reserveBudget(
  tx: Tx,
  orgId: string,
  caseId: string,
  amountFen: bigint,
  fundSource: FundSource | undefined,
): Promise<{ budgetId: string; fundSource: FundSource; earmarkedFen: bigint } | null> {
  const year = beijingYear();
  const budgetOf = (source: FundSource) =>
    tx.budget.findUnique({ where: { orgId_year_fundSource: { orgId, year, fundSource: source } } });
  const earmarkOf = (budgetId: string) =>
    tx.donationEarmark.findUnique({ where: { budgetId_caseId: { budgetId, caseId } } });

  let sources: readonly FundSource[] = fundSource ? [fundSource] : FUND_SOURCE_ORDER;
  if (!fundSource) {
    const donation = await budgetOf('donation');
    const earmark = donation && (await earmarkOf(donation.id));
    if (earmark && earmark.receivedFen > earmark.drawnFen)
      sources = ['donation', ...FUND_SOURCE_ORDER.filter((s) => s !== 'donation')];
  }
  for (const source of sources) {
    const found = await budgetOf(source);
    if (!found || found.availableFen < amountFen) continue;
    // A no-op update takes the row lock; what is read from here on holds until this transaction ends.
    const budget = await tx.budget.update({
      where: { id: found.id },
      data: { availableFen: { increment: 0n } },
    });
    const earmark = budget.earmarkedFen > 0n ? await earmarkOf(budget.id) : null;
    const own = earmark ? earmark.receivedFen - earmark.drawnFen : 0n;
    const drawn = own < amountFen ? own : amountFen;
    if (budget.availableFen - budget.earmarkedFen < amountFen - drawn) continue;
    await tx.budget.update({
      where: { id: budget.id },
      data: {
        availableFen: { decrement: amountFen },
        reservedFen: { increment: amountFen },
        earmarkedFen: { decrement: drawn },
      },
    });
    if (drawn > 0n)
      await tx.donationEarmark.update({
        where: { budgetId_caseId: { budgetId: budget.id, caseId } },
        data: { drawnFen: { increment: drawn } },
      });
    return { budgetId: budget.id, fundSource: source, earmarkedFen: drawn };
  }
  return null;
}

/** Gives a reservation back to its budget, and the case's earmarked part back to the case. */
export async function releaseReservation(
  tx: Tx,
  instruction: Pick<PaymentInstruction, 'budgetId' | 'caseId' | 'amountFen' | 'earmarkedFen'>,
): Promise<void> {
  if (!instruction.budgetId) return;
  const { budgetId, caseId, amountFen, earmarkedFen } = instruction;
  await tx.budget.update({
    where: { id: budgetId },
    data: {
      reservedFen: { decrement: amountFen },
      availableFen: { increment: amountFen },
      earmarkedFen: { increment: earmarkedFen },
    },
  });
  if (earmarkedFen > 0n)
    await tx.donationEarmark.update({
      where: { budgetId_caseId: { budgetId, caseId } },
      data: { drawnFen: { decrement: earmarkedFen } },
    });
}

/** An instruction in one of these states is not with the bank (never sent, or refused by it): it can be stopped. */
export const UNSENT_STATUSES = ['awaiting_payee', 'awaiting_funds', 'reserved', 'retry', 'needs_attention'];

/**
 * Cancels the matching instructions that have not gone to the bank, with the reason, and gives their
 * reservations (and any earmarked part) back. Instructions already sent are left to complete: the dispatcher
 * marks an instruction sent before it asks the bank, so one cancelled here is never sent.
 */
export async function cancelUnsent(
  tx: Tx,
  where: Prisma.PaymentInstructionWhereInput,
  reason: string,
): Promise<PaymentInstruction[]> {
  const cancelled = await tx.paymentInstruction.updateManyAndReturn({
    where: { ...where, status: { in: UNSENT_STATUSES } },
    data: { status: 'cancelled', lastError: reason },
  });
  for (const row of cancelled) await releaseReservation(tx, row);
  return cancelled;
}

/**
 * Applies the bank's answer, however often it arrives: a confirmation pays once and posts the ledger once. An
 * advance the case's decision took back while it was at the bank (recoverIfPaidFen) becomes a receivable when
 * confirmed, or, refused and taken back whole, is cancelled rather than retried.
 */
export async function applyBankResult(
  db: Db,
  ctx: Ctx,
  settings: PaymentsSettings,
  result: BankResult,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const found = await tx.paymentInstruction.findFirst({
      where: { idempotencyKey: result.idempotencyKey },
    });
    if (!found) return;
    // Locked and read again (a no-op update): a decision taking the advance back is either seen or waits.
    const instruction = await tx.paymentInstruction.update({
      where: { id: found.id },
      data: { attempts: { increment: 0 } },
    });
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
      if (moved.count !== 1) return;
      if (instruction.recoverIfPaidFen === instruction.amountFen) {
        // Nothing was paid and nothing is owed: the case no longer grants this advance.
        await cancelUnsent(tx, { id: instruction.id }, `${ADVANCE_WITHDRAWN}（${reason}）`);
        return;
      }
      if (giveUp)
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
      ...ledgerPerson(instruction),
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
    if (instruction.recoverIfPaidFen > 0n)
      await openRecovery(
        tx,
        [{ ...instruction, status: 'paid', paidAt }],
        instruction.recoverIfPaidFen,
        ADVANCE_RECOVERY_REASON,
        'system:payments',
      );
  });
}
