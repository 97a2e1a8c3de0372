import { useState } from 'react';
import { App, Button } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n/i18n.tsx';
import { saveFile } from '../api/download.ts';
import { buildWorkbook, type ExportColumn } from './workbook.ts';

export type { ExportColumn } from './workbook.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface ExportButtonProps<Row> {
  /** Without extension; `.xlsx` is added. */
  fileName: string;
  sheetName: string;
  columns: readonly ExportColumn<Row>[];
  rows: readonly Row[];
  disabled?: boolean;
}

/** Writes the table's rows (all of them, not just the visible page) to an .xlsx in the browser. */
export function ExportButton<Row>({ fileName, sheetName, columns, rows, disabled }: ExportButtonProps<Row>) {
  const { l } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const exportRows = async () => {
    setBusy(true);
    try {
      const bytes = await buildWorkbook({ sheetName, columns, rows });
      saveFile(fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`, bytes, XLSX_TYPE);
    } catch {
      void message.error(l('导出失败，请稍后重试。', 'The export failed; please try again.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      icon={<DownloadOutlined />}
      loading={busy}
      disabled={disabled || rows.length === 0}
      onClick={exportRows}
    >
      {l('导出 Excel', 'Export to Excel')}
    </Button>
  );
}
