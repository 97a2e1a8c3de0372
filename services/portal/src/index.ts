export { startPortal, type RunningPortal } from './server/portal-server.ts';
export { DEFAULT_SERVICE_PORTS, portalOptionsFromEnv, type PortalOptions } from './server/options.ts';
export { buildWebApp } from './server/web-build.ts';
export {
  CALLBACK_PATH,
  PORTAL_CLIENT_ID,
  SERVICE_NAMES,
  type PortalConfig,
  type ServiceName,
} from './shared/portal-config.ts';
