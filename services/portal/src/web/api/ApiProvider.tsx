import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { PortalConfig } from '../../shared/portal-config.ts';
import { useAuth } from '../auth/AuthProvider.tsx';
import { createApi, type Api } from './clients.ts';
import { describeFailure } from './errors.ts';

const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

export function ApiProvider({ config, children }: { config: PortalConfig; children: ReactNode }) {
  const { accessToken, markExpired, expired } = useAuth();
  const api = useMemo(
    () => createApi(config, { accessToken, onUnauthorized: markExpired }),
    [config, accessToken, markExpired],
  );
  const queryClient = useMemo(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // Refusals and missing records do not get better by asking again; outages might.
            retry: (count, error) => count < 2 && describeFailure(error).kind === 'unavailable',
            refetchOnWindowFocus: false,
          },
        },
      }),
    [],
  );
  // Signed in again in place: what was refused for want of a valid token is asked again.
  useEffect(() => {
    if (!expired)
      void queryClient.refetchQueries({
        type: 'active',
        predicate: (query) => query.state.status === 'error',
      });
  }, [expired, queryClient]);
  return (
    <ApiContext.Provider value={api}>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </ApiContext.Provider>
  );
}
