import ExcelJS from 'exceljs';
import { FUND_SOURCE_LABELS, type FundSource, type LedgerEntryView } from '@jiuzhu/contracts';
import { beijingDateOf } from '@jiuzhu/calendar';

const ACCOUNT_LABELS: Readonly<Record<string, string>> = {
  assistance_paid: '司法救助金支出',
  recovery_receivable: '应追回救助金',
  donation_income: '社会捐助收入',
};
const accountLabel = (account: string) =>
  ACCOUNT_LABELS[account] ??
  (account.startsWith('fund:')
    ? `资金：${FUND_SOURCE_LABELS[account.slice(5) as FundSource] ?? account}`
    : account);

const HEADERS = [
  '序号',
  '记账日期',
  '凭证号',
  '案件编号',
  '决定编号',
  '救助对象',
  '资金来源',
  '科目',
  '借方金额（元）',
  '贷方金额（元）',
  '经办人',
  '摘要',
];
const MONEY = '#,##0.00';

/** The ledger in the layout finance officers keep: a titled sheet, one row per entry, totals at the bottom. */
export async function ledgerWorkbook(
  entries: LedgerEntryView[],
  heading: { orgName: string; period: string; fundSource?: FundSource | undefined },
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('救助资金台账', { views: [{ state: 'frozen', ySplit: 3 }] });
  sheet.mergeCells(1, 1, 1, HEADERS.length);
  sheet.getCell(1, 1).value = `${heading.orgName}司法救助资金台账`;
  sheet.getCell(1, 1).font = { bold: true, size: 16 };
  sheet.getCell(1, 1).alignment = { horizontal: 'center' };
  sheet.mergeCells(2, 1, 2, HEADERS.length);
  sheet.getCell(2, 1).value =
    `期间：${heading.period}，资金来源：${heading.fundSource ? FUND_SOURCE_LABELS[heading.fundSource] : '全部'}`;
  const header = sheet.getRow(3);
  header.values = HEADERS;
  header.font = { bold: true };
  let debit = 0;
  let credit = 0;
  entries.forEach((entry, index) => {
    debit += entry.debitFen;
    credit += entry.creditFen;
    sheet.addRow([
      index + 1,
      beijingDateOf(entry.postedAt),
      entry.transactionId.slice(0, 8),
      // The case number finance files by; empty for cases decided before payments learnt numbers.
      entry.caseNumber ?? '',
      // The number the decision was issued under; an advance is paid before any decision.
      entry.advance ? '先行救助' : (entry.decisionNumber ?? ''),
      entry.payeeName ?? '',
      FUND_SOURCE_LABELS[entry.fundSource],
      accountLabel(entry.account),
      entry.debitFen / 100,
      entry.creditFen / 100,
      entry.actorUserId,
      entry.memo,
    ]);
  });
  const totals = sheet.addRow(['合计', '', '', '', '', '', '', '', debit / 100, credit / 100, '', '']);
  totals.font = { bold: true };
  sheet.getColumn(9).numFmt = MONEY;
  sheet.getColumn(10).numFmt = MONEY;
  [6, 12, 10, 22, 26, 12, 20, 22, 16, 16, 20, 36].forEach(
    (width, i) => (sheet.getColumn(i + 1).width = width),
  );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
