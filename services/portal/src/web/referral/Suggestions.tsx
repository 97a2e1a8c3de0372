import { useState } from 'react';
import { Alert, Button, Select, Space, Table, Tag } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { ReferralSuggestionView } from '@jiuzhu/contracts';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure } from '../api/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDateTime } from '../i18n/labels.ts';
import { partnerDepartments, partnerRefOf, selectOptions } from '../directory/organisations.ts';
import { useOrganisations } from '../directory/useOrganisations.ts';
import { programmeLabel } from './labels.ts';
import { referredPerson } from './referred-person.ts';

/**
 * Draft referrals proposed by the investigation ("ineligible but in need") or by a follow-up visit's needs:
 * the caseworker picks the partner department and sends it.
 */
export function Suggestions() {
  const api = useApi();
  const { l, language } = useI18n();
  const queryClient = useQueryClient();
  const [partners, setPartners] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const directory = useOrganisations();
  const departments = partnerDepartments(directory.data ?? []);
  const suggestions = useQuery({
    queryKey: ['referral', 'listSuggestions'],
    queryFn: () => api.referral.listSuggestions.query(),
  });
  const confirm = useMutation({
    mutationFn: async (suggestion: ReferralSuggestionView) => {
      const found = departments.find((candidate) => candidate.id === partners[suggestion.suggestionId]);
      if (!found) throw new Error('请选择接收部门');
      const partner = partnerRefOf(found);
      const purpose = `衔接移送至${found.name}办理${programmeLabel(suggestion.programme, 'zh')}`;
      const person = await referredPerson(api, suggestion.caseId, purpose);
      return api.referral.confirmSuggestion.mutate({
        suggestionId: suggestion.suggestionId,
        partner,
        person,
      });
    },
    onSuccess: () => {
      setFailure(undefined);
      void queryClient.invalidateQueries({ queryKey: ['referral'] });
    },
    onError: (error) => setFailure(describeFailure(error).message),
  });
  const rows = (suggestions.data ?? []).filter((row) => row.status === 'open');
  return (
    <>
      {suggestions.error && (
        <Alert type="error" showIcon message={describeFailure(suggestions.error).message} />
      )}
      {directory.error && <Alert type="error" showIcon message={directory.error.message} />}
      {failure && <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} />}
      <Table<ReferralSuggestionView>
        rowKey="suggestionId"
        size="small"
        loading={suggestions.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: l('暂无转介建议', 'No suggestions') }}
        data-testid="referral-suggestions"
        columns={[
          {
            title: l('案件', 'Case'),
            dataIndex: 'caseId',
            render: (id: string) => <Link to={`/cases/${id}`}>{l('查看', 'Open')}</Link>,
          },
          {
            title: l('救助项目', 'Programme'),
            dataIndex: 'programme',
            render: (programme: string) => programmeLabel(programme, language),
          },
          {
            title: l('来源', 'Source'),
            dataIndex: 'source',
            render: (source: string) => (
              <Tag>
                {source === 'followup' ? l('回访发现', 'Follow-up visit') : l('调查核实', 'Investigation')}
              </Tag>
            ),
          },
          { title: l('说明', 'Note'), dataIndex: 'note' },
          {
            title: l('提出时间', 'Proposed'),
            dataIndex: 'createdAt',
            render: (at: string) => formatDateTime(at),
          },
          {
            title: l('转介', 'Refer'),
            key: 'refer',
            render: (_, row) => (
              <Space>
                <Select
                  aria-label={l('接收部门', 'Partner organisation')}
                  placeholder={l('接收部门', 'Partner')}
                  style={{ width: 180 }}
                  value={partners[row.suggestionId]}
                  onChange={(orgId: string) =>
                    setPartners((current) => ({ ...current, [row.suggestionId]: orgId }))
                  }
                  loading={directory.isLoading}
                  showSearch
                  optionFilterProp="label"
                  options={selectOptions(departments)}
                />
                <Button
                  type="primary"
                  size="small"
                  loading={confirm.isPending && confirm.variables.suggestionId === row.suggestionId}
                  onClick={() => confirm.mutate(row)}
                >
                  {l('确认转介', 'Refer')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </>
  );
}
