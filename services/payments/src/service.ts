import { TRPCError } from '@trpc/server';
import type { z } from 'zod';
import {
  advanceApproved,
  caseOpened,
  decisionIssued,
  donationPledged,
  paymentsRouter,
  paymentsRevealLimitExceeded,
  type FundSource,
  type LedgerQuery,
  type PaymentAlertView,
  type Principal,
} from '@jiuzhu/contracts';
import { on } from '@jiuzhu/bus';
import { caseRefusal, defineService, notFound, requireAllowed, revealLimit } from '@jiuzhu/service-kit';
import { lockedAdvances, takeBackAdvances } from './advances.ts';
import { caseNumbersOf, decisionNumbersOf, rememberCaseNumber } from './case-numbers.ts';
import { announceOverdue, overdueWhere } from './alerts.ts';
import { reencryptAccounts, storedAccount } from './bank-accounts.ts';
import { DonationError, pledgeView, receivePledgeMoney } from './donations.ts';
import { splitIntoInstalments, InstalmentError } from './instalments.ts';
import { currentTraceContext } from '@jiuzhu/telemetry';
import { openDatabase, type Db, type Tx } from './database.ts';
import { attemptKey, dispatchOnce } from './dispatcher.ts';
import { cancelUnsent, releaseReservation, reserveBudget } from './money.ts';
import { ledgerWorkbook } from './ledger-workbook.ts';
import { collectRecovery, openRecovery, RecoveryError, recoveryView } from './recovery.ts';
import { loadPaymentsSettings } from './settings.ts';
import { statistics } from './statistics.ts';
import { reconcile } from './reconcile.ts';
import { runtimeFor } from './runtime.ts';
import { simulatedBankSettleEveryMs } from './simulated-bank.ts';
import { budgetView, paymentView } from './views.ts';
import type { PaymentInstruction } from './generated/prisma/client.ts';
import { beijingDayRange } from '@jiuzhu/calendar';

const conflict = (message: string) => new TRPCError({ code: 'CONFLICT', message });
const badRequest = (message: string) => new TRPCError({ code: 'BAD_REQUEST', message });
const DAY_MS = 86_400_000;
const AWAITING = ['awaiting_payee', 'awaiting_funds'];
const stoppedBy = (reason: string) => `因追回救助金（${reason}）撤销，不再发放`;

/**
 * Payments (发放救助): one instruction per approved decision (or per instalment), reserved against an agency
 * budget, sent with an idempotency key through the payment gateway (the simulated bank by default), posted to
 * the double-entry ledger when the bank confirms. Donations pledged through referral become the agency's
 * donation budget as the money is received. Bank accounts are stored encrypted.
 */
