import { advanceApproved, type ApprovalApi } from '@jiuzhu/contracts';
import { actorOf, notFound, requireAllowed } from '@jiuzhu/service-kit';
import { addDays, beijingDateOf, beijingEndOfDay } from '@jiuzhu/calendar';
import type { ApprovalContext } from '../context.ts';
import { chainConfigOf } from '../db/chain-config.ts';
import { conflict, invalid, precondition } from '@jiuzhu/service-kit/domain-error';
import { advanceView } from '../views.ts';

export const advanceProcedures = ({
  db,
  publish,
  cases,
}: ApprovalContext): Pick<
  ApprovalApi,
  'requestAdvance' | 'decideAdvance' | 'listAdvances' | 'getCaseAdvance'
> => ({
  async requestAdvance({ principal }, { caseId, amountFen, reason }) {
    // Asked before the case is verified, so the case is known from its opening (intake.case-opened).
    const opened = await cases.authorize(principal, 'approval.submit', caseId);
    if (!opened.urgent) throw precondition('先行救助仅适用于情况紧急的案件；该案件立案时未标记为情况紧急。');
    const { handlingOrgId } = opened;
    const config = await chainConfigOf(db, handlingOrgId);
    if (amountFen > config.advanceCapFen)
      throw invalid(`先行救助金额不得超过 ${(config.advanceCapFen / 100).toFixed(2)} 元。`);
    if (await db.decision.findFirst({ where: { caseId }, orderBy: { decidedAt: 'desc' } }))
      throw conflict('该案件已作出救助决定，无需先行救助。');
    const created = await db.advance.createMany({
      data: {
        id: crypto.randomUUID(),
        caseId,
        handlingOrgId,
        amountFen: BigInt(amountFen),
        reason,
        status: 'requested',
        requestedBy: principal.userId,
      },
      skipDuplicates: true,
    });
    if (created.count !== 1) throw conflict('该案件已申请先行救助。');
    return advanceView(await db.advance.findUniqueOrThrow({ where: { caseId } }));
  },

  async decideAdvance({ principal }, { caseId, approve, reasons }) {
    const opened = await cases.authorize(principal, 'advance.approve', caseId);
    const advance = await db.advance.findUnique({ where: { caseId } });
    if (!advance) throw notFound('先行救助申请');
    if (!approve && !reasons) throw invalid('不予批准先行救助的，请写明理由。');
    const config = await chainConfigOf(db, advance.handlingOrgId);
    const decidedAt = new Date();
    // The case must be completed by the end of the last of the period's calendar days in Beijing.
    const completeBy = beijingEndOfDay(addDays(beijingDateOf(decidedAt), config.advanceCompletionDays));
    await db.$transaction(async (tx) => {
      const moved = await tx.advance.updateMany({
        where: { id: advance.id, status: 'requested' },
        data: {
          status: approve ? 'approved' : 'rejected',
          decidedBy: principal.userId,
          decidedAt,
          decisionReasons: reasons ?? null,
          completeBy: approve ? completeBy : null,
        },
      });
      if (moved.count !== 1) throw conflict('该先行救助申请已处理。');
      if (approve)
        await publish(tx, advanceApproved, {
          caseKey: caseId,
          actor: actorOf(principal),
          payload: {
            caseId,
            handlingOrgId: advance.handlingOrgId,
            advanceId: advance.id,
            amountFen: Number(advance.amountFen),
            completeBy: completeBy.toISOString(),
            // Payments needs it to let the parent's supervisors read.
            handlingOrgParentId: opened.handlingOrgParentId ?? principal.org.parentId ?? undefined,
            caseNumber: opened.caseNumber ?? undefined,
          },
        });
    });
    return advanceView(await db.advance.findUniqueOrThrow({ where: { caseId } }));
  },

  async listAdvances({ principal }) {
    requireAllowed(principal, 'money.read', { handlingOrgId: principal.org.id });
    const rows = await db.advance.findMany({
      where: { handlingOrgId: principal.org.id },
      orderBy: { completeBy: 'asc' },
    });
    return rows.map((row) => advanceView(row));
  },

  async getCaseAdvance({ principal }, { caseId }) {
    const opened = await cases.authorize(principal, 'money.read', caseId);
    const [config, advance, decision] = await Promise.all([
      chainConfigOf(db, opened.handlingOrgId),
      db.advance.findUnique({ where: { caseId } }),
      db.decision.findFirst({ where: { caseId }, select: { id: true } }),
    ]);
    return {
      caseId,
      urgent: opened.urgent,
      decided: decision !== null,
      capFen: config.advanceCapFen,
      completionDays: config.advanceCompletionDays,
      advance: advance ? advanceView(advance) : null,
    };
  },
});
