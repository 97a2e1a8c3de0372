import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import {
  FundSource,
  PreparePaymentInput,
  type BudgetView,
  type LedgerEntryView,
  type PaymentView,
} from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { downloadBase64 } from '../api/download.ts';
import { describeFailure } from '../api/errors.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useDraftForm } from '../forms/draft-form.ts';
import { zodRule } from '../forms/zod-rules.ts';
import { ExportButton } from '../export/ExportButton.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatFen } from '../i18n/labels.ts';
import { FUND_SOURCE_LABELS as FUND_SOURCES } from '../dashboards/figures.ts';
import { PAYMENT_STATUSES } from './payment-labels.ts';
import { beijingYear } from '@jiuzhu/calendar';

/** Ledger accounts as the payments service's Excel ledger names them; `fund:<source>` is each fund's account. */
const LEDGER_ACCOUNTS: Record<string, [string, string]> = {
  assistance_paid: ['司法救助金支出', 'Assistance paid'],
  recovery_receivable: ['应追回救助金', 'Recovery receivable'],
  donation_income: ['社会捐助收入', 'Donation income'],
};
const thisYear = () => beijingYear();

/** The finance officer's screen: payments (prepare, status, overdue), budgets, ledger with Excel export. */
export function PaymentsPage() {
  const { l } = useI18n();
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{l('救助金发放', 'Payments')}</h1>}>
      <Tabs
        items={[
          { key: 'payments', label: l('发放', 'Payments'), children: <Payments /> },
          { key: 'budgets', label: l('预算', 'Budgets'), children: <Budgets /> },
          { key: 'ledger', label: l('台账', 'Ledger'), children: <Ledger /> },
        ]}
      />
    </Card>
  );
}

function Payments() {
  const api = useApi();
  const { l, language } = useI18n();
  const payments = useQuery({
    queryKey: ['payments', 'listPayments'],
    queryFn: () => api.payments.listPayments.query({}),
    // Approved decisions arrive through events; a finance officer's list keeps itself current.
    refetchInterval: 5000,
  });
  const name = (table: Record<string, [string, string]>, key: string | null) =>
    key ? (table[key]?.[language === 'zh' ? 0 : 1] ?? key) : '';
  return (
    <>
      {payments.error && <Alert type="error" showIcon message={describeFailure(payments.error).message} />}
      {payments.data
        ?.filter((row) => row.status === 'awaiting_payee')
        .map((row) => (
          <Card
            key={row.paymentId}
            size="small"
            style={{ marginBottom: 12 }}
            title={`${l('待填写收款人', 'Awaiting payee')}${row.kind === 'advance' ? ` · ${l('先行救助', 'Advance')}` : ''} · ${formatFen(row.amountFen)}`}
            data-testid="awaiting-payee"
          >
            <PrepareForm caseId={row.caseId} paymentId={row.paymentId} />
          </Card>
        ))}
      <ExportButton
        fileName={l('救助金发放', 'Payments')}
        sheetName={l('发放', 'Payments')}
        rows={payments.data ?? []}
        columns={[
          { title: l('案件编号', 'Case number'), value: (row) => row.caseNumber ?? '' },
          { title: l('金额（元）', 'Amount (yuan)'), value: (row) => row.amountFen / 100 },
          { title: l('状态', 'Status'), value: (row) => name(PAYMENT_STATUSES, row.status) },
          { title: l('是否超期', 'Overdue'), value: (row) => (row.overdue ? l('是', 'Yes') : l('否', 'No')) },
          { title: l('收款人', 'Payee'), value: (row) => row.payeeName },
          { title: l('账号', 'Account'), value: (row) => row.bankAccountMasked },
          { title: l('资金来源', 'Fund'), value: (row) => name(FUND_SOURCES, row.fundSource) },
          { title: l('应发放日期', 'Due'), value: (row) => formatDateTime(row.dueAt) },
        ]}
      />
      <Table<PaymentView>
        rowKey="paymentId"
        size="small"
        loading={payments.isLoading}
        pagination={false}
        dataSource={payments.data ?? []}
        locale={{ emptyText: l('暂无发放事项', 'No payments') }}
        columns={[
          {
            title: l('案件', 'Case'),
            dataIndex: 'caseId',
            render: (id: string, row) => (
              <Link to={`/cases/${id}`}>{row.caseNumber ?? l('查看', 'Open')}</Link>
            ),
          },
          { title: l('金额', 'Amount'), dataIndex: 'amountFen', render: (fen: number) => formatFen(fen) },
          {
            title: l('状态', 'Status'),
            dataIndex: 'status',
            render: (status: string, row) => (
              <>
                {row.kind === 'advance' && <Tag color="purple">{l('先行救助', 'Advance')}</Tag>}
                <Tag>{name(PAYMENT_STATUSES, status)}</Tag>
                {row.overdue && <Tag color="red">{l('已超期', 'Overdue')}</Tag>}
              </>
            ),
          },
          { title: l('收款人', 'Payee'), dataIndex: 'payeeName' },
          { title: l('账号', 'Account'), dataIndex: 'bankAccountMasked' },
          {
            title: l('资金来源', 'Fund'),
            dataIndex: 'fundSource',
            render: (s: string | null) => name(FUND_SOURCES, s),
          },
          { title: l('应发放日期', 'Due'), dataIndex: 'dueAt', render: (at: string) => formatDateTime(at) },
        ]}
      />
    </>
  );
}

