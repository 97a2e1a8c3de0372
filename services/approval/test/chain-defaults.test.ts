import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN_CONFIG } from '@jiuzhu/contracts';
import { startServiceUnderTest } from '@jiuzhu/service-kit/testing';
import { approvalService } from '../src/service.ts';

/** The chain_config columns whose defaults the migrations set, and the default each mirrors. */
const MIRRORED = {
  advance_cap_fen: DEFAULT_CHAIN_CONFIG.advanceCapFen,
  advance_completion_days: DEFAULT_CHAIN_CONFIG.advanceCompletionDays,
  step_deadline_days: DEFAULT_CHAIN_CONFIG.stepDeadlineWorkingDays,
} as const;

let harness: Awaited<ReturnType<typeof startServiceUnderTest>>;
beforeAll(async () => {
  harness = await startServiceUnderTest(approvalService);
});
afterAll(async () => harness?.stop());

describe('the approval-chain defaults live in contracts; the database mirrors them', () => {
  it('gives the migrated columns the defaults of DEFAULT_CHAIN_CONFIG', async () => {
    const rows = await harness.query<{ column_name: string; column_default: string | null }>(
      `SELECT column_name, column_default FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = 'chain_config' AND column_name = ANY($1)`,
      [Object.keys(MIRRORED)],
    );
    expect(Object.fromEntries(rows.map((row) => [row.column_name, Number(row.column_default)]))).toEqual(
      MIRRORED,
    );
  });

  it('writes the same defaults into the Prisma schema', () => {
    const schema = readFileSync(new URL('../prisma/schema.prisma', import.meta.url), 'utf8');
    for (const [column, value] of Object.entries(MIRRORED))
      expect(schema).toMatch(new RegExp(`@default\\(${value}\\) @map\\("${column}"\\)`));
  });
});
