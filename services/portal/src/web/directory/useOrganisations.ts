import { useCallback } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Organisation } from '@jiuzhu/contracts';
import { z } from 'zod';
import { ORGANISATIONS_PATH } from '../../shared/portal-config.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { organisationName } from './organisations.ts';

const Organisations = z.array(Organisation);

/**
 * The organisation directory of the SSO, as the portal server offers it to signed-in people
 * (`/api/directory/organisations`). Organisations change rarely, so one read serves the pages for a while.
 */
export function useOrganisations() {
  const { accessToken, markExpired } = useAuth();
  return useQuery({
    queryKey: ['directory', 'organisations'],
    staleTime: 5 * 60_000,
    queryFn: async () => {
      const token = accessToken();
      let response: Response;
      try {
        response = await fetch(ORGANISATIONS_PATH, {
          headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        });
      } catch {
        throw new Error('无法连接门户服务器，请检查网络后重试。');
      }
      if (response.status === 401) {
        markExpired();
        throw new Error('登录已过期，请重新登录。');
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => undefined)) as
          { error?: { message?: string } } | undefined;
        throw new Error(
          body?.error?.message ?? `机构目录暂时无法读取（HTTP ${response.status}），请稍后重试。`,
        );
      }
      return Organisations.parse(await response.json());
    },
  });
}

/** Resolves an organisation id to its name from the directory (the id until the directory has loaded). */
export function useOrganisationName(): (id: string) => string {
  const { data } = useOrganisations();
  return useCallback((id: string) => organisationName(data, id), [data]);
}
