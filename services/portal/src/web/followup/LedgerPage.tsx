import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import type { ObservationEntryView } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { downloadBase64 } from '../api/download.ts';
import { describeFailure } from '../api/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatFen } from '../i18n/labels.ts';
import { ledgerKindLabel } from './labels.ts';

/** The observation ledger (观察台账) of one assisted person: every fact after the case opened, with Excel. */
export function LedgerPage() {
  const { caseId = '' } = useParams();
  const api = useApi();
  const { l, language } = useI18n();
  const [failure, setFailure] = useState<string>();
  const [exporting, setExporting] = useState(false);
  const ledger = useQuery({
    queryKey: ['followup', 'observationLedger', caseId],
    queryFn: () => api.followup.observationLedger.query({ caseId }),
  });
  const download = async () => {
    setExporting(true);
    try {
      const file = await api.followup.exportObservationLedger.query({ caseId });
      downloadBase64(file.fileName, file.contentType, file.contentBase64);
      setFailure(undefined);
    } catch (error) {
      setFailure(describeFailure(error).message);
    } finally {
      setExporting(false);
    }
  };
  const view = ledger.data;
  return (
    <Card
      title={<h1 style={{ fontSize: 18, margin: 0 }}>{l('观察台账', 'Observation ledger')}</h1>}
      extra={
        <Button
          icon={<DownloadOutlined />}
          onClick={() => void download()}
          loading={exporting}
          disabled={!view}
        >
          {l('导出Excel', 'Export to Excel')}
        </Button>
      }
    >
      {ledger.error && <Alert type="error" showIcon message={describeFailure(ledger.error).message} />}
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
      {view && (
        <Descriptions size="small" column={3} style={{ marginBottom: 12 }}>
          <Descriptions.Item label={l('案件', 'Case')}>
            <Link to={`/cases/${caseId}`}>{view.caseNumber ?? caseId.slice(0, 8)}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={l('回访状态', 'Follow-up')}>
            <Tag color={view.status === 'open' ? 'blue' : 'default'}>
              {view.status === 'open' ? l('回访中', 'Open') : l('已结束', 'Closed')}
            </Tag>
          </Descriptions.Item>
          <Descriptions.Item label={l('有未成年子女', 'Minors in household')}>
            {view.hasMinors ? l('是', 'Yes') : l('否', 'No')}
          </Descriptions.Item>
        </Descriptions>
      )}
      <Table<ObservationEntryView>
        rowKey="entryId"
        size="small"
        loading={ledger.isLoading}
        dataSource={view?.entries ?? []}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: l('暂无记录', 'No entries') }}
        data-testid="ledger"
        columns={[
          { title: l('时间', 'When'), dataIndex: 'occurredAt', render: (at: string) => formatDateTime(at) },
          {
            title: l('事项', 'Kind'),
            dataIndex: 'kind',
            render: (kind: string) => ledgerKindLabel(kind, language),
          },
          { title: l('情况', 'Summary'), dataIndex: 'summary' },
          {
            title: l('金额', 'Amount'),
            dataIndex: 'amountFen',
            render: (fen: number | null) => (fen === null ? '' : formatFen(fen)),
          },
          { title: l('部门', 'Organisation'), dataIndex: 'orgId' },
        ]}
      />
    </Card>
  );
}
