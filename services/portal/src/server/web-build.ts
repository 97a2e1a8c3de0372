import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEFAULT_WEB_ROOT = `${PACKAGE_ROOT}dist/web`;

/** Builds the web app with Vite into `outDir` (this package's vite.config.ts, production mode). */
export async function buildWebApp(outDir: string = DEFAULT_WEB_ROOT): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: `${PACKAGE_ROOT}vite.config.ts`,
    mode: 'production',
    build: { outDir, emptyOutDir: true },
  });
}

export async function ensureWebBuild(webRoot: string, log: (line: string) => void): Promise<void> {
  if (existsSync(`${webRoot}/index.html`)) return;
  log(`portal: no web build at ${webRoot}; building it now (once)`);
  await buildWebApp(webRoot);
}
