import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Space, Table, Tabs } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CaseView, FunnelView, ReferralProgramme } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { hasAnyRole } from '../auth/principal.ts';
import { useDraftForm } from '../forms/draft-form.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { partnerDepartments, partnerRefOf } from '../directory/organisations.ts';
import { useOrganisationName, useOrganisations } from '../directory/useOrganisations.ts';
import { programmeLabel } from './labels.ts';
import { ProgrammeAndPartnerFields } from './ProgrammeAndPartnerFields.tsx';
import { ReferralTable } from './ReferralTable.tsx';
import { referredPerson } from './referred-person.ts';
import { Suggestions } from './Suggestions.tsx';

/** The referring agency's view: referrals sent, a batch referral of many cases, and the funnel. */
export function SentReferralsPage() {
  const { l } = useI18n();
  const { principal } = useAuth();
  // Sending is the caseworker's; heads and chiefs follow what was sent.
  const sends = hasAnyRole(principal, ['caseworker']);
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{l('衔接移送', 'Referrals')}</h1>}>
      <Tabs
        items={[
          { key: 'sent', label: l('已移送', 'Sent'), children: <Sent /> },
          ...(sends
            ? [
                { key: 'batch', label: l('批量转介', 'Batch referral'), children: <BatchReferral /> },
                { key: 'suggestions', label: l('转介建议', 'Suggestions'), children: <Suggestions /> },
              ]
            : []),
          { key: 'funnel', label: l('办理情况', 'Funnel'), children: <Funnel /> },
        ]}
      />
    </Card>
  );
}

function Sent() {
  const api = useApi();
  const { principal } = useAuth();
  const { l } = useI18n();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const sent = useQuery({
    queryKey: ['referral', 'listSent', overdueOnly],
    queryFn: () => api.referral.listSent.query({ overdueOnly }),
  });
  return (
    <>
      <Checkbox checked={overdueOnly} onChange={(event) => setOverdueOnly(event.target.checked)}>
        {l('只看超期未答复的', 'Only overdue')}
      </Checkbox>
      {sent.error && <Alert type="error" showIcon message={describeFailure(sent.error).message} />}
      <div style={{ marginTop: 12 }}>
        <ReferralTable
          rows={sent.data ?? []}
          loading={sent.isLoading}
          showCase
          answerable={hasAnyRole(principal, ['caseworker'])}
        />
      </div>
    </>
  );
}

interface BatchValues {
  programme?: ReferralProgramme;
  partnerOrgId?: string;
  title?: string;
  reason?: string;
}

