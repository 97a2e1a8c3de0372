import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../i18n/i18n.tsx';
import { ApprovalChainTab } from './ApprovalChainTab.tsx';
import { DirectoryTab } from './DirectoryTab.tsx';
import { RuleTablesTab } from './RuleTablesTab.tsx';
import { VisitPlanTab } from './VisitPlanTab.tsx';

const TABS = ['directory', 'rule-tables', 'approval-chain', 'visit-plan'] as const;

/** The administrator's screen: organisations and roles from the SSO, and the agency's rule tables. */
export function AdminPage({ authServerUrl, realm }: { authServerUrl: string; realm: string }) {
  const { l } = useI18n();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const active = TABS.find((tab) => tab === requested) ?? 'directory';
  return (
    <Card title={<h1 style={{ fontSize: 18, margin: 0 }}>{l('系统管理', 'Administration')}</h1>}>
      <Tabs
        activeKey={active}
        onChange={(key) => setParams({ tab: key }, { replace: true })}
        destroyOnHidden
        items={[
          {
            key: 'directory',
            label: l('机构与人员', 'Organisations and users'),
            children: <DirectoryTab authServerUrl={authServerUrl} realm={realm} />,
          },
          { key: 'rule-tables', label: l('救助金额标准', 'Amount tables'), children: <RuleTablesTab /> },
          { key: 'approval-chain', label: l('审批流程', 'Approval chain'), children: <ApprovalChainTab /> },
          { key: 'visit-plan', label: l('回访计划', 'Follow-up visit plan'), children: <VisitPlanTab /> },
        ]}
      />
    </Card>
  );
}
