import { useState } from 'react';
import { Alert, Button, Divider, Form, Input, InputNumber, Space, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  APPLICANT_FAULT_LABELS as FAULT_LABELS,
  ApplicantFault,
  INJURY_SEVERITY_LABELS,
  InjurySeverity,
  RuleTableInput,
  type RuleTableView,
} from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useDraftForm } from '../forms/draft-form.ts';
import { zodRule } from '../forms/zod-rules.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatFen } from '../i18n/labels.ts';

/** The form speaks yuan; the contract speaks fen. */
interface RuleTableValues {
  region?: string;
  year?: number;
  averageMonthlyWageYuan?: number | null;
  capMonths?: number | null;
  perCaseCapYuan?: number | null;
  minimumAmountYuan?: number | null;
  minimumLivingStandardYuan?: number | null;
  livelihoodMonths?: number | null;
  harmTierMonths?: Partial<Record<InjurySeverity, number | null>>;
  faultReductionPercent?: Partial<Record<ApplicantFault, number | null>>;
  reason?: string;
}

const toFen = (yuan: number | null | undefined) =>
  yuan === null || yuan === undefined ? undefined : Math.round(yuan * 100);
const toYuan = (fen: number) => fen / 100;
const orUndefined = (value: number | null | undefined) => value ?? undefined;

function toInput(values: RuleTableValues): unknown {
  const record = <K extends string>(entries: Partial<Record<K, number | null>> | undefined) =>
    Object.fromEntries(Object.entries(entries ?? {}).map(([key, value]) => [key, value ?? undefined]));
  return {
    region: values.region ?? '',
    year: values.year,
    averageMonthlyWageFen: toFen(values.averageMonthlyWageYuan),
    capMonths: orUndefined(values.capMonths),
    perCaseCapFen: toFen(values.perCaseCapYuan) ?? null,
    minimumAmountFen: toFen(values.minimumAmountYuan),
    minimumLivingStandardFen: toFen(values.minimumLivingStandardYuan),
    harmTierMonths: record(values.harmTierMonths),
    faultReductionPercent: record(values.faultReductionPercent),
    livelihoodMonths: orUndefined(values.livelihoodMonths),
    reason: values.reason ?? '',
  };
}

function valuesFrom(table: RuleTableView): RuleTableValues {
  return {
    region: table.region,
    year: table.year,
    averageMonthlyWageYuan: toYuan(table.averageMonthlyWageFen),
    capMonths: table.capMonths,
    perCaseCapYuan: table.perCaseCapFen === null ? null : toYuan(table.perCaseCapFen),
    minimumAmountYuan: toYuan(table.minimumAmountFen),
    minimumLivingStandardYuan: toYuan(table.minimumLivingStandardFen),
    livelihoodMonths: table.livelihoodMonths,
    harmTierMonths: { ...table.harmTierMonths },
    faultReductionPercent: { ...table.faultReductionPercent },
    reason: '',
  };
}

