import { describe, expect, it } from 'vitest';
import type { VisitView } from '@jiuzhu/contracts';
import { byDueDate } from '../src/web/followup/visit-order.ts';

const visit = (visitId: string, dueOn: string, overdue: boolean): VisitView => ({
  visitId,
  caseId: '00000000-0000-4000-8000-000000000001',
  handlingOrgId: 'court-440983',
  method: 'phone',
  purpose: 'return_visit',
  dueOn,
  status: 'scheduled',
  overdue,
  trigger: 'disbursement',
});

describe('visits due order', () => {
  it('puts overdue visits first, each group by the earliest due day', () => {
    const rows = [
      visit('later', '2027-02-01', false),
      visit('overdue-recent', '2026-11-20', true),
      visit('soon', '2026-12-01', false),
      visit('overdue-oldest', '2026-10-01', true),
    ];
    expect([...rows].sort(byDueDate).map((row) => row.visitId)).toEqual([
      'overdue-oldest',
      'overdue-recent',
      'soon',
      'later',
    ]);
  });
});
