import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgendaItemView, MeetingPackView } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { hasAnyRole } from '../auth/principal.ts';
import { DateInput, isoDateField } from '../forms/date-input.tsx';
import { useDraftForm } from '../forms/draft-form.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatFen } from '../i18n/labels.ts';
import { selectOptions } from '../directory/organisations.ts';
import { useOrganisations } from '../directory/useOrganisations.ts';
import { currentQuarter } from './dates.ts';
import { beijingToday } from '@jiuzhu/calendar';

interface PeriodValues {
  region?: string;
  quarter?: string;
}

/** The joint-meeting pack (联席会议材料) for a region and quarter, and the agenda items agreed there. */
export function MeetingPackPage() {
  const api = useApi();
  const { l } = useI18n();
  const { principal } = useAuth();
  const [form] = Form.useForm<PeriodValues>();
  const [period, setPeriod] = useState<PeriodValues>({ quarter: currentQuarter() });
  const input = {
    ...(period.region ? { region: period.region } : {}),
    period: { quarter: period.quarter ?? currentQuarter() },
  };
  const pack = useQuery({
    queryKey: ['followup', 'meetingPack', input],
    queryFn: () => api.followup.meetingPack.query(input),
  });
  const view = pack.data;
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{l('联席会议材料', 'Joint meeting pack')}</h1>}>
      <Form<PeriodValues>
        form={form}
        layout="inline"
        initialValues={period}
        onFinish={(values) => setPeriod(values)}
        style={{ marginBottom: 16 }}
      >
        <Form.Item
          name="region"
          label={l('行政区划代码（默认本辖区）', 'Region code (default: own)')}
          rules={[{ pattern: /^\d{6}$/, message: '行政区划代码应为6位数字（GB/T 2260）' }]}
        >
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Form.Item
          name="quarter"
          label={l('季度', 'Quarter')}
          rules={[
            { required: true, message: '请填写季度' },
            { pattern: /^\d{4}-Q[1-4]$/, message: '季度格式应为 2026-Q4' },
          ]}
        >
          <Input style={{ width: 120 }} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {l('查看', 'Show')}
        </Button>
      </Form>
      {pack.error && <Alert type="error" showIcon message={describeFailure(pack.error).message} />}
      {view && <PackSummary view={view} />}
      {view && (
        <Agenda
          items={view.agenda}
          region={view.region}
          canRecord={hasAnyRole(principal, ['department_head', 'chief'])}
        />
      )}
    </Card>
  );
}

function PackSummary({ view }: { view: MeetingPackView }) {
  const { l } = useI18n();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="meeting-pack">
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2, xl: 3 }}
        title={`${view.region} ${view.from} — ${view.to}`}
      >
        <Descriptions.Item label={l('救助案件', 'Cases paid')}>{view.assistance.cases}</Descriptions.Item>
        <Descriptions.Item label={l('救助人数', 'Persons')}>{view.assistance.persons}</Descriptions.Item>
        <Descriptions.Item label={l('发放金额', 'Amount paid')}>
          {formatFen(view.assistance.amountFen)}
        </Descriptions.Item>
        <Descriptions.Item label={l('应回访', 'Visits due')}>{view.followup.visitsDue}</Descriptions.Item>
        <Descriptions.Item label={l('已回访', 'Visits completed')}>
          {view.followup.visitsCompleted}
        </Descriptions.Item>
        <Descriptions.Item
          label={l('回访覆盖率', 'Coverage')}
        >{`${view.followup.coveragePercent}%`}</Descriptions.Item>
        <Descriptions.Item label={l('回访中的案件', 'Cases under follow-up')}>
          {view.followup.casesUnderFollowup}
        </Descriptions.Item>
        <Descriptions.Item label={l('返贫预警', 'Deterioration alerts')}>
          {view.followup.deteriorationAlerts}
        </Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="partnerOrgId"
        size="small"
        pagination={false}
        dataSource={view.referralsByPartner}
        locale={{ emptyText: l('本期无衔接移送', 'No referrals in the period') }}
        columns={[
          {
            title: l('协作部门', 'Partner'),
            dataIndex: 'partnerOrgName',
          },
          { title: l('移送', 'Sent'), dataIndex: 'sent' },
          { title: l('接收', 'Accepted'), dataIndex: 'accepted' },
          { title: l('纳入救助', 'Enrolled'), dataIndex: 'enrolled' },
          { title: l('退回', 'Declined'), dataIndex: 'declined' },
          { title: l('超期未答复', 'Overdue'), dataIndex: 'overdue' },
        ]}
      />
    </Space>
  );
}

interface AgendaValues {
  meetingOn?: string;
  topic?: string;
  decision?: string;
  responsibleOrgId?: string;
  dueOn?: string;
}

