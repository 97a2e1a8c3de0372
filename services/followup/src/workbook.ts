import ExcelJS from 'exceljs';
import type { LedgerEntryKind, ObservationLedgerView } from '@jiuzhu/contracts';
import { beijingDateOf } from '@jiuzhu/calendar';

const KIND_LABELS: Readonly<Record<LedgerEntryKind, string>> = {
  case_opened: '立案',
  verification_completed: '调查核实',
  decision_issued: '审批决定',
  disbursement_recorded: '救助金发放',
  referral_created: '衔接移送',
  referral_outcome: '移送反馈',
  visit_scheduled: '安排回访',
  visit_completed: '回访',
  need_found: '发现需求',
  deterioration_alert: '返贫预警',
  case_closed: '结束回访',
  case_reopened: '重新开启',
};

const SOURCE_LABELS: Readonly<Record<string, string>> = {
  intake: '案源受理',
  investigation: '调查核实',
  approval: '审批',
  payments: '资金发放',
  referral: '衔接',
  followup: '回访',
};

export const HEADERS = ['序号', '日期', '环节', '来源', '经办机构', '情况', '金额（元）'];

/** The observation ledger (观察台账) of one case as a workbook: a titled sheet, one row per fact, oldest first. */
export async function observationWorkbook(ledger: ObservationLedgerView): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('观察台账', { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.mergeCells(1, 1, 1, HEADERS.length);
  sheet.getCell(1, 1).value = `司法救助对象观察台账（${ledger.caseNumber ?? ledger.caseId}）`;
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, HEADERS.length);
  sheet.getCell(2, 1).value =
    `承办机构：${ledger.handlingOrgId}；状态：${ledger.status === 'closed' ? '已结束回访' : '跟踪中'}` +
    (ledger.hasMinors ? '；家中有未成年人' : '');
  const header = sheet.getRow(3);
  header.values = HEADERS;
  header.font = { bold: true };
  ledger.entries.forEach((entry, index) => {
    sheet.addRow([
      index + 1,
      beijingDateOf(entry.occurredAt),
      KIND_LABELS[entry.kind],
      SOURCE_LABELS[entry.source] ?? entry.source,
      entry.orgId,
      entry.summary,
      entry.amountFen === null ? null : entry.amountFen / 100,
    ]);
  });
  sheet.getColumn(7).numFmt = '#,##0.00';
  [6, 12, 12, 12, 28, 60, 14].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
