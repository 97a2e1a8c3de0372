export interface ExportColumn<Row> {
  title: string;
  /** The cell as the reader should see it: text, a number (amounts in yuan) or a date. */
  value(row: Row): string | number | Date | null | undefined;
}

export interface WorkbookSpec<Row> {
  sheetName: string;
  columns: readonly ExportColumn<Row>[];
  rows: readonly Row[];
}

/** Excel limits sheet names to 31 characters and forbids a few characters. */
export function safeSheetName(name: string): string {
  return name.replace(/[\\/?*[\]:]/g, ' ').slice(0, 31) || 'Sheet1';
}

/** Builds the .xlsx bytes in the browser; exceljs is loaded only when someone exports. */
export async function buildWorkbook<Row>({
  sheetName,
  columns,
  rows,
}: WorkbookSpec<Row>): Promise<ArrayBuffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Jiuzhu';
  const sheet = workbook.addWorksheet(safeSheetName(sheetName), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column, index) => ({
    header: column.title,
    key: `c${index}`,
    width: Math.max(10, Math.min(40, column.title.length * 2 + 4)),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((column) => column.value(row) ?? ''));
  return workbook.xlsx.writeBuffer() as Promise<ArrayBuffer>;
}