function Agenda({
  items,
  region,
  canRecord,
}: {
  items: AgendaItemView[];
  region: string;
  canRecord: boolean;
}) {
  const api = useApi();
  const { l } = useI18n();
  const directory = useOrganisations();
  const queryClient = useQueryClient();
  const [failure, setFailure] = useState<string>();
  const { form, initialValues, onValuesChange, clear } = useDraftForm<AgendaValues>(`agenda-${region}`, {
    meetingOn: beijingToday(),
  });
  const done = () => {
    setFailure(undefined);
    void queryClient.invalidateQueries({ queryKey: ['followup', 'meetingPack'] });
  };
  const record = useMutation({
    mutationFn: (values: AgendaValues) =>
      api.followup.recordAgendaItem.mutate({
        region,
        meetingOn: values.meetingOn ?? '',
        topic: values.topic ?? '',
        decision: values.decision ?? '',
        responsibleOrgId: values.responsibleOrgId ?? '',
        dueOn: values.dueOn ?? '',
      }),
    onSuccess: () => {
      clear();
      done();
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  const complete = useMutation({
    mutationFn: (itemId: string) => api.followup.completeAgendaItem.mutate({ itemId }),
    onSuccess: done,
    onError: (error) => setFailure(describeFailure(error).message),
  });
  return (
    <>
      <h2 style={{ fontSize: 15, marginTop: 16 }}>{l('议定事项', 'Agenda items')}</h2>
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
      {canRecord && directory.error && (
        <Alert type="error" showIcon message={directory.error.message} style={{ marginBottom: 12 }} />
      )}
      <Table<AgendaItemView>
        rowKey="itemId"
        size="small"
        pagination={false}
        dataSource={items}
        locale={{ emptyText: l('暂无议定事项', 'No agenda items') }}
        columns={[
          { title: l('会议日期', 'Meeting'), dataIndex: 'meetingOn' },
          { title: l('议题', 'Topic'), dataIndex: 'topic' },
          { title: l('议定事项', 'Decision'), dataIndex: 'decision' },
          {
            title: l('责任单位', 'Responsible'),
            dataIndex: 'responsibleOrgName',
          },
          { title: l('完成期限', 'Due'), dataIndex: 'dueOn' },
          {
            title: l('状态', 'Status'),
            dataIndex: 'status',
            render: (status: string, row) => (
              <>
                <Tag color={status === 'done' ? 'green' : 'blue'}>
                  {status === 'done' ? l('已完成', 'Done') : l('办理中', 'Open')}
                </Tag>
                {row.overdue && <Tag color="red">{l('已超期', 'Overdue')}</Tag>}
              </>
            ),
          },
          {
            title: l('操作', 'Action'),
            key: 'action',
            render: (_, row) =>
              canRecord &&
              row.status === 'open' && (
                <Button size="small" onClick={() => complete.mutate(row.itemId)} loading={complete.isPending}>
                  {l('标记完成', 'Mark done')}
                </Button>
              ),
          },
        ]}
      />
      {canRecord && (
        <Form<AgendaValues>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onValuesChange={onValuesChange}
          onFinish={(values) => record.mutate(values)}
          style={{ maxWidth: 720, marginTop: 16 }}
        >
          <Space wrap>
            <Form.Item
              name="meetingOn"
              label={l('会议日期', 'Meeting on')}
              {...isoDateField}
              rules={[{ required: true, message: '请选择会议日期' }]}
            >
              <DateInput style={{ width: 180 }} />
            </Form.Item>
            <Form.Item
              name="dueOn"
              label={l('完成期限', 'Due on')}
              {...isoDateField}
              rules={[{ required: true, message: '请选择完成期限' }]}
            >
              <DateInput style={{ width: 180 }} />
            </Form.Item>
            <Form.Item
              name="responsibleOrgId"
              label={l('责任单位', 'Responsible organisation')}
              rules={[{ required: true, message: '请选择责任单位' }]}
            >
              <Select
                style={{ width: 260 }}
                showSearch
                optionFilterProp="label"
                loading={directory.isLoading}
                options={selectOptions(directory.data ?? [])}
                placeholder={l('输入名称搜索', 'Type to search')}
              />
            </Form.Item>
          </Space>
          <Form.Item
            name="topic"
            label={l('议题', 'Topic')}
            rules={[{ required: true, whitespace: true, message: '请填写议题' }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="decision"
            label={l('议定事项', 'Decision')}
            rules={[{ required: true, whitespace: true, message: '请填写议定事项' }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={record.isPending}>
            {l('登记议定事项', 'Record agenda item')}
          </Button>
        </Form>
      )}
    </>
  );
}
