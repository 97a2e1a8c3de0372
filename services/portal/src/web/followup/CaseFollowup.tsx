import { Alert, Space } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../api/ApiProvider.tsx';
import { describeFailure, notThereYet } from '../api/errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { VisitTable } from './VisitTable.tsx';

/** On the case page: this case's visits (record one) and the way to its observation ledger. */
export function CaseFollowup({ caseId }: { caseId: string }) {
  const api = useApi();
  const { l } = useI18n();
  const visits = useQuery({
    queryKey: ['followup', 'listVisits', caseId],
    queryFn: () => api.followup.listVisits.query({ caseId }),
    retry: false,
  });
  const failure = visits.error ? describeFailure(visits.error) : undefined;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {failure && !notThereYet(failure) && <Alert type="info" showIcon message={failure.message} />}
      <VisitTable rows={visits.data ?? []} loading={visits.isLoading} testId="case-visits" />
      <Link to={`/cases/${caseId}/ledger`}>{l('观察台账', 'Observation ledger')}</Link>
    </Space>
  );
}
