import { Organisation } from '@jiuzhu/contracts';
import { z } from 'zod';

/**
 * A confidential client whose service account may read the realm's groups (query-groups, view-users): the portal
 * server's, intake's, referral's.
 */
export interface DirectoryClient {
  clientId: string;
  secret: string;
}

export interface OrganisationDirectoryOptions {
  /** Keycloak's auth-server URL. */
  authServerUrl: string;
  realm: string;
  client: DirectoryClient;
  /** How long one read of the directory is served from memory. */
  cacheTtlMs?: number;
  log?: (line: string) => void;
}

export interface OrganisationDirectory {
  /** Every organisation of the realm, except the platform's own (where service accounts live). */
  organisations(): Promise<Organisation[]>;
}

export class DirectoryUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DirectoryUnavailableError';
  }
}

const TokenResponse = z.object({ access_token: z.string().min(1), expires_in: z.number().positive() });
const GroupPage = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    attributes: z.record(z.string(), z.array(z.string()).optional()).optional(),
  }),
);
type Group = z.infer<typeof GroupPage>[number];

// Ask for a new token this long before the current one expires.
const TOKEN_MARGIN_MS = 30_000;
const PAGE_SIZE = 100;
// A directory read that hangs must not hold a request (and its database transaction) for long.
const REQUEST_TIMEOUT_MS = 5_000;

/** The `org` claim of our own token (read, not verified: it came straight from the token endpoint). */
function ownOrgIdOf(accessToken: string): string | undefined {
  try {
    const payload = JSON.parse(
      Buffer.from(accessToken.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as {
      org?: { id?: unknown };
    };
    return typeof payload.org?.id === 'string' ? payload.org.id : undefined;
  } catch {
    return undefined;
  }
}

/** An organisation is a top-level group whose `org_*` attributes describe it (docs/decisions/0003). */
function organisationOf(group: Group): Organisation | undefined {
  const attribute = (name: string) => group.attributes?.[name]?.[0];
  const parentId = attribute('org_parent');
  const parsed = Organisation.safeParse({
    id: attribute('org_id'),
    name: attribute('org_name') ?? group.name,
    type: attribute('org_type'),
    level: attribute('org_level'),
    region: attribute('org_region'),
    ...(parentId ? { parentId } : {}),
  });
  return parsed.success ? parsed.data : undefined;
}

/**
 * Reads the organisation directory from the SSO through Keycloak's Admin REST API with a client's own service
 * account (client credentials), and keeps each read for a short while. Works the same against Keycloak and the
 * embedded provider. The portal offers it to its pickers; intake and referral check every organisation a caller
 * names against it and take names from it.
 */
export function createOrganisationDirectory(options: OrganisationDirectoryOptions): OrganisationDirectory {
  const { realm, client, cacheTtlMs = 60_000, log = () => {} } = options;
  const base = options.authServerUrl.replace(/\/+$/, '');
  const tokenUrl = `${base}/realms/${encodeURIComponent(realm)}/protocol/openid-connect/token`;
  const groupsUrl = `${base}/admin/realms/${encodeURIComponent(realm)}/groups`;
  const basic = Buffer.from(
    `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.secret)}`,
  ).toString('base64');

  let token: { value: string; renewAt: number; ownOrgId: string | undefined } | undefined;
  let cached: { organisations: Organisation[]; freshUntil: number } | undefined;
  let reading: Promise<Organisation[]> | undefined;

  async function serviceToken(): Promise<NonNullable<typeof token>> {
    if (token && token.renewAt > Date.now()) return token;
    const response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok)
      throw new DirectoryUnavailableError(
        `client credentials for ${client.clientId} refused: HTTP ${response.status}`,
      );
    const body = TokenResponse.parse(await response.json());
    token = {
      value: body.access_token,
      renewAt: Date.now() + Math.max(0, body.expires_in * 1000 - TOKEN_MARGIN_MS),
      ownOrgId: ownOrgIdOf(body.access_token),
    };
    return token;
  }

  async function groupPage(first: number, retried = false): Promise<Group[]> {
    const { value } = await serviceToken();
    const url = `${groupsUrl}?briefRepresentation=false&first=${first}&max=${PAGE_SIZE}`;
    const response = await fetch(url, {
      headers: { accept: 'application/json', authorization: `Bearer ${value}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status === 401 && !retried) {
      // The SSO no longer accepts the token (restarted, keys rotated): get a new one once.
      token = undefined;
      return groupPage(first, true);
    }
    if (!response.ok)
      throw new DirectoryUnavailableError(
        `reading groups as ${client.clientId} failed: HTTP ${response.status}` +
          (response.status === 403
            ? ' (its service account needs realm-management query-groups and view-users)'
            : ''),
      );
    return GroupPage.parse(await response.json());
  }

  async function read(): Promise<Organisation[]> {
    const groups: Group[] = [];
    for (let first = 0; ; first += PAGE_SIZE) {
      const page = await groupPage(first);
      groups.push(...page);
      if (page.length < PAGE_SIZE) break;
    }
    const ownOrgId = token?.ownOrgId;
    const organisations: Organisation[] = [];
    for (const group of groups) {
      const organisation = organisationOf(group);
      if (!organisation)
        log(
          `organisation directory: group "${group.name}" has no valid org_* attributes; left out of the directory`,
        );
      else if (organisation.id !== ownOrgId) organisations.push(organisation);
    }
    return organisations;
  }

  async function organisations(): Promise<Organisation[]> {
    if (cached && cached.freshUntil > Date.now()) return cached.organisations;
    reading ??= read()
      .then((organisations) => {
        cached = { organisations, freshUntil: Date.now() + cacheTtlMs };
        return organisations;
      })
      .finally(() => {
        reading = undefined;
      });
    try {
      return await reading;
    } catch (error) {
      // A directory a few minutes old beats none while the SSO is briefly unreachable.
      if (cached) {
        log(`organisation directory served from memory: ${(error as Error).message}`);
        return cached.organisations;
      }
      throw error instanceof DirectoryUnavailableError
        ? error
        : new DirectoryUnavailableError(
            `reading the organisation directory failed: ${(error as Error).message}`,
          );
    }
  }

  return { organisations };
}

/** Without its client secret a server cannot read the directory; it says so once, then on each use. */
export function unconfiguredDirectory(clientId: string, log: (line: string) => void): OrganisationDirectory {
  const reason = `KEYCLOAK_CLIENT_SECRET (of ${clientId}) is not set: the organisation directory cannot be read`;
  log(reason);
  return { organisations: () => Promise.reject(new DirectoryUnavailableError(reason)) };
}
