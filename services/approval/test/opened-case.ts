import type { caseOpened, PayloadOf } from '@jiuzhu/contracts';
import type { startServiceUnderTest } from '@jiuzhu/service-kit/testing';

type Harness = Awaited<ReturnType<typeof startServiceUnderTest>>;

/** The opening of an urgent case at 信宜市人民法院 (parent: 茂名市中级人民法院), as intake publishes it. */
export const opening = (
  overrides: Partial<PayloadOf<typeof caseOpened>> = {},
): PayloadOf<typeof caseOpened> => ({
  caseId: crypto.randomUUID(),
  caseNumber: `（2026）粤0983司救${Math.floor(Math.random() * 10_000)}号`,
  handlingOrgId: 'court-440983',
  handlingOrgParentId: 'court-440900',
  leadSource: 'own_application',
  urgent: true,
  requestedAmountFen: 2_000_000,
  ...overrides,
});

/** Delivers intake's case-opened and waits until approval has recorded the case; returns the case id. */
export async function openedCase(harness: Harness, overrides: Parameters<typeof opening>[0] = {}) {
  return (await harness.openCase(opening(overrides))).caseId;
}
