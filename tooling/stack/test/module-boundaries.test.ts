import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === '@nx/enforce-module-boundaries')
    .map((m) => m.message);
}

beforeAll(() => {
  // The rule reads nx's cached project graph.
  execFileSync(`${root}node_modules/.bin/nx`, ['show', 'projects'], {
    cwd: root,
    env: { ...process.env, NX_DAEMON: 'false' },
  });
}, 120_000);

describe('module boundaries (nx)', () => {
  it('stops a service from importing another service', async () => {
    const errors = await boundaryErrors(
      'services/intake/src/uses-approval.ts',
      "import { approvalService } from '@jiuzhu/approval';\nexport const x = approvalService;\n",
    );
    expect(errors).toEqual([
      expect.stringContaining('"type:service" can only depend on libs tagged with "type:package"'),
    ]);
  });

  it('stops contracts from importing anything but contracts', async () => {
    const errors = await boundaryErrors(
      'packages/contracts/src/uses-db.ts',
      "import { applyMigrations } from '@jiuzhu/db';\nexport const y = applyMigrations;\n",
    );
    expect(errors).toEqual([
      expect.stringContaining('"scope:contracts" can only depend on libs tagged with "scope:contracts"'),
    ]);
  });

  it('lets a service use shared packages', async () => {
    const errors = await boundaryErrors(
      'services/intake/src/uses-kit.ts',
      "import { startService } from '@jiuzhu/service-kit';\nexport const z = startService;\n",
    );
    expect(errors).toEqual([]);
  });
});
