import { OrgLevel, OrgType, Role } from '@jiuzhu/contracts';

/**
 * Organisations, people and their realm roles, read from the SSO through Keycloak's Admin REST API with the
 * administrator's own token (docs/decisions/0003). Works the same against Keycloak and the embedded provider.
 */

export interface SsoOrganisation {
  groupId: string;
  id: string;
  name: string;
  type: OrgType | undefined;
  level: OrgLevel | undefined;
  region: string;
  parentId: string | undefined;
}

export interface SsoUser {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  orgName: string;
  /** Jiuzhu roles mapped in the SSO; Keycloak's own default roles are left out. */
  roles: Role[];
  /** Realm roles the SSO holds that Jiuzhu does not know. */
  otherRoles: string[];
  enabled: boolean;
}

export interface SsoDirectory {
  organisations: SsoOrganisation[];
  users: SsoUser[];
}

export class SsoReadError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

interface GroupRepresentation {
  id: string;
  name: string;
  attributes?: Record<string, string[] | undefined>;
}
interface UserRepresentation {
  id: string;
  username: string;
  firstName?: string;
  lastName?: string;
  enabled?: boolean;
}
interface RoleRepresentation {
  name: string;
}

const KEYCLOAK_BUILT_IN_ROLE = /^(default-roles-.+|offline_access|uma_authorization)$/;

function messageFor(status: number): string {
  if (status === 401) return '登录已过期，请重新登录后再查看。';
  if (status === 403)
    return '统一身份认证拒绝了查询：您的账号需要 realm-management 的 view-users 角色（系统管理员）。';
  if (status === 404) return '统一身份认证中没有找到该记录，请刷新后重试。';
  return `统一身份认证暂时无法访问（HTTP ${status}），请稍后重试。`;
}

export function createSsoDirectoryReader(
  authServerUrl: string,
  realm: string,
  accessToken: () => string | undefined,
) {
  const base = `${authServerUrl.replace(/\/+$/, '')}/admin/realms/${encodeURIComponent(realm)}`;
  async function get<T>(path: string): Promise<T> {
    const token = accessToken();
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
    } catch {
      throw new SsoReadError(0, '无法连接统一身份认证，请检查网络后重试。');
    }
    if (!response.ok) throw new SsoReadError(response.status, messageFor(response.status));
    return (await response.json()) as T;
  }

  return async function readDirectory(): Promise<SsoDirectory> {
    const groups = await get<GroupRepresentation[]>('/groups?briefRepresentation=false&max=1000');
    const organisations = groups.map((group): SsoOrganisation => {
      const attribute = (name: string) => group.attributes?.[name]?.[0];
      const type = OrgType.safeParse(attribute('org_type'));
      const level = OrgLevel.safeParse(attribute('org_level'));
      return {
        groupId: group.id,
        id: attribute('org_id') ?? group.id,
        name: attribute('org_name') ?? group.name,
        type: type.success ? type.data : undefined,
        level: level.success ? level.data : undefined,
        region: attribute('org_region') ?? '',
        parentId: attribute('org_parent'),
      };
    });
    const users = (
      await Promise.all(
        organisations.map(async (organisation) => {
          const members = await get<UserRepresentation[]>(
            `/groups/${encodeURIComponent(organisation.groupId)}/members?max=1000`,
          );
          return Promise.all(
            members.map(async (member): Promise<SsoUser> => {
              const mappings = await get<RoleRepresentation[]>(
                `/users/${encodeURIComponent(member.id)}/role-mappings/realm`,
              );
              const names = mappings.map((mapping) => mapping.name);
              const roles = names.flatMap((name) => {
                const role = Role.safeParse(name);
                return role.success ? [role.data] : [];
              });
              return {
                id: member.id,
                username: member.username,
                displayName: `${member.lastName ?? ''}${member.firstName ?? ''}` || member.username,
                orgId: organisation.id,
                orgName: organisation.name,
                roles,
                otherRoles: names.filter(
                  (name) => !Role.safeParse(name).success && !KEYCLOAK_BUILT_IN_ROLE.test(name),
                ),
                enabled: member.enabled ?? true,
              };
            }),
          );
        }),
      )
    ).flat();
    return { organisations, users };
  };
}
