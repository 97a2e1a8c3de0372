import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Upload,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import {
  APPLICANT_FAULT_LABELS,
  RecommendAmountInput,
  TASK_KIND_LABELS,
  type TaskView,
} from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { readAsBase64 } from '../api/download.ts';
import { describeFailure, notThereYet } from '../api/errors.ts';
import { useDraftForm } from '../forms/draft-form.ts';
import { zodRule } from '../forms/zod-rules.ts';
import { ExportButton } from '../export/ExportButton.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime, formatFen } from '../i18n/labels.ts';
import { Forbidden, NotFound } from '../pages/Outcomes.tsx';
import { FactsForm } from './FactsForm.tsx';
import { EligibilityTable, FindingForm } from './FindingForm.tsx';

const ACCEPTED_TYPES = ['application/pdf', 'image/jpeg', 'image/png'];
const MAX_BYTES = 10 * 1024 * 1024;

/** The caseworker's investigation of one case: facts, attachments, eligibility, finding, amount, submission. */
/** Seconds the page waits for a just-opened case to reach investigation. */
const WAIT_FOR_OPENING = 20;

export function InvestigationPage() {
  const { caseId = '' } = useParams();
  const api = useApi();
  const { l } = useI18n();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string>();
  const theCase = useQuery({
    queryKey: ['investigation', 'getCase', caseId],
    queryFn: () => api.investigation.getCase.query({ caseId }),
    // A case just accepted reaches investigation through an event, a moment later; until then investigation
    // answers as for a case it does not know. After a while that answer stands.
    refetchInterval: (query) =>
      query.state.error &&
      notThereYet(describeFailure(query.state.error)) &&
      query.state.errorUpdateCount < WAIT_FOR_OPENING
        ? 1000
        : false,
  });
  const refresh = () =>
    void queryClient.invalidateQueries({ queryKey: ['investigation', 'getCase', caseId] });
  const onError = (error: unknown) => setFailure(describeFailure(error).message);
  const upload = useMutation({
    mutationFn: async (file: File) => {
      if (!ACCEPTED_TYPES.includes(file.type)) throw new Error('附件只能是 PDF、JPEG 或 PNG 文件');
      if (file.size > MAX_BYTES) throw new Error('附件大小不能超过10MB');
      return api.investigation.uploadAttachment.mutate({
        caseId,
        fileName: file.name,
        contentType: file.type,
        contentBase64: await readAsBase64(file),
      });
    },
    onSuccess: () => {
      setFailure(undefined);
      refresh();
    },
    onError,
  });
  const submit = useMutation({
    mutationFn: () => api.investigation.submitReview.mutate({ caseId }),
    onSuccess: () => {
      setFailure(undefined);
      refresh();
      void queryClient.invalidateQueries({ queryKey: ['approval'] });
    },
    onError,
  });
  const report = useQuery({
    queryKey: ['investigation', 'getReport', caseId],
    queryFn: () => api.investigation.getReport.query({ caseId }),
    enabled: Boolean(theCase.data?.reportId),
  });

  if (theCase.isLoading) return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  if (theCase.error) {
    const problem = describeFailure(theCase.error);
    const waiting = notThereYet(problem) && theCase.errorUpdateCount < WAIT_FOR_OPENING;
    if (problem.kind === 'forbidden' || (problem.kind === 'out_of_reach' && !waiting))
      return <Forbidden message={problem.message} />;
    if (waiting || problem.kind === 'not_found')
      return (
        <NotFound
          message={l(
            '案件尚未进入调查核实（受理后稍候即可）。',
            'The case has not reached investigation yet.',
          )}
        />
      );
    return <Alert type="error" showIcon message={problem.message} />;
  }
  const view = theCase.data;
  if (!view) return null;
  const open = view.status === 'investigating';

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <h1 style={{ fontSize: 18, margin: 0 }}>
            {l('调查核实', 'Investigation')} {view.caseNumber}
          </h1>
        }
        extra={
          <Space>
            <Tag color={open ? 'blue' : 'green'}>
              {open ? l('调查中', 'Investigating') : l('已提交审批', 'Submitted')}
            </Tag>
            <Link to={`/cases/${caseId}`}>{l('返回案件', 'Back to the case')}</Link>
          </Space>
        }
      >
        {failure && (
          <Alert type="error" showIcon role="alert" message={failure} style={{ marginBottom: 12 }} />
        )}
        <ExportButton
          fileName={`${l('核查事项', 'Investigation tasks')}-${view.caseNumber}`}
          sheetName={l('核查事项', 'Tasks')}
          rows={view.tasks}
          columns={[
            { title: l('核查事项', 'Task'), value: (row) => TASK_KIND_LABELS[row.kind] },
            {
              title: l('状态', 'Status'),
              value: (row) => (row.status === 'done' ? l('已完成', 'Done') : l('计划中', 'Planned')),
            },
            {
              title: l('记录时间', 'Recorded'),
              value: (row) => (row.recordedAt ? formatDateTime(row.recordedAt) : ''),
            },
            { title: l('备注', 'Note'), value: (row) => row.note },
          ]}
        />
        <Table<TaskView>
          rowKey="taskId"
          size="small"
          pagination={false}
          dataSource={view.tasks}
          columns={[
            {
              title: l('核查事项', 'Task'),
              dataIndex: 'kind',
              render: (kind: TaskView['kind']) => TASK_KIND_LABELS[kind],
            },
            {
              title: l('状态', 'Status'),
              dataIndex: 'status',
              render: (status: string) => (status === 'done' ? l('已完成', 'Done') : l('计划中', 'Planned')),
            },
            {
              title: l('记录时间', 'Recorded'),
              dataIndex: 'recordedAt',
              render: (at: string | null) => (at ? formatDateTime(at) : ''),
            },
            { title: l('备注', 'Note'), dataIndex: 'note' },
          ]}
        />
        <div style={{ marginTop: 12 }}>
          {l('附件', 'Attachments')}：
          {view.attachments.map((file) => (
            <Tag key={file.attachmentId}>{file.fileName}</Tag>
          ))}
          {open && (
            <Upload
              accept=".pdf,.jpg,.jpeg,.png"
              showUploadList={false}
              beforeUpload={(file) => {
                upload.mutate(file);
                return false;
              }}
            >
              <Button loading={upload.isPending}>
                {l('上传附件（PDF/JPEG/PNG，≤10MB）', 'Upload (PDF/JPEG/PNG, ≤10 MB)')}
              </Button>
            </Upload>
          )}
        </div>
      </Card>
      {open && (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{l('记录核查结果', 'Record facts')}</h2>}>
          <FactsForm caseId={caseId} />
        </Card>
      )}
      <Card
        title={<h2 style={{ fontSize: 16, margin: 0 }}>{l('救助条件审查', 'Eligibility')}</h2>}
        extra={`${l('规则版本', 'Rule set')} ${view.evaluation.ruleSetVersion}`}
      >
        <EligibilityTable evaluation={view.evaluation} />
        {view.finding ? (
          <Alert
            style={{ marginTop: 12 }}
            type={view.finding.eligible ? 'success' : 'warning'}
            showIcon
            message={`${view.finding.eligible ? l('认定符合救助条件', 'Found eligible') : l('认定不符合救助条件', 'Found not eligible')}：${view.finding.reasons}`}
          />
        ) : null}
        {open && (
          <div style={{ marginTop: 12 }}>
            <FindingForm caseId={caseId} evaluation={view.evaluation} />
          </div>
        )}
      </Card>
      <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{l('救助金额', 'Amount')}</h2>}>
        {view.recommendation && (
          <Descriptions size="small" bordered column={2} data-testid="recommendation">
            <Descriptions.Item label={l('建议金额', 'Recommended')}>
              {formatFen(view.recommendation.recommendedAmountFen)}
            </Descriptions.Item>
            <Descriptions.Item label={l('计算金额', 'Computed')}>
              {formatFen(view.recommendation.computedAmountFen)}
            </Descriptions.Item>
            <Descriptions.Item label={l('上限', 'Cap')}>
              {formatFen(view.recommendation.capFen)}
            </Descriptions.Item>
            <Descriptions.Item label={l('标准表', 'Table')}>
              {view.recommendation.tableVersion.region} · {view.recommendation.tableVersion.year} · v
              {view.recommendation.tableVersion.version}
            </Descriptions.Item>
            <Descriptions.Item label={l('计算过程', 'How')} span={2}>
              {view.recommendation.explanation.map((line) => (
                <div key={line}>{line}</div>
              ))}
            </Descriptions.Item>
          </Descriptions>
        )}
        {open && view.finding && <RecommendationForm caseId={caseId} onDone={refresh} />}
      </Card>
      {open && (
        <Button
          type="primary"
          size="large"
          disabled={!view.finding || !view.recommendation}
          loading={submit.isPending}
          onClick={() => submit.mutate()}
        >
          {l('提交审查报告', 'Submit the review report')}
        </Button>
      )}
      {report.data && (
        <Card title={<h2 style={{ fontSize: 16, margin: 0 }}>{l('审查报告', 'Review report')}</h2>}>
          <pre data-testid="report" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', margin: 0 }}>
            {report.data.content}
          </pre>
        </Card>
      )}
    </Space>
  );
}

