import {
  createOrganisationDirectory,
  DirectoryUnavailableError,
  unconfiguredDirectory,
  type OrganisationDirectory,
} from '@jiuzhu/auth';
import type { Organisation } from '@jiuzhu/contracts';
import { TRPCError } from '@trpc/server';
import type { ServiceConfig } from './config.ts';
import type { Logger } from './logger.ts';

export const DIRECTORY_UNAVAILABLE_MESSAGE = '暂时无法核对机构目录，请稍后重试。';

/**
 * The SSO's organisation directory as procedures consult it: every organisation a caller names is looked up here,
 * and names, types and regions are taken from here, never from the caller.
 */
export interface Directory {
  /**
   * The SSO's organisations by id, read at most a minute ago; a 503 (in Chinese) when the SSO cannot be read. Read
   * before a transaction opens (a network call must not hold its locks), look up once the caller is authorized.
   */
  read(): Promise<ReadonlyMap<string, Organisation>>;
}

/**
 * Reads the directory with the service's own client (KEYCLOAK_CLIENT_ID / KEYCLOAK_CLIENT_SECRET), whose service
 * account needs realm-management query-groups and view-users. Built on first use, so services that never consult
 * it do not need the secret.
 */
export function serviceDirectory(config: ServiceConfig, logger: Logger): Directory {
  let directory: OrganisationDirectory | undefined;
  const open = (): OrganisationDirectory => {
    const log = (line: string) => logger.warn(line);
    const secret = config.KEYCLOAK_CLIENT_SECRET;
    return secret
      ? createOrganisationDirectory({
          authServerUrl: config.KEYCLOAK_URL,
          realm: config.KEYCLOAK_REALM,
          client: { clientId: config.KEYCLOAK_CLIENT_ID, secret },
          log,
        })
      : unconfiguredDirectory(config.KEYCLOAK_CLIENT_ID, log);
  };
  return {
    async read() {
      directory ??= open();
      try {
        const organisations = await directory.organisations();
        return new Map(organisations.map((organisation) => [organisation.id, organisation]));
      } catch (error) {
        if (!(error instanceof DirectoryUnavailableError)) throw error;
        throw new TRPCError({
          code: 'SERVICE_UNAVAILABLE',
          message: DIRECTORY_UNAVAILABLE_MESSAGE,
          cause: error,
        });
      }
    },
  };
}