/** Amount rule tables (救助金额标准): every version per region and year; publishing adds a version. */
export function RuleTablesTab() {
  const api = useApi();
  const { l } = useI18n();
  const { principal } = useAuth();
  const ownRegion = principal.org?.region ?? '';
  const [regionText, setRegionText] = useState('');
  const region = /^\d{6}$/.test(regionText) ? regionText : undefined;
  const tables = useQuery({
    queryKey: ['investigation', 'listRuleTables', region ?? ''],
    queryFn: () => api.investigation.listRuleTables.query(region ? { region } : {}),
  });
  const [editing, setEditing] = useState(false);
  const draft = useDraftForm<RuleTableValues>('admin-rule-table', { region: ownRegion });

  // A new table for the own region starts from the one that applies there now (own, city, then province).
  const startForOwnRegion = () => {
    const candidates = [ownRegion, `${ownRegion.slice(0, 4)}00`, `${ownRegion.slice(0, 2)}0000`];
    const base = candidates
      .map((code) => tables.data?.find((table) => table.region === code))
      .find((table) => table !== undefined);
    startFrom(base);
    draft.form.setFieldsValue({ region: ownRegion });
  };

  const startFrom = (table: RuleTableView | undefined) => {
    draft.form.resetFields();
    draft.form.setFieldsValue(table ? valuesFrom(table) : { region: ownRegion });
    setEditing(true);
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <span>{l('行政区划代码', 'Region code')}</span>
        <Input
          aria-label={l('按行政区划代码筛选', 'Filter by region code')}
          allowClear
          style={{ width: 140 }}
          value={regionText}
          onChange={(event) => setRegionText(event.target.value.trim())}
          placeholder={l('全部地区', 'All regions')}
        />
        <Button onClick={() => startForOwnRegion()} disabled={editing}>
          {l('发布新版本', 'Publish a new version')}
        </Button>
      </Space>
      {tables.error && (
        <Alert type="error" showIcon role="alert" message={describeFailure(tables.error).message} />
      )}
      <Table<RuleTableView>
        rowKey={(row) => `${row.region}-${row.year}-${row.version}`}
        size="small"
        loading={tables.isLoading}
        dataSource={tables.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        data-testid="rule-tables"
        locale={{ emptyText: l('该地区暂无救助金额标准', 'No amount tables for this region') }}
        columns={[
          { title: l('地区', 'Region'), dataIndex: 'region' },
          { title: l('年度', 'Year'), dataIndex: 'year' },
          {
            title: l('版本', 'Version'),
            dataIndex: 'version',
            render: (version: number, row) => {
              const newest = !tables.data?.some(
                (other) => other.region === row.region && other.year === row.year && other.version > version,
              );
              return (
                <>
                  {l(`第${version}版`, `v${version}`)}
                  {newest && (
                    <Tag color="green" style={{ marginLeft: 8 }}>
                      {l('现行', 'Current')}
                    </Tag>
                  )}
                </>
              );
            },
          },
          {
            title: l('上年度职工月平均工资', 'Average monthly wage'),
            dataIndex: 'averageMonthlyWageFen',
            render: (fen: number) => formatFen(fen),
          },
          { title: l('救助上限', 'Cap'), dataIndex: 'capFen', render: (fen: number) => formatFen(fen) },
          { title: l('发布理由', 'Reason'), dataIndex: 'reason' },
          {
            title: l('发布时间', 'Published'),
            dataIndex: 'publishedAt',
            render: (at: string) => formatDateTime(at),
          },
          {
            title: l('操作', 'Action'),
            key: 'action',
            render: (_: unknown, row) => (
              <Button size="small" type="link" onClick={() => startFrom(row)} disabled={editing}>
                {l('以此为基础发布新版本', 'New version from this')}
              </Button>
            ),
          },
        ]}
      />
      {editing && (
        <PublishForm
          draft={draft}
          onDone={(published) => {
            setEditing(false);
            if (published) setRegionText(published.region);
          }}
        />
      )}
    </Space>
  );
}

function PublishForm({
  draft,
  onDone,
}: {
  draft: ReturnType<typeof useDraftForm<RuleTableValues>>;
  onDone: (published: RuleTableView | undefined) => void;
}) {
  const api = useApi();
  const { l } = useI18n();
  const queryClient = useQueryClient();
  const { form, initialValues, onValuesChange, clear } = draft;
  const [problems, setProblems] = useState<string[]>([]);
  const publish = useMutation({
    mutationFn: (input: RuleTableInput) => api.investigation.publishRuleTable.mutate(input),
    onSuccess: (published) => {
      clear();
      setProblems([]);
      void queryClient.invalidateQueries({ queryKey: ['investigation', 'listRuleTables'] });
      onDone(published);
    },
    onError: (error) => setProblems([describeFailure(error).message]),
  });
  const rule = (path: (string | number)[], required?: string) =>
    zodRule(form, RuleTableInput, toInput, path, required);
  const submit = () => {
    const parsed = RuleTableInput.safeParse(toInput(form.getFieldsValue(true) as RuleTableValues));
    if (!parsed.success) {
      // The form asks for yuan; an empty amount field is simply missing.
      const messages = parsed.error.issues.map((issue) =>
        issue.message.replace(/^(.*)须为数字（单位：分）$/, '请填写$1'),
      );
      setProblems([...new Set(messages)]);
      void form.validateFields();
      return;
    }
    setProblems([]);
    publish.mutate(parsed.data);
  };
  const money = (name: keyof RuleTableValues, label: string, en: string, required?: string) => (
    <Form.Item name={name} label={l(label, en)} rules={[rule([name.replace('Yuan', 'Fen')], required)]}>
      <InputNumber min={0} step={100} suffix="元" style={{ width: 200 }} />
    </Form.Item>
  );
  return (
    <Form<RuleTableValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onValuesChange={onValuesChange}
      aria-label={l('发布救助金额标准新版本', 'Publish a new amount table version')}
      style={{ border: '1px solid #f0f0f0', padding: 16, borderRadius: 8 }}
    >
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          style={{ marginBottom: 16 }}
          message={l('请修改以下内容后再发布', 'Please fix the following before publishing')}
          description={
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          }
        />
      )}
      <Space wrap size="large" align="start">
        <Form.Item
          name="region"
          label={l('行政区划代码', 'Region code')}
          rules={[rule(['region'], '请填写行政区划代码')]}
        >
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item name="year" label={l('年度', 'Year')} rules={[rule(['year'], '请填写年度')]}>
          <InputNumber style={{ width: 100 }} />
        </Form.Item>
        {money(
          'averageMonthlyWageYuan',
          '上年度职工月平均工资',
          'Average monthly wage',
          '请填写上年度职工月平均工资',
        )}
        <Form.Item name="capMonths" label={l('救助上限月数', 'Cap in months')} rules={[rule(['capMonths'])]}>
          <InputNumber style={{ width: 100 }} />
        </Form.Item>
        {money('perCaseCapYuan', '单案救助上限（可空）', 'Per-case cap (optional)')}
        {money('minimumAmountYuan', '最低救助金额', 'Minimum amount')}
        {money(
          'minimumLivingStandardYuan',
          '最低生活保障标准（每人每月）',
          'Minimum living standard',
          '请填写最低生活保障标准',
        )}
        <Form.Item
          name="livelihoodMonths"
          label={l('生活补助月数', 'Livelihood months')}
          rules={[rule(['livelihoodMonths'], '请填写生活补助月数')]}
        >
          <InputNumber style={{ width: 100 }} />
        </Form.Item>
      </Space>
      <Divider titlePlacement="start" plain>
        {l('伤害等级对应月数', 'Months of wage per harm tier')}
      </Divider>
      <Space wrap size="large">
        {InjurySeverity.options.map((severity) => (
          <Form.Item
            key={severity}
            name={['harmTierMonths', severity]}
            label={INJURY_SEVERITY_LABELS[severity]}
            rules={[
              rule(['harmTierMonths', severity], `请填写“${INJURY_SEVERITY_LABELS[severity]}”对应月数`),
            ]}
          >
            <InputNumber style={{ width: 100 }} />
          </Form.Item>
        ))}
      </Space>
      <Divider titlePlacement="start" plain>
        {l('申请人过错扣减比例（%）', 'Reduction for the applicant’s fault (%)')}
      </Divider>
      <Space wrap size="large">
        {ApplicantFault.options.map((fault) => (
          <Form.Item
            key={fault}
            name={['faultReductionPercent', fault]}
            label={FAULT_LABELS[fault]}
            rules={[rule(['faultReductionPercent', fault], `请填写“${FAULT_LABELS[fault]}”扣减比例`)]}
          >
            <InputNumber style={{ width: 100 }} suffix="%" />
          </Form.Item>
        ))}
      </Space>
      <Form.Item name="reason" label={l('发布理由', 'Reason')} rules={[rule(['reason'], '请填写发布理由')]}>
        <Input.TextArea rows={2} maxLength={500} />
      </Form.Item>
      <Space>
        <Button type="primary" onClick={submit} loading={publish.isPending}>
          {l('确认发布', 'Publish')}
        </Button>
        <Button onClick={() => onDone(undefined)}>{l('取消', 'Cancel')}</Button>
      </Space>
    </Form>
  );
}