function BatchReferral() {
  const api = useApi();
  const { l } = useI18n();
  const queryClient = useQueryClient();
  const cases = useQuery({ queryKey: ['intake', 'listCases'], queryFn: () => api.intake.listCases.query() });
  const [selected, setSelected] = useState<string[]>([]);
  const [failure, setFailure] = useState<string>();
  const [done, setDone] = useState<number>();
  const { form, initialValues, onValuesChange, clear } = useDraftForm<BatchValues>('refer-batch');
  const directory = useOrganisations();
  const partners = partnerDepartments(directory.data ?? []);
  const send = useMutation({
    mutationFn: async (values: BatchValues) => {
      if (selected.length === 0) throw new Error('请至少选择一个案件');
      const found = partners.find((candidate) => candidate.id === values.partnerOrgId);
      if (!found || !values.programme) throw new Error('请选择接收部门和救助项目');
      const partner = partnerRefOf(found);
      const programme = values.programme;
      const purpose = `批量衔接移送至${found.name}办理${programmeLabel(programme, 'zh')}`;
      const items = [];
      for (const caseId of selected) {
        items.push({
          caseId,
          programme,
          person: await referredPerson(api, caseId, purpose),
          reason: values.reason ?? '',
        });
      }
      return api.referral.sendReferrals.mutate({
        partner,
        ...(values.title?.trim() ? { title: values.title.trim() } : {}),
        items,
      });
    },
    onSuccess: (result) => {
      clear();
      setSelected([]);
      setFailure(undefined);
      setDone(result.referralIds.length);
      void queryClient.invalidateQueries({ queryKey: ['referral'] });
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {cases.error && <Alert type="error" showIcon message={describeFailure(cases.error).message} />}
      <Table<CaseView>
        rowKey="caseId"
        size="small"
        loading={cases.isLoading}
        dataSource={cases.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(String)),
          getCheckboxProps: (row) => ({ 'aria-label': `${l('选择', 'Select')} ${row.applicant.name}` }),
        }}
        locale={{ emptyText: l('暂无案件', 'No cases') }}
        columns={[
          { title: l('案件编号', 'Case number'), dataIndex: 'caseNumber' },
          { title: l('申请人', 'Applicant'), dataIndex: ['applicant', 'name'] },
          { title: l('身份证号码', 'ID number'), dataIndex: ['applicant', 'idNumberMasked'] },
        ]}
      />
      <Form<BatchValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onValuesChange={onValuesChange}
        onFinish={(values) => send.mutate(values)}
        style={{ maxWidth: 720 }}
      >
        <ProgrammeAndPartnerFields />
        <Form.Item
          name="title"
          label={l('批次名称（选填，如“2026年第一批”）', 'Batch name (optional)')}
          rules={[{ max: 100, message: '批次名称不能超过100字' }]}
        >
          <Input />
        </Form.Item>
        <Form.Item
          name="reason"
          label={l('转介理由', 'Reason')}
          rules={[{ required: true, whitespace: true, message: '请填写转介理由' }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
        {done !== undefined && (
          <Alert
            type="success"
            showIcon
            message={l(`已转介 ${done} 个案件`, `${done} cases referred`)}
            style={{ marginBottom: 12 }}
          />
        )}
        <Button type="primary" htmlType="submit" loading={send.isPending}>
          {l(`转介所选案件（${selected.length}）`, `Refer selected (${selected.length})`)}
        </Button>
      </Form>
    </Space>
  );
}

type Counts = FunnelView['byPartner'][number];

function Funnel() {
  const api = useApi();
  const { l } = useI18n();
  const partnerName = useOrganisationName();
  const funnel = useQuery({ queryKey: ['referral', 'funnel'], queryFn: () => api.referral.funnel.query({}) });
  const countColumns = [
    { title: l('移送', 'Sent'), dataIndex: 'sent' },
    { title: l('接收', 'Accepted'), dataIndex: 'accepted' },
    { title: l('纳入救助', 'Enrolled'), dataIndex: 'enrolled' },
    { title: l('其中外省纳入', 'Of which other province'), dataIndex: 'enrolledInOtherProvince' },
    { title: l('未纳入', 'Not enrolled'), dataIndex: 'notEnrolled' },
    { title: l('退回', 'Declined'), dataIndex: 'declined' },
    { title: l('办理中', 'Pending'), dataIndex: 'pending' },
    { title: l('超期未答复', 'Overdue'), dataIndex: 'overdue' },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {funnel.error && <Alert type="error" showIcon message={describeFailure(funnel.error).message} />}
      <h2 style={{ fontSize: 15 }}>{l('按接收部门', 'By partner')}</h2>
      <Table<Counts>
        rowKey="partnerOrgId"
        size="small"
        pagination={false}
        loading={funnel.isLoading}
        dataSource={funnel.data?.byPartner ?? []}
        columns={[{ title: l('接收部门', 'Partner'), dataIndex: 'partnerOrgName' }, ...countColumns]}
      />
      <h2 style={{ fontSize: 15 }}>{l('按批次', 'By batch')}</h2>
      <Table<FunnelView['byBatch'][number]>
        rowKey="batchId"
        size="small"
        pagination={false}
        loading={funnel.isLoading}
        dataSource={funnel.data?.byBatch ?? []}
        columns={[
          {
            title: l('批次', 'Batch'),
            key: 'title',
            render: (_, row) => row.title ?? `${row.sentOn} ${row.batchId.slice(0, 8)}`,
          },
          {
            title: l('接收部门', 'Partner'),
            dataIndex: 'partnerOrgId',
            render: (id: string) => partnerName(id),
          },
          { title: l('移送日期', 'Sent on'), dataIndex: 'sentOn' },
          ...countColumns,
        ]}
      />
    </Space>
  );
}
