import ExcelJS from 'exceljs';
import type { LedgerExport } from '@jiuzhu/contracts';

/**
 * An exported ledger read back as a finance officer's spreadsheet program would: the title, the heading line,
 * and the entry rows keyed by their column headers (row 3), the totals row apart.
 */
export async function readLedgerExport(exported: LedgerExport) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(Buffer.from(exported.contentBase64, 'base64')).buffer);
  const sheet = workbook.getWorksheet('救助资金台账');
  if (!sheet) throw new Error('no 救助资金台账 sheet in the export');
  const headers = (sheet.getRow(3).values as unknown[]).slice(1).map(String);
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n <= 3) return;
    const values = (row.values as unknown[]).slice(1);
    rows.push(Object.fromEntries(headers.map((header, i) => [header, values[i] ?? ''])));
  });
  const totals = rows.pop();
  return {
    title: String(sheet.getCell('A1').value),
    heading: String(sheet.getCell('A2').value),
    headers,
    entries: rows,
    totals,
  };
}
