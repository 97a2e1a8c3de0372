import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropDatabase } from '../src/database.ts';
import { serviceClients } from '../src/clients.ts';
import { startStack, type Stack } from '../src/stack.ts';
import { SERVICES } from '../src/services.ts';
import { bankTransfersOf, expectEachStepOnce, expectHandledInOrder } from './case-checks.ts';
import {
  USERS,
  aLead,
  approveThroughChain,
  fundBudget,
  investigateAndSubmit,
  openCase,
  payApprovedCase,
  QUIET_BANK,
  tokenOf,
} from './fixtures.ts';
import { platforms, type PlatformRun } from './platforms.ts';

const BASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';
const CASES = 4;

/**
 * Two instances of every service, as production runs them: they share the consumer groups' partitions and one
 * outbox relay publishes per service. One instance of every service is killed outright mid-run; the other
 * takes over, and every case completes with each event handled once, in order, and paid once.
 */
describe.each(platforms('[stack] two instances of every service'))(
  'on $name',
  { timeout: 300_000 },
  (platform) => {
    let stack: Stack;
    let run: PlatformRun | undefined;
    let databaseUrl: string;
    const output: string[] = [];

    beforeAll(async () => {
      const url = new URL(BASE_URL);
      url.pathname = `/jiuzhu_two_${randomBytes(4).toString('hex')}`;
      databaseUrl = url.toString();
      run = await platform.setUp();
      stack = await startStack({
        databaseUrl,
        ports: 'random',
        instances: 2,
        ...run.options,
        serviceEnv: {
          ...run.options.serviceEnv,
          ...QUIET_BANK,
        },
        onOutput: (service, line) => output.push(`[${service}] ${line}`),
      });
    }, 240_000);

    afterAll(async () => {
      await stack?.stop();
      await run?.tearDown();
      if (databaseUrl) await dropDatabase(databaseUrl);
    }, 60_000);

    it('survives kill -9 of one instance of every service mid-run: each event once, in order, each case paid once', async () => {
      const tokens = Object.fromEntries(
        await Promise.all(
          (['caseworker', 'head', 'chief', 'financeOfficer'] as const).map(async (person) => [
            person,
            await tokenOf(stack, USERS[person]),
          ]),
        ),
      ) as Record<'caseworker' | 'head' | 'chief' | 'financeOfficer', string>;
      /** The people's clients, calling the given instance of every service. */
      const at = (instance: number) => {
        const url = (name: (typeof SERVICES)[number]['name']) => stack.instanceUrls[name][instance]!;
        return {
          intake: serviceClients.intake(url('intake'), tokens.caseworker),
          investigation: serviceClients.investigation(url('investigation'), tokens.caseworker),
          approval: {
            caseworker: serviceClients.approval(url('approval'), tokens.caseworker),
            head: serviceClients.approval(url('approval'), tokens.head),
            chief: serviceClients.approval(url('approval'), tokens.chief),
          },
          finance: serviceClients.payments(url('payments'), tokens.financeOfficer),
          followup: serviceClients.followup(url('followup'), tokens.caseworker),
        };
      };
      const [first, second] = [at(0), at(1)];
      await fundBudget(second.finance, 'court-440983', 100_000_000);

      // Both instances take calls: cases opened on one are investigated on the other.
      const caseIds: string[] = [];
      for (let i = 0; i < CASES; i++)
        caseIds.push((await openCase(i % 2 ? second.intake : first.intake, aLead())).caseId);
      for (const caseId of caseIds.slice(0, CASES / 2))
        await investigateAndSubmit(first.investigation, caseId);

      // One instance of every service dies at once, mid-flow, without any shutdown.
      await Promise.all(SERVICES.map(({ name }) => stack.killInstance(name, 0)));

      for (const caseId of caseIds.slice(CASES / 2)) await investigateAndSubmit(second.investigation, caseId);
      for (const caseId of caseIds) {
        await approveThroughChain(second.approval, caseId);
        await payApprovedCase(second.finance, caseId);
      }
      for (const caseId of caseIds) {
        const deadline = Date.now() + 90_000;
        while ((await second.followup.listVisits.query({ caseId }).catch(() => [])).length !== 4) {
          if (Date.now() > deadline)
            throw new Error(`case ${caseId} got no follow-up plan\n${output.slice(-40).join('\n')}`);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }

      for (const caseId of caseIds) {
        await expectEachStepOnce(stack.databaseUrl, caseId, { referred: false });
        await expectHandledInOrder(stack.databaseUrl, caseId);
        const decision = await second.approval.caseworker.getDecision.query({ caseId });
        expect(await bankTransfersOf(stack.databaseUrl, caseId), 'paid once').toEqual([
          decision.approvedAmountFen,
        ]);
        expect(await second.finance.listDisbursements.query({ caseId })).toEqual([
          expect.objectContaining({ amountFen: decision.approvedAmountFen }),
        ]);
      }
    });
  },
);
