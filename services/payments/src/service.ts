import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import {
  advanceApproved,
  decisionIssued,
  paymentsRouter,
  type FundSource,
  type LedgerQuery,
} from '@jiuzhu/contracts';
import { on } from '@jiuzhu/bus';
import { defineService, notFound, requireAllowed } from '@jiuzhu/service-kit';
import { currentTraceContext } from '@jiuzhu/telemetry';
import { openDatabase, type Db, type Tx } from './database.ts';
import { attemptKey, dispatchOnce } from './dispatcher.ts';
import { reserveBudget } from './money.ts';
import { ledgerWorkbook } from './ledger-workbook.ts';
import { collectRecovery, openRecovery, RecoveryError, recoveryView } from './recovery.ts';
import { loadPaymentsSettings } from './settings.ts';
import { statistics } from './statistics.ts';
import { reconcile } from './reconcile.ts';
import { runtimeFor } from './runtime.ts';
import { simulatedBankSettleEveryMs } from './simulated-bank.ts';
import { budgetView, paymentView } from './views.ts';

const conflict = (message: string) => new TRPCError({ code: 'CONFLICT', message });
const DAY_MS = 86_400_000;

/**
 * Payments (发放救助): one instruction per approved decision, reserved against an agency budget, sent with an
 * idempotency key through the payment gateway (the simulated bank by default), posted to the double-entry
 * ledger when the bank confirms.
 */
