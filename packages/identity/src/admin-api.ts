import type { Organisation, Role } from '@jiuzhu/contracts';
import { ROLE_LABELS } from '@jiuzhu/contracts';
import express, { type Request, type Response, type Router } from 'express';
import { createLocalJWKSet, type JWK, type JWTPayload, jwtVerify } from 'jose';
import {
  DEMO_ORGANISATIONS,
  DEMO_PEOPLE,
  type DemoPerson,
  findPersonById,
  organisationOf,
  PLATFORM_ORGANISATION,
} from './demo-directory.ts';
import {
  ADMIN_API_CLIENT,
  ADMIN_API_ROLES,
  keycloakDefaultRealmRoles,
  serviceAccountUsername,
} from './keycloak-shape.ts';
import { stableUuid } from './stable-id.ts';

/**
 * The read-only subset of Keycloak's Admin REST API (`/admin/realms/{realm}/…`) the portal's administration
 * screens use, answered from the demo directory with Keycloak's JSON shapes. See docs/decisions for who may
 * call it: a person whose token says they may view users (realm-management `view-users`, which the realm
 * export gives every `admin`), limited to their own organisation and the organisations below it; and a service
 * account holding those roles (the portal server's directory reader), which sees the whole realm as in Keycloak.
 */

export interface AdminApiOptions {
  issuer: string;
  realm: string;
  publicKey: JWK;
  isSessionActive: (sid: string) => Promise<boolean>;
  /** Browser origins allowed to call (Keycloak allows a token's web origins). */
  allowedOrigins: ReadonlySet<string>;
}

/** Keycloak's GroupRepresentation; organisations are top-level groups carrying `org_*` attributes. */
export interface GroupRepresentation {
  id: string;
  name: string;
  path: string;
  subGroupCount: number;
  subGroups: GroupRepresentation[];
  attributes?: Record<string, string[]>;
  access?: Record<string, boolean>;
}

/** Keycloak's UserRepresentation (the brief form: no attributes, required actions or notBefore). */
export interface UserRepresentation {
  id: string;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  emailVerified: boolean;
  enabled: boolean;
  createdTimestamp: number;
  totp: boolean;
  access: Record<string, boolean>;
}

/** Keycloak's RoleRepresentation. */
export interface RoleRepresentation {
  id: string;
  name: string;
  description?: string;
  composite: boolean;
  clientRole: boolean;
  containerId: string;
}

export function groupId(organisation: Organisation): string {
  return stableUuid(`group:${organisation.id}`);
}

const ORG_ATTRIBUTES: ReadonlyArray<[attribute: string, field: keyof Organisation]> = [
  ['org_id', 'id'],
  ['org_name', 'name'],
  ['org_type', 'type'],
  ['org_level', 'level'],
  ['org_region', 'region'],
  ['org_parent', 'parentId'],
];

export function organisationAttributes(organisation: Organisation): Record<string, string[]> {
  const attributes: Record<string, string[]> = {};
  for (const [attribute, field] of ORG_ATTRIBUTES) {
    const value = organisation[field];
    if (value !== undefined) attributes[attribute] = [value];
  }
  return attributes;
}

// Fixed so that repeated reads agree; Keycloak records the import time.
const CREATED_TIMESTAMP = Date.UTC(2026, 0, 1);
const ACCESS = { view: true, manage: false };

function groupRepresentation(organisation: Organisation, brief: boolean): GroupRepresentation {
  return {
    id: groupId(organisation),
    name: organisation.name,
    path: `/${organisation.name}`,
    subGroupCount: 0,
    subGroups: [],
    ...(brief ? {} : { attributes: organisationAttributes(organisation) }),
    access: { view: true, viewMembers: true, manage: false, manageMembers: false, manageMembership: false },
  };
}