export const paymentsService = defineService<Db, Tx>({
  name: 'payments',
  defaultPort: 4104,
  migrationsDir: new URL('../prisma/migrations/', import.meta.url),
  openDatabase,
  router: (ctx) => {
    const { db, cases } = ctx;
    const { gateway, cipher, settings } = runtimeFor(ctx);
    const reveals = revealLimit(ctx, {
      alert: paymentsRevealLimitExceeded,
      countSince: (tx, userId, since) =>
        tx.bankAccountAccess.count({ where: { accessedBy: userId, accessedAt: { gte: since } } }),
    });

    /** The named instruction of the case, or else the case's instruction in progress, or else its latest. */
    async function instructionFor(caseId: string, paymentId?: string) {
      const row = paymentId
        ? await db.paymentInstruction.findFirst({ where: { id: paymentId, caseId } })
        : ((await db.paymentInstruction.findFirst({
            where: { caseId, status: { notIn: ['paid', 'cancelled'] } },
            orderBy: [{ approvedAt: 'desc' }, { instalmentNo: 'asc' }],
          })) ??
          (await db.paymentInstruction.findFirst({
            where: { caseId },
            orderBy: [{ approvedAt: 'desc' }, { instalmentNo: 'desc' }],
          })));
      if (!row) throw notFound('发放指令');
      return row;
    }

    // Parents of agencies, learnt from their own people's tokens and from case, decision and advance events (older
    // events lack it): the policy lets supervisors of the parent agency read the agency's money (money.read) and
    // needs to know who. (A case's own record, from its opening, answers that for the case.)
    const parents = new Map<string, string>();
    async function learnParent(principal: Principal) {
      const parentId = principal.org.parentId;
      if (!parentId || parents.get(principal.org.id) === parentId) return;
      await db.orgParent.upsert({
        where: { orgId: principal.org.id },
        create: { orgId: principal.org.id, parentId },
        update: { parentId },
      });
      parents.set(principal.org.id, parentId);
    }
    /** Authorizes an action on the agency's money as a whole (budgets, ledger, statistics). */
    async function allow(
      principal: Principal,
      action: Parameters<typeof requireAllowed>[1],
      handlingOrgId: string,
    ) {
      await learnParent(principal);
      let parentId = parents.get(handlingOrgId);
      if (!parentId) {
        parentId = (await db.orgParent.findUnique({ where: { orgId: handlingOrgId } }))?.parentId;
        if (parentId) parents.set(handlingOrgId, parentId);
      }
      const target = parentId ? { handlingOrgId, handlingOrgParentId: parentId } : { handlingOrgId };
      requireAllowed(principal, action, target);
    }

    /** The views of these instructions, each with its case's number. */
    async function paymentViews(rows: PaymentInstruction[], now = new Date()) {
      const numbers = await caseNumbersOf(db, [...new Set(rows.map((row) => row.caseId))]);
      return rows.map((row) => paymentView(row, numbers.get(row.caseId) ?? null, now));
    }
    const onePaymentView = async (row: PaymentInstruction) => (await paymentViews([row]))[0]!;

    const recoveryFailure = (error: unknown) =>
      error instanceof RecoveryError ? conflict(error.message) : error;

    async function ledgerEntries({ orgId, from, to, fundSource }: z.output<typeof LedgerQuery>) {
      const rows = await db.ledgerEntry.findMany({
        where: {
          orgId,
          ...(fundSource ? { fundSource } : {}),
          postedAt: {
            ...(from ? { gte: beijingDayRange(from).gte } : {}),
            ...(to ? { lt: beijingDayRange(to).lt } : {}),
          },
        },
        orderBy: [{ postedAt: 'asc' }, { account: 'asc' }],
      });
      const numbers = await caseNumbersOf(db, [...new Set(rows.map((row) => row.caseId))]);
      const decisionIds = [...new Set(rows.map((row) => row.decisionId))];
      const decisionNumbers = await decisionNumbersOf(db, decisionIds);
      // Advances are paid before any decision: their entries name the advance, which has no number.
      const advances = new Set(
        (
          await db.paymentInstruction.findMany({
            where: { decisionId: { in: decisionIds }, kind: 'advance' },
            select: { decisionId: true },
          })
        ).map((row) => row.decisionId),
      );
      return rows.map((row) => ({
        entryId: row.id,
        transactionId: row.transactionId,
        postedAt: row.postedAt.toISOString(),
        account: row.account,
        debitFen: Number(row.debitFen),
        creditFen: Number(row.creditFen),
        fundSource: row.fundSource as FundSource,
        caseId: row.caseId,
        caseNumber: numbers.get(row.caseId) ?? null,
        decisionId: row.decisionId,
        decisionNumber: decisionNumbers.get(row.decisionId) ?? null,
        advance: advances.has(row.decisionId),
        actorUserId: row.actorUserId,
        memo: row.memo,
        payeeName: row.payeeName,
        payeeRef: row.payeeRef,
      }));
    }

    return paymentsRouter({
      async reconcile({ principal }, { orgId, year }) {
        await allow(principal, 'money.read', orgId);
        return reconcile(db, gateway, orgId, year);
      },

      async statistics({ principal }, { orgId, from, to }) {
        await allow(principal, 'money.read', orgId);
        return statistics(db, orgId, from, to);
      },

      async openRecovery({ principal }, { caseId, amountFen, reason }) {
        await cases.authorize(principal, 'payment.record', caseId);
        const latest = await db.paymentInstruction.findFirst({
          where: { caseId, status: 'paid' },
          orderBy: { paidAt: 'desc' },
        });
        if (!latest) throw notFound('已发放的救助金');
        // Everything paid on the case, its advances included: the latest decision first, its latest
        // instalment first.
        const paid = await db.paymentInstruction.findMany({
          where: { caseId, handlingOrgId: latest.handlingOrgId, status: 'paid' },
          orderBy: [{ approvedAt: 'desc' }, { instalmentNo: 'desc' }],
        });
        const recovery = await db
          .$transaction(async (tx) => {
            const opened = await openRecovery(tx, paid, BigInt(amountFen), reason, principal.userId);
            // Nothing the case has not yet sent to the bank is paid any more (its advance as well as its
            // decisions); what is sent completes.
            await cancelUnsent(tx, { caseId, handlingOrgId: latest.handlingOrgId }, stoppedBy(reason));
            return opened;
          })
          .catch((error: unknown) => {
            throw recoveryFailure(error);
          });
        return recoveryView(recovery);
      },

      async collectRecovery({ principal }, { recoveryId, amountFen }) {
        const recovery = await db.recovery.findUnique({ where: { id: recoveryId } });
        if (!recovery) throw caseRefusal(principal, 'payment.record');
        await cases.authorize(principal, 'payment.record', recovery.caseId);
        const updated = await db
          .$transaction((tx) => collectRecovery(tx, recoveryId, BigInt(amountFen), principal.userId))
          .catch((error: unknown) => {
            throw recoveryFailure(error);
          });
        return recoveryView(updated);
      },

      async listRecoveries({ principal }, { caseId }) {
        await cases.authorize(principal, 'money.read', caseId);
        const rows = await db.recovery.findMany({ where: { caseId }, orderBy: { openedAt: 'asc' } });
        return rows.map(recoveryView);
      },

      async listDisbursements({ principal }, { caseId }) {
        await cases.authorize(principal, 'money.read', caseId);
        const rows = await db.disbursement.findMany({ where: { caseId }, orderBy: { recordedAt: 'asc' } });
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
        await allow(principal, 'budget.manage', input.orgId);
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
          if (allocatedFen < committed + existing.earmarkedFen)
            throw conflict(
              `预算不能低于已占用、已支出和定向捐助尚未使用的金额（${Number(committed + existing.earmarkedFen) / 100} 元）。`,
            );
          const updated = await tx.budget.update({
            where: { id: existing.id },
            data: { allocatedFen, availableFen: allocatedFen - committed },
          });
          return budgetView(updated);
        });
      },

      async listBudgets({ principal }, { orgId, year }) {
        await allow(principal, 'money.read', orgId);
        const rows = await db.budget.findMany({ where: { orgId, year }, orderBy: { fundSource: 'asc' } });
        return rows.map(budgetView);
      },

      async getPayment({ principal }, { caseId }) {
        await cases.authorize(principal, 'money.read', caseId);
        const row = await instructionFor(caseId);
        return onePaymentView(row);
      },

      async listCasePayments({ principal }, { caseId }) {
        await cases.authorize(principal, 'money.read', caseId);
        const rows = await db.paymentInstruction.findMany({
          where: { caseId },
          orderBy: [{ approvedAt: 'asc' }, { instalmentNo: 'asc' }],
        });
        return paymentViews(rows);
      },

      async listPaymentAlerts({ principal }, { orgId }) {
        const handlingOrgId = orgId ?? principal.org.id;
        await allow(principal, 'money.read', handlingOrgId);
        const now = new Date();
        const rows = await db.paymentInstruction.findMany({
          where: { handlingOrgId, OR: [overdueWhere(now), { status: 'needs_attention' }] },
          orderBy: { dueAt: 'asc' },
        });
        const views = await paymentViews(rows, now);
        return rows.flatMap((row, index) => {
          const payment = views[index]!;
          const alerts: PaymentAlertView[] = [];
          if (row.status === 'needs_attention') alerts.push({ kind: 'needs_attention', payment });
          if (payment.overdue) alerts.push({ kind: 'overdue', payment });
          return alerts;
        });
      },

      async revealBankAccount({ principal }, { paymentId, purpose }) {
        const row = await db.paymentInstruction.findUnique({ where: { id: paymentId } });
        if (!row) throw caseRefusal(principal, 'bankaccount.reveal');
        await cases.authorize(principal, 'bankaccount.reveal', row.caseId);
        await reveals.run(principal, { procedure: 'revealBankAccount', caseKey: row.caseId }, (tx) =>
          tx.bankAccountAccess.create({
            data: {
              instructionId: row.id,
              accessedBy: principal.userId,
              accessedByOrg: principal.org.id,
              purpose,
            },
          }),
        );
        return {
          paymentId: row.id,
          payeeName: row.payeeName,
          bankName: row.bankName,
          bankAccount: row.bankAccount ? cipher.decrypt(row.bankAccount) : null,
        };
      },

      async splitPayment({ principal }, { caseId, instalments }) {
        await cases.authorize(principal, 'payment.record', caseId);
        const row = await instructionFor(caseId);
        const rows = await db
          .$transaction((tx) => splitIntoInstalments(tx, row, instalments, settings.PAYMENTS_DUE_DAYS))
          .catch((error: unknown) => {
            throw error instanceof InstalmentError
              ? error.kind === 'input'
                ? badRequest(error.message)
                : conflict(error.message)
              : error;
          });
        return paymentViews(rows);
      },

      async listPledges({ principal }, { orgId, caseId, status }) {
        await allow(principal, 'money.read', orgId);
        if (caseId) await cases.authorize(principal, 'money.read', caseId);
        const rows = await db.pledge.findMany({
          where: { handlingOrgId: orgId, ...(caseId ? { caseId } : {}), ...(status ? { status } : {}) },
          include: { receipts: { orderBy: { recordedAt: 'asc' } } },
          orderBy: { pledgedAt: 'asc' },
        });
        return rows.map(pledgeView);
      },

      async recordPledgeReceipt({ principal }, { pledgeId, receiptNumber, receivedOn, amountFen }) {
        const pledge = await db.pledge.findUnique({ where: { id: pledgeId } });
        if (!pledge) throw caseRefusal(principal, 'donation.receive');
        await cases.authorize(principal, 'donation.receive', pledge.caseId);
        const viewOf = async () =>
          pledgeView(
            await db.pledge.findUniqueOrThrow({
              where: { id: pledgeId },
              include: { receipts: { orderBy: { recordedAt: 'asc' } } },
            }),
          );
        const earlier = await db.pledgeReceipt.findUnique({
          where: { pledgeId_receiptNumber: { pledgeId, receiptNumber } },
        });
        if (earlier) {
          // The same receipt sent again (e.g. a retried request) changes nothing.
          if (
            earlier.amountFen === BigInt(amountFen) &&
            earlier.receivedOn.toISOString().startsWith(receivedOn)
          )
            return viewOf();
          throw conflict(`收据号 ${receiptNumber} 已登记过其他金额或日期，请核对收据。`);
        }
        await db
          .$transaction((tx) =>
            receivePledgeMoney(
              tx,
              pledge,
              { receiptNumber, receivedOn, amountFen: BigInt(amountFen) },
              principal.userId,
            ),
          )
          .catch((error: unknown) => {
            throw error instanceof DonationError ? conflict(error.message) : error;
          });
        return viewOf();
      },

      async listPayments({ principal }, { status }) {
        await allow(principal, 'payment.record', principal.org.id);
        const rows = await db.paymentInstruction.findMany({
          where: { handlingOrgId: principal.org.id, ...(status ? { status } : {}) },
          orderBy: { dueAt: 'asc' },
        });
        return paymentViews(rows);
      },

      async preparePayment(
        { principal },
        { caseId, paymentId, payeeName, bankAccount, bankName, fundSource },
      ) {
        await cases.authorize(principal, 'payment.record', caseId);
        const row = await instructionFor(caseId, paymentId);
        const payee = { payeeName, bankName, ...storedAccount(cipher, bankAccount) };
        await db.$transaction(async (tx) => {
          // Instalments of one decision are prepared together: the same payee, each reserved on its own.
          const rows: PaymentInstruction[] =
            row.instalmentCount > 1
              ? await tx.paymentInstruction.findMany({
                  where: { decisionId: row.decisionId, status: { in: AWAITING } },
                  orderBy: { instalmentNo: 'asc' },
                })
              : [row];
          if (rows.length === 0) throw conflict('该发放指令已在办理中，不能重复提交。');
          for (const instalment of rows) {
            const reservation = await reserveBudget(
              tx,
              instalment.handlingOrgId,
              instalment.caseId,
              instalment.amountFen,
              fundSource,
            );
            const moved = await tx.paymentInstruction.updateMany({
              where: { id: instalment.id, status: { in: AWAITING } },
              data: {
                ...payee,
                preparedBy: principal.userId,
                traceContext: { ...currentTraceContext() },
                ...(reservation
                  ? {
                      status: 'reserved',
                      budgetId: reservation.budgetId,
                      fundSource: reservation.fundSource,
                      earmarkedFen: reservation.earmarkedFen,
                      attempts: 1,
                      idempotencyKey: attemptKey(instalment.id, 1),
                      lastError: null,
                    }
                  : { status: 'awaiting_funds', lastError: '预算余额不足，无法占用资金' }),
              },
            });
            if (moved.count !== 1) throw conflict('该发放指令已在办理中，不能重复提交。');
          }
        });
        return onePaymentView(await db.paymentInstruction.findUniqueOrThrow({ where: { id: row.id } }));
      },

      async retryPayment({ principal }, { caseId, paymentId }) {
        await cases.authorize(principal, 'payment.record', caseId);
        const row = await instructionFor(caseId, paymentId);
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
        return onePaymentView(await db.paymentInstruction.findUniqueOrThrow({ where: { id: row.id } }));
      },

      async cancelPayment({ principal }, { caseId, paymentId, reason }) {
        await cases.authorize(principal, 'payment.record', caseId);
        const row = await instructionFor(caseId, paymentId);
        if (!['awaiting_payee', 'awaiting_funds', 'needs_attention'].includes(row.status))
          throw conflict('该发放指令当前不能撤销。');
        await db.$transaction(async (tx) => {
          const moved = await tx.paymentInstruction.updateMany({
            where: { id: row.id, status: row.status, attempts: row.attempts },
            data: { status: 'cancelled', lastError: reason },
          });
          if (moved.count !== 1) throw conflict('该发放指令当前不能撤销。');
          if (row.status === 'needs_attention') await releaseReservation(tx, row);
        });
        return onePaymentView(await db.paymentInstruction.findUniqueOrThrow({ where: { id: row.id } }));
      },

      async listLedger({ principal }, query) {
        await allow(principal, 'money.read', query.orgId);
        return ledgerEntries(query);
      },

      async exportLedger({ principal }, query) {
        await allow(principal, 'money.read', query.orgId);
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
    const { settings, gateway, applyResult, cipher } = runtimeFor(ctx);
    return [
      {
        name: 'payment-overdue-alerts',
        everyMs: settings.PAYMENTS_HOUSEKEEPING_INTERVAL_MS,
        run: () => announceOverdue(ctx),
      },
      {
        name: 'reencrypt-bank-accounts',
        everyMs: settings.PAYMENTS_HOUSEKEEPING_INTERVAL_MS,
        runAtStart: true,
        run: async () => {
          const { reencrypted, unreadable } = await reencryptAccounts(ctx.db, cipher);
          if (reencrypted > 0)
            ctx.logger.info({ reencrypted }, 'bank accounts (re-)encrypted with the current data key');
          if (unreadable > 0)
            ctx.logger.error(
              { unreadable },
              'bank accounts sealed with a key that is not configured: set it in PAYMENTS_DATA_KEY_PREVIOUS',
            );
        },
      },
      ...(settings.PAYMENTS_DISPATCHER === 'on'
        ? [
            {
              name: 'payment-dispatch',
              everyMs: settings.PAYMENTS_DISPATCH_INTERVAL_MS,
              run: () => dispatchOnce(ctx.db, gateway, settings, applyResult, cipher, ctx.logger),
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
    // The parent's supervisors may read this agency's payments before any of its own staff signs in here.
    // (Older events lack the parent.)
    const rememberParent = async (tx: Tx, orgId: string, parentId: string | undefined) => {
      if (parentId)
        await tx.orgParent.upsert({ where: { orgId }, create: { orgId, parentId }, update: { parentId } });
    };
    const settings = loadPaymentsSettings(env);
    const dueAfter = (approvedAt: Date) =>
      new Date(approvedAt.getTime() + settings.PAYMENTS_DUE_DAYS * DAY_MS);
    return [
      // The case's own record is kept by the kit; the agency's parent is kept here too, for the agency's money as a
      // whole (budgets, ledger, statistics).
      on(caseOpened, async (event, tx) => {
        await rememberParent(tx, event.payload.handlingOrgId, event.payload.handlingOrgParentId);
      }),
      // A pledge is recorded once, whether its event is redelivered or announced again.
      on(donationPledged, async (event, tx) => {
        const { pledgeId, caseId, handlingOrgId, donorName, organisedByOrgId, amountFen } = event.payload;
        await tx.pledge.createMany({
          data: {
            id: pledgeId,
            caseId,
            handlingOrgId,
            donorName,
            organisedByOrgId,
            amountFen: BigInt(amountFen),
            status: 'pledged',
            pledgedAt: new Date(event.occurredAt),
          },
          skipDuplicates: true,
        });
      }),
      on(advanceApproved, async (event, tx) => {
        const { caseId, handlingOrgId, advanceId, amountFen, handlingOrgParentId, caseNumber } =
          event.payload;
        await rememberParent(tx, handlingOrgId, handlingOrgParentId);
        await rememberCaseNumber(tx, caseId, caseNumber);
        const approvedAt = new Date(event.occurredAt);
        await tx.paymentInstruction.createMany({
          data: {
            id: crypto.randomUUID(),
            decisionId: advanceId,
            caseId,
            handlingOrgId,
            kind: 'advance',
            amountFen: BigInt(amountFen),
            decisionAmountFen: BigInt(amountFen),
            status: 'awaiting_payee',
            approvedAt,
            dueAt: dueAfter(approvedAt),
          },
          skipDuplicates: true,
        });
      }),
      on(decisionIssued, async (event, tx) => {
        const {
          caseId,
          handlingOrgId,
          decisionId,
          outcome,
          approvedAmountFen,
          handlingOrgParentId,
          caseNumber,
          decisionNumber,
        } = event.payload;
        await rememberParent(tx, handlingOrgId, handlingOrgParentId);
        await rememberCaseNumber(tx, caseId, caseNumber);
        const approvedAt = new Date(event.payload.issuedAt ?? event.occurredAt);
        // A decision is handled once, whatever its outcome, even if it is announced again under a new event id
        // (the inbox knows only event ids). A concurrent second announcement waits here on the key, then skips.
        const first = await tx.handledDecision.createMany({
          data: { decisionId, caseId, outcome, decisionNumber: decisionNumber ?? null },
          skipDuplicates: true,
        });
        if (first.count === 0) {
          // An announcement lacking the number (as older ones did) may have come first.
          if (decisionNumber)
            await tx.handledDecision.updateMany({
              where: { decisionId, decisionNumber: null },
              data: { decisionNumber },
            });
          logger.info({ caseId, decisionId, eventId: event.id }, 'decision already handled; skipped');
          return;
        }
        const advances = await lockedAdvances(tx, caseId);
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
              decisionAmountFen: decidedFen - advancedFen,
              status: 'awaiting_payee',
              approvedAt,
              dueAt: dueAfter(approvedAt),
            },
          });
          return;
        }
        // Less was decided than advanced (or nothing, if found ineligible): the excess is taken back.
        await takeBackAdvances(tx, advances, advancedFen - decidedFen);
      }),
    ];
  },
});