interface RecommendationValues {
  applicantFault?: 'none' | 'minor' | 'major';
  proposedAmountYuan?: number | null;
  adjustmentReason?: string;
}

function RecommendationForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const api = useApi();
  const { l } = useI18n();
  const { form, initialValues, onValuesChange, clear } = useDraftForm<RecommendationValues>(
    `recommend-${caseId}`,
    { applicantFault: 'none' },
  );
  const [failure, setFailure] = useState<string>();
  const toInput = (values: RecommendationValues) => ({
    caseId,
    applicantFault: values.applicantFault,
    proposedAmountFen:
      typeof values.proposedAmountYuan === 'number' ? Math.round(values.proposedAmountYuan * 100) : undefined,
    adjustmentReason: values.adjustmentReason || undefined,
  });
  const recommend = useMutation({
    mutationFn: (values: RecommendationValues) =>
      api.investigation.recommendAmount.mutate(RecommendAmountInput.parse(toInput(values))),
    onSuccess: () => {
      setFailure(undefined);
      clear();
      onDone();
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  return (
    <Form<RecommendationValues>
      form={form}
      layout="inline"
      style={{ marginTop: 12, rowGap: 8 }}
      initialValues={initialValues}
      onValuesChange={onValuesChange}
      onFinish={(values) => recommend.mutate(values)}
    >
      {failure && <Alert type="error" showIcon role="alert" message={failure} style={{ width: '100%' }} />}
      <Form.Item name="applicantFault" label={l('申请人过错', 'Applicant fault')}>
        <Select
          style={{ width: 140 }}
          options={[
            { value: 'none', label: l(APPLICANT_FAULT_LABELS.none, 'None') },
            { value: 'minor', label: l(APPLICANT_FAULT_LABELS.minor, 'Minor') },
            { value: 'major', label: l(APPLICANT_FAULT_LABELS.major, 'Major') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="proposedAmountYuan"
        label={l('建议金额（元，选填）', 'Own figure (yuan, optional)')}
        rules={[zodRule(form, RecommendAmountInput, toInput, ['proposedAmountFen'])]}
      >
        <InputNumber min={0} precision={2} style={{ width: 160 }} />
      </Form.Item>
      <Form.Item name="adjustmentReason" label={l('调整理由', 'Reason')}>
        <Input style={{ width: 240 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={recommend.isPending}>
        {l('计算建议金额', 'Recommend amount')}
      </Button>
    </Form>
  );
}