function userRepresentation(entry: DemoPerson): UserRepresentation {
  return {
    id: entry.id,
    username: entry.username,
    firstName: entry.givenName,
    lastName: entry.familyName,
    email: `${entry.username}@demo.jiuzhu.example`,
    emailVerified: true,
    enabled: true,
    createdTimestamp: CREATED_TIMESTAMP,
    totp: false,
    access: { ...ACCESS, manageGroupMembership: false, impersonate: false, mapRoles: false },
  };
}

function realmRoleRepresentation(name: string, realm: string): RoleRepresentation {
  const defaultRoles = `default-roles-${realm}`;
  return {
    id: stableUuid(`role:${realm}:${name}`),
    name,
    ...(name in ROLE_LABELS ? { description: ROLE_LABELS[name as Role] } : {}),
    composite: name === defaultRoles,
    clientRole: false,
    containerId: stableUuid(`realm:${realm}`),
  };
}

/** The organisations an administrator of `root` sees: it and every organisation below it. */
export function organisationsUnder(rootId: string): Organisation[] {
  const all = [PLATFORM_ORGANISATION, ...DEMO_ORGANISATIONS];
  const seen = new Set([rootId]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const organisation of all)
      if (organisation.parentId && seen.has(organisation.parentId) && !seen.has(organisation.id)) {
        seen.add(organisation.id);
        grew = true;
      }
  }
  return all.filter((organisation) => seen.has(organisation.id));
}

function fail(res: Response, status: 401 | 403 | 404, error: string): void {
  res.status(status).json({ error });
}

function pageOf<T>(items: T[], req: Request): T[] {
  const first = Math.max(0, Number(req.query['first'] ?? 0) || 0);
  const max = req.query['max'] === undefined ? 100 : Math.max(0, Number(req.query['max']) || 0);
  return items.slice(first, first + max);
}

const isBrief = (req: Request, fallback: boolean) =>
  req.query['briefRepresentation'] === undefined ? fallback : req.query['briefRepresentation'] !== 'false';

function holdsAdminRole(payload: JWTPayload): boolean {
  const resourceAccess = payload['resource_access'] as Record<string, { roles?: unknown }> | undefined;
  const roles = resourceAccess?.[ADMIN_API_CLIENT]?.roles;
  return Array.isArray(roles) && roles.some((role) => (ADMIN_API_ROLES as readonly unknown[]).includes(role));
}

/** A client-credentials token (this provider's `sub` is then the client id). */
function isServiceAccount(payload: JWTPayload): boolean {
  const clientId = payload['azp'];
  return (
    typeof clientId === 'string' &&
    payload.sub === clientId &&
    payload['preferred_username'] === serviceAccountUsername(clientId)
  );
}

