import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, expect } from 'vitest';
import { createTestSchema } from '@jiuzhu/db/testing';
import { DEMO_PASSWORD, startIdentityProvider } from '@jiuzhu/identity';
import { registerPortalOrigin, type RealKeycloak } from '@jiuzhu/identity/testing';
import {
  buildWebApp,
  SERVICE_NAMES,
  startPortal,
  type RunningPortal,
  type ServiceName,
} from '../src/index.ts';
import { freePort } from './free-port.ts';
import { dropSchema, startServiceProcess, type ServiceProcess } from './service-process.ts';

const CHROMIUM = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM)
  console.warn(
    `portal browser tests skipped: ${CHROMIUM} is missing (apt-get install -y chromium; .ci/run installs it)`,
  );
const SCREENSHOTS = fileURLToPath(new URL('../test-results/', import.meta.url));

/**
 * Every Content Security Policy violation a page reported, at the portal or at the identity provider. Each test
 * fails on any, so the whole browser suite proves that the pages work under their strict policies.
 */
const cspViolations: string[] = [];
afterEach(() => {
  expect(cspViolations.splice(0), 'Content Security Policy violations').toEqual([]);
});

async function reportCspViolations(context: BrowserContext): Promise<void> {
  await context.exposeBinding('reportCspViolation', ({ frame }, violation: string) => {
    cspViolations.push(`${frame.url()}: ${violation}`);
  });
  // Runs in every page before its own scripts (this test package has no DOM types: the shapes are spelled out).
  await context.addInitScript(() => {
    interface Violation {
      effectiveDirective: string;
      blockedURI: string;
      sourceFile: string;
      lineNumber: number;
      sample: string;
    }
    const page = globalThis as unknown as {
      document: { addEventListener(type: string, listener: (event: Violation) => void): void };
      reportCspViolation(violation: string): Promise<void>;
    };
    page.document.addEventListener('securitypolicyviolation', (event) => {
      const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : '';
      void page.reportCspViolation(
        `${event.effectiveDirective} refused ${event.blockedURI || 'inline'}${where} ${event.sample}`,
      );
    });
  });
}

/** What the page keeps in web storage: tokens and personal data must never be there. */
export function webStorageOf(
  page: Page,
): Promise<{ session: Record<string, string>; local: Record<string, string> }> {
  return page.evaluate(() => ({ session: { ...sessionStorage }, local: { ...localStorage } }));
}

export interface BrowserStack {
  /** Where people sign in: the embedded identity provider, or the real Keycloak the stack was given. */
  identity: { url: string; realm: string };
  portal: RunningPortal;
  services: Partial<Record<ServiceName, ServiceProcess>>;
  /** A new browser window (its own cookies) at 1366×768, in Chinese, nothing opened yet. */
  newPage(): Promise<Page>;
  /**
   * Opens the portal at 1366×768 and signs in on the identity provider's own login page, as a person would;
   * returns once the portal shows who is signed in.
   */
  signedInPage(username: string, path?: string): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

const secretOf = (secrets: Record<string, string>, clientId: string): Record<string, string> =>
  secrets[clientId] ? { KEYCLOAK_CLIENT_SECRET: secrets[clientId] } : {};

/**
 * The identity provider, the given services as processes on one bus, the built portal and Chromium. Services
 * not running are given an address where nothing answers, so their parts of a page must say so. `serviceEnv`
 * adds settings to a service's environment. With `keycloak`, people sign in at that real Keycloak (the portal's
 * address registered with its portal client for the while) instead of the embedded identity provider.
 */
export async function startBrowserStack(
  name: string,
  running: readonly ServiceName[],
  serviceEnv: Partial<Record<ServiceName, Record<string, string>>> = {},
  { keycloak }: { keycloak?: RealKeycloak } = {},
): Promise<BrowserStack> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const bus = createTestSchema(`portal_${name}_bus`);
  const port = await freePort();
  const embedded = keycloak
    ? undefined
    : await startIdentityProvider({
        port: 0,
        portalRedirectUris: [`http://127.0.0.1:${port}/auth/callback`],
      });
  const identity = {
    url: keycloak?.authServerUrl ?? embedded!.url,
    realm: keycloak?.realm ?? embedded!.realm,
    clientSecrets: keycloak?.clientSecrets ?? embedded!.clientSecrets,
  };
  const unregister = keycloak ? await registerPortalOrigin(keycloak, `http://127.0.0.1:${port}`) : undefined;
  const webRoot = await mkdtemp(join(tmpdir(), `portal-${name}-web-`));
  const [started] = await Promise.all([
    Promise.all(
      running.map((service) =>
        startServiceProcess(service, identity.url, bus.schema, {
          // Its own client, whose service account reads the organisation directory (intake, referral).
          ...secretOf(identity.clientSecrets, `jiuzhu-${service}`),
          ...serviceEnv[service],
        }),
      ),
    ),
    buildWebApp(webRoot),
  ]);
  const services: BrowserStack['services'] = Object.fromEntries(
    running.map((service, index) => [service, started[index]]),
  );
  const nowhere = `http://127.0.0.1:${await freePort()}`;
  const serviceUrls = Object.fromEntries(
    SERVICE_NAMES.map((service) => [service, services[service]?.url ?? nowhere]),
  ) as Record<ServiceName, string>;
  const portal = await startPortal(
    {
      port,
      authServerUrl: identity.url,
      realm: identity.realm,
      serviceUrls,
      webRoot,
      directoryClient: {
        clientId: 'jiuzhu-portal-server',
        secret: identity.clientSecrets['jiuzhu-portal-server']!,
      },
    },
    () => {},
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });

  const newPage = async () => {
    const context = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    await reportCspViolations(context);
    return context.newPage();
  };

  return {
    identity,
    portal,
    services,
    newPage,
    async signedInPage(username, path = '/') {
      const page = await newPage();
      await page.goto(`${portal.url}${path}`);
      await page.getByLabel('用户名').fill(username);
      await page.getByLabel('密码').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL((url) => url.origin === portal.url && !url.pathname.startsWith('/auth/'));
      await page.getByTestId('current-user').waitFor();
      return page;
    },
    async screenshot(page, file) {
      await page.screenshot({ path: join(SCREENSHOTS, `${file}.png`), fullPage: true });
    },
    async stop() {
      await browser.close();
      await portal.close();
      await Promise.all(Object.values(services).map((service) => service.stop()));
      await dropSchema(bus.connectionString, bus.schema);
      await unregister?.();
      await embedded?.close();
      await rm(webRoot, { recursive: true, force: true });
    },
  };
}
