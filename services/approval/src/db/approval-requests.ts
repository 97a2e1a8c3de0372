import { notFound } from '@jiuzhu/service-kit';
import type { Db } from '../database.ts';

/** The case's approval request with its actions in order; not found when approval never heard of the case. */
export async function loadRequest(db: Db, caseId: string) {
  const request = await db.approvalRequest.findUnique({
    where: { caseId },
    include: { actions: { orderBy: { actedAt: 'asc' } } },
  });
  if (!request) throw notFound('审批事项');
  return request;
}
