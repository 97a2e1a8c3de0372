import { useMemo } from 'react';
import { Alert, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { ROLE_LABELS } from '@jiuzhu/contracts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { ORG_LEVEL_LABELS, ORG_TYPE_LABELS } from './labels.ts';
import { createSsoDirectoryReader, type SsoOrganisation, type SsoUser } from './sso-directory.ts';

interface OrganisationRow extends SsoOrganisation {
  userCount: number;
  children?: OrganisationRow[];
}

/** Nests organisations under their parents; an organisation whose parent is out of sight is a root. */
function organisationTree(organisations: SsoOrganisation[], users: SsoUser[]): OrganisationRow[] {
  const rows = new Map<string, OrganisationRow>(
    organisations.map((organisation) => [
      organisation.id,
      { ...organisation, userCount: users.filter((user) => user.orgId === organisation.id).length },
    ]),
  );
  const roots: OrganisationRow[] = [];
  for (const row of rows.values()) {
    const parent = row.parentId ? rows.get(row.parentId) : undefined;
    if (parent) (parent.children ??= []).push(row);
    else roots.push(row);
  }
  return roots;
}

export function DirectoryTab({ authServerUrl, realm }: { authServerUrl: string; realm: string }) {
  const { accessToken } = useAuth();
  const { l, language } = useI18n();
  const readDirectory = useMemo(
    () => createSsoDirectoryReader(authServerUrl, realm, accessToken),
    [authServerUrl, realm, accessToken],
  );
  const directory = useQuery({
    queryKey: ['sso', 'directory', authServerUrl, realm],
    queryFn: readDirectory,
    retry: false,
  });
  const pick = (pair: [string, string] | undefined, fallback = '') =>
    pair?.[language === 'zh' ? 0 : 1] ?? fallback;
  const tree = directory.data ? organisationTree(directory.data.organisations, directory.data.users) : [];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert
        type="info"
        showIcon
        message={l(
          '机构、人员和角色来自统一身份认证（Keycloak），此处只读；如需调整角色或人员，请在统一身份认证管理控制台中操作。',
          'Organisations, people and roles come from the SSO (Keycloak) and are read-only here; change roles in the Keycloak admin console.',
        )}
      />
      {directory.error && <Alert type="error" showIcon role="alert" message={directory.error.message} />}
      <section aria-labelledby="admin-organisations">
        <Typography.Title level={2} id="admin-organisations" style={{ fontSize: 16 }}>
          {l('机构', 'Organisations')}
        </Typography.Title>
        <Table<OrganisationRow>
          rowKey="id"
          size="small"
          pagination={false}
          loading={directory.isLoading}
          dataSource={tree}
          expandable={{ defaultExpandAllRows: true }}
          data-testid="admin-organisations"
          locale={{ emptyText: l('没有可查看的机构', 'No organisations') }}
          columns={[
            { title: l('机构名称', 'Name'), dataIndex: 'name' },
            {
              title: l('类别', 'Kind'),
              dataIndex: 'type',
              render: (type: SsoOrganisation['type']) => (type ? pick(ORG_TYPE_LABELS[type]) : ''),
            },
            {
              title: l('层级', 'Level'),
              dataIndex: 'level',
              render: (level: SsoOrganisation['level']) => (level ? pick(ORG_LEVEL_LABELS[level]) : ''),
            },
            { title: l('行政区划代码', 'Region code'), dataIndex: 'region' },
            { title: l('机构代码', 'Organisation id'), dataIndex: 'id' },
            { title: l('人数', 'People'), dataIndex: 'userCount' },
          ]}
        />
      </section>
      <section aria-labelledby="admin-users">
        <Typography.Title level={2} id="admin-users" style={{ fontSize: 16 }}>
          {l('人员与角色', 'Users and roles')}
        </Typography.Title>
        <Table<SsoUser>
          rowKey="id"
          size="small"
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          loading={directory.isLoading}
          dataSource={directory.data?.users ?? []}
          data-testid="admin-users"
          locale={{ emptyText: l('没有可查看的人员', 'No users') }}
          columns={[
            { title: l('姓名', 'Name'), dataIndex: 'displayName' },
            { title: l('用户名', 'Username'), dataIndex: 'username' },
            { title: l('所属机构', 'Organisation'), dataIndex: 'orgName' },
            {
              title: l('角色（统一身份认证映射）', 'Roles (mapped from the SSO)'),
              key: 'roles',
              render: (_: unknown, user) => (
                <>
                  {user.roles.map((role) => (
                    <Tag key={role} color="blue">
                      {language === 'zh' ? ROLE_LABELS[role] : role}
                    </Tag>
                  ))}
                  {user.otherRoles.map((role) => (
                    <Tag key={role}>{role}</Tag>
                  ))}
                  {user.roles.length + user.otherRoles.length === 0 && l('未分配角色', 'No role')}
                </>
              ),
            },
            {
              title: l('状态', 'Status'),
              dataIndex: 'enabled',
              render: (enabled: boolean) =>
                enabled ? l('启用', 'Enabled') : <Tag color="red">{l('已停用', 'Disabled')}</Tag>,
            },
          ]}
        />
      </section>
    </Space>
  );
}