interface PrepareValues {
  payeeName?: string;
  bankAccount?: string;
  bankName?: string;
  fundSource?: FundSource;
}

/** Names the payee of one instruction: a case may have an advance and a decision payment awaiting one. */
function PrepareForm({ caseId, paymentId }: { caseId: string; paymentId: string }) {
  const api = useApi();
  const { l, language } = useI18n();
  const queryClient = useQueryClient();
  const { form, initialValues, onValuesChange, clear } = useDraftForm<PrepareValues>(`pay-${paymentId}`);
  const [failure, setFailure] = useState<string>();
  const toInput = (values: PrepareValues) => ({
    caseId,
    paymentId,
    ...values,
    bankName: values.bankName ?? '',
  });
  const prepare = useMutation({
    mutationFn: (values: PrepareValues) =>
      api.payments.preparePayment.mutate(PreparePaymentInput.parse(toInput(values))),
    onSuccess: () => {
      clear();
      void queryClient.invalidateQueries({ queryKey: ['payments'] });
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  const rule = (path: string, required?: string) =>
    zodRule(form, PreparePaymentInput, toInput, [path], required);
  return (
    <Form<PrepareValues>
      form={form}
      layout="inline"
      style={{ rowGap: 8 }}
      initialValues={initialValues}
      onValuesChange={onValuesChange}
      onFinish={(values) => prepare.mutate(values)}
    >
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ width: '100%' }} />}
      <Form.Item name="payeeName" label={l('收款人', 'Payee')} rules={[rule('payeeName', '请填写收款人')]}>
        <Input style={{ width: 120 }} />
      </Form.Item>
      <Form.Item
        name="bankAccount"
        label={l('银行账号', 'Bank account')}
        rules={[rule('bankAccount', '请填写银行账号')]}
      >
        <Input style={{ width: 210 }} />
      </Form.Item>
      <Form.Item name="bankName" label={l('开户银行', 'Bank')} rules={[rule('bankName', '请填写开户银行')]}>
        <Input style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="fundSource" label={l('资金来源', 'Fund')}>
        <Select
          allowClear
          style={{ width: 140 }}
          options={FundSource.options.map((value) => ({
            value,
            label: FUND_SOURCES[value][language === 'zh' ? 0 : 1],
          }))}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={prepare.isPending}>
        {l('提交发放', 'Pay')}
      </Button>
    </Form>
  );
}

