import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderEventCatalogue } from '../src/catalogue.ts';

describe('event catalogue', () => {
  it('is the one generated from the contracts (run `pnpm --filter @jiuzhu/contracts catalogue`)', () => {
    const committed = readFileSync(new URL('../../../docs/events.md', import.meta.url), 'utf8');
    expect(committed).toBe(renderEventCatalogue());
  });
});