/** Router mounted at `/admin/realms/{realm}`. */
export function adminApiRouter(options: AdminApiOptions): Router {
  const { issuer, realm, isSessionActive, allowedOrigins } = options;
  const keys = createLocalJWKSet({ keys: [options.publicKey] });
  const router = express.Router();

  router.use((req, res, next) => {
    const origin = req.headers.origin;
    if (origin && allowedOrigins.has(origin)) {
      res.set('Access-Control-Allow-Origin', origin).set('Vary', 'Origin');
      res.set('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      res.set('Access-Control-Allow-Methods', 'GET, OPTIONS');
    }
    res.set('Cache-Control', 'no-store');
    if (req.method === 'OPTIONS') {
      res.status(204).end();
      return;
    }
    next();
  });

  // Every request: a live access token of this realm whose holder may view users; scope = their organisation.
  router.use(async (req, res, next) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token) return fail(res, 401, 'HTTP 401 Unauthorized');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer, algorithms: ['RS256'] }));
    } catch {
      return fail(res, 401, 'HTTP 401 Unauthorized');
    }
    const sessionEnded = typeof payload['sid'] === 'string' && !(await isSessionActive(payload['sid']));
    if (payload['typ'] !== 'Bearer' || sessionEnded) return fail(res, 401, 'HTTP 401 Unauthorized');
    if (!holdsAdminRole(payload)) return fail(res, 403, 'HTTP 403 Forbidden');
    const caller = payload.sub ? findPersonById(payload.sub) : undefined;
    if (caller) res.locals['visible'] = organisationsUnder(caller.orgId);
    else if (isServiceAccount(payload))
      res.locals['visible'] = [PLATFORM_ORGANISATION, ...DEMO_ORGANISATIONS];
    else return fail(res, 403, 'HTTP 403 Forbidden');
    next();
  });

  const visibleOrganisations = (res: Response) => res.locals['visible'] as Organisation[];
  const visiblePeople = (res: Response) => {
    const ids = new Set(visibleOrganisations(res).map((organisation) => organisation.id));
    return DEMO_PEOPLE.filter((entry) => ids.has(entry.orgId));
  };
  const visiblePerson = (res: Response, id: string) => visiblePeople(res).find((entry) => entry.id === id);

  router.get('/groups', (req, res) => {
    const search = typeof req.query['search'] === 'string' ? req.query['search'] : '';
    const groups = visibleOrganisations(res)
      .filter((organisation) => organisation.name.includes(search))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
      .map((organisation) => groupRepresentation(organisation, isBrief(req, true)));
    res.json(pageOf(groups, req));
  });

  router.get('/groups/:id', (req, res) => {
    const organisation = visibleOrganisations(res).find((entry) => groupId(entry) === req.params['id']);
    if (!organisation) return fail(res, 404, 'Could not find group by id');
    res.json(groupRepresentation(organisation, false));
  });

  router.get('/groups/:id/members', (req, res) => {
    const organisation = visibleOrganisations(res).find((entry) => groupId(entry) === req.params['id']);
    if (!organisation) return fail(res, 404, 'Could not find group by id');
    const members = DEMO_PEOPLE.filter((entry) => entry.orgId === organisation.id).map(userRepresentation);
    res.json(pageOf(members, req));
  });

  router.get('/users', (req, res) => {
    const search = typeof req.query['search'] === 'string' ? req.query['search'].toLowerCase() : '';
    const username = typeof req.query['username'] === 'string' ? req.query['username'] : undefined;
    const users = visiblePeople(res)
      .filter((entry) =>
        username !== undefined
          ? req.query['exact'] === 'true'
            ? entry.username === username
            : entry.username.includes(username)
          : `${entry.username} ${entry.displayName}`.toLowerCase().includes(search),
      )
      .map(userRepresentation);
    res.json(pageOf(users, req));
  });

  router.get('/users/count', (_req, res) => {
    res.json(visiblePeople(res).length);
  });

  router.get('/users/:id', (req, res) => {
    const entry = visiblePerson(res, req.params['id'] ?? '');
    if (!entry) return fail(res, 404, 'User not found');
    res.json(userRepresentation(entry));
  });

  router.get('/users/:id/groups', (req, res) => {
    const entry = visiblePerson(res, req.params['id'] ?? '');
    if (!entry) return fail(res, 404, 'User not found');
    res.json([groupRepresentation(organisationOf(entry), isBrief(req, true))]);
  });

  // Direct realm role mappings: the person's Jiuzhu roles plus Keycloak's default-roles-{realm} composite.
  router.get('/users/:id/role-mappings/realm', (req, res) => {
    const entry = visiblePerson(res, req.params['id'] ?? '');
    if (!entry) return fail(res, 404, 'User not found');
    const names = [...entry.roles, `default-roles-${realm}`];
    res.json(names.map((name) => realmRoleRepresentation(name, realm)));
  });

  router.get('/users/:id/role-mappings/realm/composite', (req, res) => {
    const entry = visiblePerson(res, req.params['id'] ?? '');
    if (!entry) return fail(res, 404, 'User not found');
    const names = [...entry.roles, ...keycloakDefaultRealmRoles(realm)];
    res.json(names.map((name) => realmRoleRepresentation(name, realm)));
  });

  router.use((_req, res) => fail(res, 404, 'HTTP 404 Not Found'));
  return router;
}