export const paymentsService = defineService<Db, Tx>({
  name: 'payments',
  defaultPort: 4104,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  router: (ctx) => {
    const { db } = ctx;
    const { gateway } = runtimeFor(ctx);

    /** The case's instruction in progress, or else its latest. */
    async function instructionFor(caseId: string) {
      const row =
        (await db.paymentInstruction.findFirst({
          where: { caseId, status: { notIn: ['paid', 'cancelled'] } },
          orderBy: { approvedAt: 'desc' },
        })) ??
        (await db.paymentInstruction.findFirst({ where: { caseId }, orderBy: { approvedAt: 'desc' } }));
      if (!row) throw notFound('发放指令');
      return row;
    }

    const recoveryFailure = (error: unknown) =>
      error instanceof RecoveryError ? conflict(error.message) : error;

    async function ledgerEntries({ orgId, from, to, fundSource }: z.output<typeof LedgerQuery>) {
      const rows = await db.ledgerEntry.findMany({
        where: {
          orgId,
          ...(fundSource ? { fundSource } : {}),
          postedAt: {
            ...(from ? { gte: new Date(`${from}T00:00:00+08:00`) } : {}),
            ...(to ? { lt: new Date(new Date(`${to}T00:00:00+08:00`).getTime() + DAY_MS) } : {}),
          },
        },
        orderBy: [{ postedAt: 'asc' }, { account: 'asc' }],
      });
      return rows.map((row) => ({
        entryId: row.id,
        transactionId: row.transactionId,
        postedAt: row.postedAt.toISOString(),
        account: row.account,
        debitFen: Number(row.debitFen),
        creditFen: Number(row.creditFen),
        fundSource: row.fundSource as FundSource,
        caseId: row.caseId,
        decisionId: row.decisionId,
        actorUserId: row.actorUserId,
        memo: row.memo,
      }));
    }

    return paymentsRouter({
      async reconcile({ principal }, { orgId, year }) {
        requireAllowed(principal, 'money.read', { handlingOrgId: orgId });
        return reconcile(db, gateway, orgId, year);
      },

      async statistics({ principal }, { orgId, from, to }) {
        requireAllowed(principal, 'money.read', { handlingOrgId: orgId });
        return statistics(db, orgId, from, to);
      },

      async openRecovery({ principal }, { caseId, amountFen, reason }) {
        const paid = await db.paymentInstruction.findFirst({
          where: { caseId, status: 'paid' },
          orderBy: { paidAt: 'desc' },
        });
        if (!paid) throw notFound('已发放的救助金');
        requireAllowed(principal, 'payment.record', { handlingOrgId: paid.handlingOrgId });
        const recovery = await db
          .$transaction((tx) => openRecovery(tx, paid, BigInt(amountFen), reason, principal.userId))
          .catch((error: unknown) => {
            throw recoveryFailure(error);
          });
        return recoveryView(recovery);
      },

      async collectRecovery({ principal }, { recoveryId, amountFen }) {
        const recovery = await db.recovery.findUnique({ where: { id: recoveryId } });
        if (!recovery) throw notFound('追回事项');
        requireAllowed(principal, 'payment.record', { handlingOrgId: recovery.handlingOrgId });
        const updated = await db
          .$transaction((tx) => collectRecovery(tx, recoveryId, BigInt(amountFen), principal.userId))
          .catch((error: unknown) => {
            throw recoveryFailure(error);
          });
        return recoveryView(updated);
      },

      async listRecoveries({ principal }, { caseId }) {
        const rows = await db.recovery.findMany({ where: { caseId }, orderBy: { openedAt: 'asc' } });
        for (const row of rows) requireAllowed(principal, 'money.read', { handlingOrgId: row.handlingOrgId });
        return rows.map(recoveryView);
      },

      async listDisbursements({ principal }, { caseId }) {
        const rows = await db.disbursement.findMany({ where: { caseId }, orderBy: { recordedAt: 'asc' } });
        for (const row of rows) requireAllowed(principal, 'money.read', { handlingOrgId: row.handlingOrgId });
        return rows.map((row) => ({
          disbursementId: row.id,
          caseId: row.caseId,
          decisionId: row.decisionId,
          handlingOrgId: row.handlingOrgId,
          amountFen: Number(row.amountFen),
          fundSource: row.fundSource,
          recordedAt: row.recordedAt.toISOString(),
        }));
      },

      async setBudget({ principal }, input) {
        requireAllowed(principal, 'budget.manage', { handlingOrgId: input.orgId });
        const allocatedFen = BigInt(input.allocatedFen);
        return db.$transaction(async (tx) => {
          const key = { orgId: input.orgId, year: input.year, fundSource: input.fundSource };
          const existing = await tx.budget.findUnique({ where: { orgId_year_fundSource: key } });
          if (!existing) {
            const created = await tx.budget.create({
              data: {
                id: crypto.randomUUID(),
                ...key,
                allocatedFen,
                availableFen: allocatedFen,
                donor: input.donor ?? null,
                receiptNumber: input.receiptNumber ?? null,
              },
            });
            return budgetView(created);
          }
          const committed = existing.reservedFen + existing.spentFen;
          if (allocatedFen < committed)
            throw conflict(`预算不能低于已占用和已支出的金额（${Number(committed) / 100} 元）。`);
          const updated = await tx.budget.update({
            where: { id: existing.id },
            data: { allocatedFen, availableFen: allocatedFen - committed },
          });
          return budgetView(updated);
        });
      },

      async listBudgets({ principal }, { orgId, year }) {
        requireAllowed(principal, 'money.read', { handlingOrgId: orgId });
        const rows = await db.budget.findMany({ where: { orgId, year }, orderBy: { fundSource: 'asc' } });
        return rows.map(budgetView);
      },

      async getPayment({ principal }, { caseId }) {
        const row = await instructionFor(caseId);
        requireAllowed(principal, 'money.read', { handlingOrgId: row.handlingOrgId });
        return paymentView(row);
      },

      async listPayments({ principal }, { status }) {
        requireAllowed(principal, 'payment.record', { handlingOrgId: principal.org.id });
        const rows = await db.paymentInstruction.findMany({
          where: { handlingOrgId: principal.org.id, ...(status ? { status } : {}) },
          orderBy: { dueAt: 'asc' },
        });
        return rows.map((row) => paymentView(row));
      },

      async preparePayment({ principal }, { caseId, payeeName, bankAccount, bankName, fundSource }) {
        const row = await instructionFor(caseId);
        requireAllowed(principal, 'payment.record', { handlingOrgId: row.handlingOrgId });
        const updated = await db.$transaction(async (tx) => {
          const reservation = await reserveBudget(tx, row.handlingOrgId, row.amountFen, fundSource);
          const moved = await tx.paymentInstruction.updateMany({
            where: { id: row.id, status: { in: ['awaiting_payee', 'awaiting_funds'] } },
            data: {
              payeeName,
              bankAccount,
              bankName,
              preparedBy: principal.userId,
              traceContext: { ...currentTraceContext() },
              ...(reservation
                ? {
                    status: 'reserved',
                    budgetId: reservation.budgetId,
                    fundSource: reservation.fundSource,
                    attempts: 1,
                    idempotencyKey: attemptKey(row.id, 1),
                  }
                : { status: 'awaiting_funds', lastError: '预算余额不足，无法占用资金' }),
            },
          });
          if (moved.count !== 1) throw conflict('该发放指令已在办理中，不能重复提交。');
          return tx.paymentInstruction.findUniqueOrThrow({ where: { id: row.id } });
        });
        return paymentView(updated);
      },

      async retryPayment({ principal }, { caseId }) {
        const row = await instructionFor(caseId);
        requireAllowed(principal, 'payment.record', { handlingOrgId: row.handlingOrgId });
        const moved = await db.paymentInstruction.updateMany({
          where: { id: row.id, status: 'needs_attention', attempts: row.attempts },
          data: {
            status: 'reserved',
            attempts: row.attempts + 1,
            idempotencyKey: attemptKey(row.id, row.attempts + 1),
            preparedBy: principal.userId,
          },
        });
        if (moved.count !== 1) throw conflict('只有待财务人员处理的发放指令可以重新发送。');
        return paymentView(await instructionFor(caseId));
      },

      async cancelPayment({ principal }, { caseId, reason }) {
        const row = await instructionFor(caseId);
        requireAllowed(principal, 'payment.record', { handlingOrgId: row.handlingOrgId });
        await db.$transaction(async (tx) => {
          const moved = await tx.paymentInstruction.updateMany({
            where: { id: row.id, status: { in: ['awaiting_payee', 'awaiting_funds', 'needs_attention'] } },
            data: { status: 'cancelled', lastError: reason },
          });
          if (moved.count !== 1) throw conflict('该发放指令当前不能撤销。');
          if (row.budgetId && row.status === 'needs_attention')
            await tx.budget.update({
              where: { id: row.budgetId },
              data: { reservedFen: { decrement: row.amountFen }, availableFen: { increment: row.amountFen } },
            });
        });
        return paymentView(await instructionFor(caseId));
      },

      async listLedger({ principal }, query) {
        requireAllowed(principal, 'money.read', { handlingOrgId: query.orgId });
        return ledgerEntries(query);
      },

      async exportLedger({ principal }, query) {
        requireAllowed(principal, 'money.read', { handlingOrgId: query.orgId });
        const entries = await ledgerEntries(query);
        const orgName = principal.org.id === query.orgId ? principal.org.name : query.orgId;
        const period = `${query.from ?? '最早'} 至 ${query.to ?? '今'}`;
        const content = await ledgerWorkbook(entries, { orgName, period, fundSource: query.fundSource });
        return {
          fileName: `救助资金台账-${query.orgId}-${query.from ?? 'all'}-${query.to ?? 'now'}.xlsx`,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' as const,
          contentBase64: content.toString('base64'),
        };
      },
    });
  },
  jobs: (ctx) => {
    const { settings, gateway, applyResult } = runtimeFor(ctx);
    return [
      ...(settings.PAYMENTS_DISPATCHER === 'on'
        ? [
            {
              name: 'payment-dispatch',
              everyMs: settings.PAYMENTS_DISPATCH_INTERVAL_MS,
              run: () => dispatchOnce(ctx.db, gateway, settings, applyResult),
            },
          ]
        : []),
      {
        name: 'simulated-bank',
        everyMs: simulatedBankSettleEveryMs(settings),
        run: () => gateway.settle(applyResult),
      },
    ];
  },
  handlers: ({ env, logger }) => {
    const settings = loadPaymentsSettings(env);
    const dueAfter = (approvedAt: Date) =>
      new Date(approvedAt.getTime() + settings.PAYMENTS_DUE_DAYS * DAY_MS);
    return [
      on(advanceApproved, async (event, tx) => {
        const { caseId, handlingOrgId, advanceId, amountFen } = event.payload;
        const approvedAt = new Date(event.occurredAt);
        await tx.paymentInstruction.createMany({
          data: {
            id: crypto.randomUUID(),
            decisionId: advanceId,
            caseId,
            handlingOrgId,
            kind: 'advance',
            amountFen: BigInt(amountFen),
            status: 'awaiting_payee',
            approvedAt,
            dueAt: dueAfter(approvedAt),
          },
          skipDuplicates: true,
        });
      }),
      on(decisionIssued, async (event, tx) => {
        const { caseId, handlingOrgId, decisionId, outcome, approvedAmountFen } = event.payload;
        const approvedAt = new Date(event.payload.issuedAt ?? event.occurredAt);
        // A decision is handled once, even if it is announced again under a new event id.
        if (await tx.paymentInstruction.findUnique({ where: { decisionId } })) return;
        const advances = await tx.paymentInstruction.findMany({
          where: { caseId, kind: 'advance', status: { not: 'cancelled' } },
        });
        const advancedFen = advances.reduce((sum, a) => sum + a.amountFen, 0n);
        const decidedFen = outcome === 'approved' ? BigInt(approvedAmountFen) : 0n;
        if (decidedFen > advancedFen) {
          await tx.paymentInstruction.create({
            data: {
              id: crypto.randomUUID(),
              decisionId,
              caseId,
              handlingOrgId,
              amountFen: decidedFen - advancedFen,
              status: 'awaiting_payee',
              approvedAt,
              dueAt: dueAfter(approvedAt),
            },
          });
          return;
        }
        // Less was decided than advanced (or nothing, if found ineligible): the excess is recovered.
        let excess = advancedFen - decidedFen;
        for (const advance of advances) {
          if (excess === 0n) break;
          if (advance.status === 'awaiting_payee' || advance.status === 'awaiting_funds') {
            const part = advance.amountFen <= excess ? advance.amountFen : excess;
            if (part === advance.amountFen) {
              await tx.paymentInstruction.update({
                where: { id: advance.id },
                data: { status: 'cancelled', lastError: '案件决定不予救助或减少金额，先行救助撤销' },
              });
              excess -= part;
            }
          } else if (advance.status === 'paid') {
            const part = advance.amountFen <= excess ? advance.amountFen : excess;
            await openRecovery(
              tx,
              advance,
              part,
              '先行救助后经审查不符合救助条件或金额减少',
              'system:payments',
            );
            excess -= part;
          } else {
            logger.warn(
              { caseId, paymentId: advance.id },
              'advance still in flight when the case was decided',
            );
          }
        }
      }),
    ];
  },
});
