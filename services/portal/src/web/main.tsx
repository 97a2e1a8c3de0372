import './strict-csp.ts';
import { createRoot } from 'react-dom/client';
import type { PortalConfig } from '../shared/portal-config.ts';
import { App } from './App.tsx';

const root = createRoot(document.getElementById('root')!);

// The portal server says where the identity provider and the services are (they differ per deployment).
void fetch('/config.json')
  .then(async (response) => {
    if (!response.ok) throw new Error(`/config.json: HTTP ${response.status}`);
    return (await response.json()) as PortalConfig;
  })
  .then((config) => root.render(<App config={config} />))
  .catch((error: unknown) => {
    root.render(<p role="alert">门户配置加载失败：{String(error)}</p>);
  });
