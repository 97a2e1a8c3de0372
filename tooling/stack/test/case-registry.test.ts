import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CASE_REGISTRY_PRISMA_MODEL, caseRegistryTableSql } from '@jiuzhu/service-kit';
import { SERVICES } from '../src/services.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('the case registry every service decides access from', () => {
  it.each(SERVICES.map(({ name }) => name))(
    '%s creates it in a committed migration and describes it in its Prisma schema, as the kit defines it',
    async (name) => {
      const migrations = `${root}services/${name}/prisma/migrations/`;
      const scripts = await Promise.all(
        (await readdir(migrations, { withFileTypes: true }))
          .filter((entry) => entry.isDirectory())
          .map((entry) => readFile(`${migrations}${entry.name}/migration.sql`, 'utf8')),
      );
      expect(scripts.filter((script) => script.includes(caseRegistryTableSql()))).toHaveLength(1);
      const schema = await readFile(`${root}services/${name}/prisma/schema.prisma`, 'utf8');
      expect(schema).toContain(CASE_REGISTRY_PRISMA_MODEL);
    },
  );
});
