import type { DonationPledgeView } from '@jiuzhu/contracts';
import type { Tx } from './database.ts';
import type { Pledge, PledgeReceipt } from './generated/prisma/client.ts';
import { toDbDate } from '@jiuzhu/calendar';

export class DonationError extends Error {}

const statusFor = (receivedFen: bigint, amountFen: bigint) =>
  receivedFen === 0n ? 'pledged' : receivedFen < amountFen ? 'partly_received' : 'received';

/**
 * Donation money received against a pledge: the pledge records the receipt (never more than pledged), the
 * handling agency's donation budget for that year grows by the amount, earmarked for the pledged case, and the
 * ledger records the money coming into the donation fund (debit fund:donation, credit donation_income).
 */
export async function receivePledgeMoney(
  tx: Tx,
  pledge: Pledge,
  receipt: { receiptNumber: string; receivedOn: string; amountFen: bigint },
  actorUserId: string,
): Promise<void> {
  const { amountFen } = receipt;
  // Locks the pledge: two receipts recorded at once cannot both fit in what is left.
  const moved = await tx.pledge.updateMany({
    where: { id: pledge.id, receivedFen: { lte: pledge.amountFen - amountFen } },
    data: { receivedFen: { increment: amountFen } },
  });
  if (moved.count !== 1) {
    const current = await tx.pledge.findUniqueOrThrow({ where: { id: pledge.id } });
    throw new DonationError(
      `到账金额超过认捐尚未到账的 ${Number(current.amountFen - current.receivedFen) / 100} 元，请核对收据。`,
    );
  }
  const updated = await tx.pledge.findUniqueOrThrow({ where: { id: pledge.id } });
  await tx.pledge.update({
    where: { id: pledge.id },
    data: { status: statusFor(updated.receivedFen, updated.amountFen) },
  });

  const year = Number(receipt.receivedOn.slice(0, 4));
  const key = { orgId: pledge.handlingOrgId, year, fundSource: 'donation' };
  await tx.budget.createMany({
    data: {
      id: crypto.randomUUID(),
      ...key,
      allocatedFen: 0n,
      availableFen: 0n,
      donor: pledge.donorName,
      receiptNumber: receipt.receiptNumber,
    },
    skipDuplicates: true,
  });
  const budget = await tx.budget.update({
    where: { orgId_year_fundSource: key },
    data: {
      allocatedFen: { increment: amountFen },
      availableFen: { increment: amountFen },
      earmarkedFen: { increment: amountFen },
      donor: pledge.donorName,
      receiptNumber: receipt.receiptNumber,
    },
  });
  // The money is the pledged case's: only its payments may draw on it.
  await tx.donationEarmark.upsert({
    where: { budgetId_caseId: { budgetId: budget.id, caseId: pledge.caseId } },
    create: { budgetId: budget.id, caseId: pledge.caseId, receivedFen: amountFen },
    update: { receivedFen: { increment: amountFen } },
  });
  await tx.pledgeReceipt.create({
    data: {
      id: crypto.randomUUID(),
      pledgeId: pledge.id,
      receiptNumber: receipt.receiptNumber,
      receivedOn: toDbDate(receipt.receivedOn),
      amountFen,
      budgetId: budget.id,
      recordedBy: actorUserId,
    },
  });
  const transactionId = crypto.randomUUID();
  const common = {
    transactionId,
    postedAt: new Date(),
    orgId: pledge.handlingOrgId,
    fundSource: 'donation',
    caseId: pledge.caseId,
    // Donation receipts belong to no decision: the pledge stands in for it.
    decisionId: pledge.id,
    actorUserId,
    memo: `社会捐助到账：${pledge.donorName}（收据号 ${receipt.receiptNumber}）`,
    // Money coming into the fund is no one person's (the donor is named in the memo).
    payeeName: null,
    payeeRef: null,
  };
  await tx.ledgerEntry.createMany({
    data: [
      {
        ...common,
        id: crypto.randomUUID(),
        account: 'fund:donation',
        debitFen: amountFen,
        creditFen: 0n,
      },
      {
        ...common,
        id: crypto.randomUUID(),
        account: 'donation_income',
        debitFen: 0n,
        creditFen: amountFen,
      },
    ],
  });
}

export function pledgeView(row: Pledge & { receipts: PledgeReceipt[] }): DonationPledgeView {
  return {
    pledgeId: row.id,
    caseId: row.caseId,
    handlingOrgId: row.handlingOrgId,
    donorName: row.donorName,
    organisedByOrgId: row.organisedByOrgId,
    amountFen: Number(row.amountFen),
    receivedFen: Number(row.receivedFen),
    status: row.status as DonationPledgeView['status'],
    pledgedAt: row.pledgedAt.toISOString(),
    receipts: row.receipts.map((r) => ({
      receiptNumber: r.receiptNumber,
      receivedOn: r.receivedOn.toISOString().slice(0, 10),
      amountFen: Number(r.amountFen),
      recordedBy: r.recordedBy,
      budgetYear: r.receivedOn.getUTCFullYear(),
    })),
  };
}