function Budgets() {
  const api = useApi();
  const { l, language } = useI18n();
  const { principal } = useAuth();
  const orgId = principal.org?.id ?? '';
  const queryClient = useQueryClient();
  const [year, setYear] = useState(thisYear());
  const [fundSource, setFundSource] = useState<FundSource>('central_transfer');
  const [yuan, setYuan] = useState<number | null>(null);
  const [failure, setFailure] = useState<string>();
  const budgets = useQuery({
    queryKey: ['payments', 'listBudgets', orgId, year],
    queryFn: () => api.payments.listBudgets.query({ orgId, year }),
  });
  const setBudget = useMutation({
    mutationFn: () => {
      if (yuan === null) throw new Error('请填写预算金额');
      return api.payments.setBudget.mutate({ orgId, year, fundSource, allocatedFen: Math.round(yuan * 100) });
    },
    onSuccess: () => {
      setFailure(undefined);
      void queryClient.invalidateQueries({ queryKey: ['payments'] });
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  const sourceName = (s: string) => FUND_SOURCES[s as FundSource]?.[language === 'zh' ? 0 : 1] ?? s;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <InputNumber aria-label={l('年度', 'Year')} value={year} onChange={(v) => v && setYear(v)} />
        <Select
          aria-label={l('资金来源', 'Fund source')}
          value={fundSource}
          onChange={setFundSource}
          style={{ width: 160 }}
          options={FundSource.options.map((value) => ({ value, label: sourceName(value) }))}
        />
        <InputNumber
          aria-label={l('预算金额（元）', 'Allocated (yuan)')}
          min={0}
          precision={2}
          value={yuan}
          onChange={setYuan}
          style={{ width: 180 }}
        />
        <Button type="primary" loading={setBudget.isPending} onClick={() => setBudget.mutate()}>
          {l('设定预算', 'Set budget')}
        </Button>
      </Space>
      {failure && <Alert type="error" showIcon role="alert" message={failure} />}
      <ExportButton
        fileName={`${l('预算', 'Budgets')}-${year}`}
        sheetName={l('预算', 'Budgets')}
        rows={budgets.data ?? []}
        columns={[
          { title: l('资金来源', 'Fund'), value: (row) => sourceName(row.fundSource) },
          { title: l('预算（元）', 'Allocated (yuan)'), value: (row) => row.allocatedFen / 100 },
          { title: l('已预留（元）', 'Reserved (yuan)'), value: (row) => row.reservedFen / 100 },
          { title: l('已支出（元）', 'Spent (yuan)'), value: (row) => row.spentFen / 100 },
          { title: l('可用（元）', 'Available (yuan)'), value: (row) => row.availableFen / 100 },
          {
            title: l('其中定向捐赠（元）', 'Of which earmarked donations (yuan)'),
            value: (row) => row.earmarkedFen / 100,
          },
        ]}
      />
      <Table<BudgetView>
        rowKey="fundSource"
        size="small"
        pagination={false}
        dataSource={budgets.data ?? []}
        columns={[
          { title: l('资金来源', 'Fund'), dataIndex: 'fundSource', render: sourceName },
          { title: l('预算', 'Allocated'), dataIndex: 'allocatedFen', render: formatFen },
          { title: l('已预留', 'Reserved'), dataIndex: 'reservedFen', render: formatFen },
          { title: l('已支出', 'Spent'), dataIndex: 'spentFen', render: formatFen },
          { title: l('可用', 'Available'), dataIndex: 'availableFen', render: formatFen },
          // Part of what is available, kept for the cases donors named (定向捐赠).
          { title: l('其中定向捐赠', 'Of which earmarked'), dataIndex: 'earmarkedFen', render: formatFen },
        ]}
      />
    </Space>
  );
}

function Ledger() {
  const api = useApi();
  const { l } = useI18n();
  const accountName = (account: string) => {
    const fund = account.startsWith('fund:') ? FUND_SOURCES[account.slice(5) as FundSource] : undefined;
    if (fund) return `${l('资金', 'Fund')}：${l(...fund)}`;
    const named = LEDGER_ACCOUNTS[account];
    return named ? l(...named) : account;
  };
  const { principal } = useAuth();
  const orgId = principal.org?.id ?? '';
  const [failure, setFailure] = useState<string>();
  const ledger = useQuery({
    queryKey: ['payments', 'listLedger', orgId],
    queryFn: () => api.payments.listLedger.query({ orgId }),
  });
  const exportLedger = useMutation({
    mutationFn: () => api.payments.exportLedger.query({ orgId }),
    onSuccess: (file) => downloadBase64(file.fileName, file.contentType, file.contentBase64),
    onError: (error) => setFailure(describeFailure(error).message),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button onClick={() => exportLedger.mutate()} loading={exportLedger.isPending}>
        {l('导出 Excel', 'Export to Excel')}
      </Button>
      {failure && <Alert type="error" showIcon message={failure} />}
      <Table<LedgerEntryView>
        rowKey="entryId"
        size="small"
        dataSource={ledger.data ?? []}
        columns={[
          { title: l('记账时间', 'Posted'), dataIndex: 'postedAt', render: formatDateTime },
          { title: l('科目', 'Account'), dataIndex: 'account', render: accountName },
          {
            title: l('案件', 'Case'),
            dataIndex: 'caseId',
            render: (id: string, row) => (
              <Link to={`/cases/${id}`}>{row.caseNumber ?? l('查看', 'Open')}</Link>
            ),
          },
          {
            title: l('救助对象', 'Assisted person'),
            dataIndex: 'payeeName',
            render: (name: string | null) => name ?? '—',
          },
          { title: l('借方', 'Debit'), dataIndex: 'debitFen', render: formatFen },
          { title: l('贷方', 'Credit'), dataIndex: 'creditFen', render: formatFen },
          { title: l('摘要', 'Memo'), dataIndex: 'memo' },
        ]}
      />
    </Space>
  );
}
