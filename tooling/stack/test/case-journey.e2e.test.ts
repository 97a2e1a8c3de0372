import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realKeycloak } from '@jiuzhu/identity/testing';
import { dropDatabase } from '../src/database.ts';
import { serviceClients } from '../src/clients.ts';
import { startStack, type Stack } from '../src/stack.ts';
import { SERVICES } from '../src/services.ts';
import { expectEachStepOnce } from './case-checks.ts';
import { startOtlpReceiver } from './otlp-receiver.ts';
import { platforms, type PlatformRun } from './platforms.ts';
import {
  USERS,
  aLead,
  approveThroughChain,
  enrolAsPartner,
  fundBudget,
  investigateAndSubmit,
  openCase,
  payApprovedCase,
  referToCivilAffairs,
  QUIET_BANK,
  tokenOf,
} from './fixtures.ts';

const BASE_URL = process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/test';

/**
 * The same journey, refusals and restart on each platform: the embedded defaults, and the production path —
 * real Kafka topics and real Keycloak tokens (with the realm as committed) — where the run has them.
 */
describe.each(platforms('[stack] the journey'))('on $name', (platform) => {
  let stack: Stack;
  let run: PlatformRun | undefined;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let databaseUrl: string;
  const output: string[] = [];

  async function tokenFor(username: string): Promise<string> {
    return tokenOf(stack, username);
  }

  /** Everyone who acts on a case in the journey, all carrying the same trace context when given one. */
  async function journeyPeople(headers: () => Record<string, string> = () => ({})) {
    const [caseworker, head, chief, finance, civilAffairs] = await Promise.all(
      [USERS.caseworker, USERS.head, USERS.chief, USERS.financeOfficer, USERS.civilAffairsOfficer].map(
        tokenFor,
      ),
    );
    const urls = stack.serviceUrls;
    return {
      intake: serviceClients.intake(urls.intake, caseworker, headers),
      investigation: serviceClients.investigation(urls.investigation, caseworker, headers),
      approval: {
        caseworker: serviceClients.approval(urls.approval, caseworker, headers),
        head: serviceClients.approval(urls.approval, head, headers),
        chief: serviceClients.approval(urls.approval, chief, headers),
      },
      finance: serviceClients.payments(urls.payments, finance, headers),
      referral: {
        caseworker: serviceClients.referral(urls.referral, caseworker, headers),
        civilAffairs: serviceClients.referral(urls.referral, civilAffairs, headers),
      },
      followup: serviceClients.followup(urls.followup, caseworker, headers),
    };
  }

  async function eventually<T>(
    probe: () => Promise<T | undefined>,
    what: string,
    timeoutMs = 60_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`timed out waiting for ${what}\n${output.slice(-40).join('\n')}`);
  }

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const url = new URL(BASE_URL);
    url.pathname = `/jiuzhu_e2e_${randomBytes(4).toString('hex')}`;
    databaseUrl = url.toString();
    run = await platform.setUp();
    stack = await startStack({
      databaseUrl,
      ports: 'random',
      ...run.options,
      serviceEnv: {
        ...run.options.serviceEnv,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        // A well-behaved simulated bank: the money tests in services/payments cover its failures.
        ...QUIET_BANK,
      },
      onOutput: (service, line) => output.push(`[${service}] ${line}`),
    });
    const finance = serviceClients.payments(stack.serviceUrls.payments, await tokenFor(USERS.financeOfficer));
    await fundBudget(finance, 'court-440983', 100_000_000);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await run?.tearDown();
    await receiver?.close();
    if (databaseUrl) await dropDatabase(databaseUrl);
  }, 60_000);

  describe('one assistance case, from a lead to a scheduled follow-up visit', { timeout: 120_000 }, () => {
    it('travels through all six services over the bus, each step once, in one trace', async () => {
      const traceId = randomBytes(16).toString('hex');
      const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
      const people = await journeyPeople(() => ({ traceparent }));

      const lead = aLead({ requestedAmountFen: 10_000_000 });
      const opened = await openCase(people.intake, lead);
      const caseId = opened.caseId;
      const { recommendation } = await investigateAndSubmit(people.investigation, caseId);
      const amountFen = recommendation.recommendedAmountFen;
      expect(amountFen).toBeGreaterThan(0);
      await approveThroughChain(people.approval, caseId);
      await payApprovedCase(people.finance, caseId);

      // Paid: follow-up plans its return visits at 1, 3, 6 and 12 months.
      const plan = await eventually(async () => {
        const list = await people.followup.listVisits.query({ caseId });
        return list.length === 4 ? list : undefined;
      }, 'the follow-up plan');
      expect(plan.map((v) => [v.method, v.status, v.trigger])).toEqual([
        ['phone', 'scheduled', 'disbursement'],
        ['home_visit', 'scheduled', 'disbursement'],
        ['village_committee', 'scheduled', 'disbursement'],
        ['home_visit', 'scheduled', 'disbursement'],
      ]);

      // The family still needs help: civil affairs takes the referral and enrols them in 低保.
      const referralId = await referToCivilAffairs(people.referral.caseworker, caseId, lead);
      const inbox = await people.referral.civilAffairs.inbox.query({});
      expect(inbox.map((r) => r.referralId)).toContain(referralId);
      await enrolAsPartner(people.referral.civilAffairs, referralId);
      expect(await people.referral.caseworker.listReferrals.query({ caseId })).toEqual([
        expect.objectContaining({ referralId, status: 'enrolled' }),
      ]);
      const visits = await eventually(async () => {
        const list = await people.followup.listVisits.query({ caseId });
        return list.length === 5 ? list : undefined;
      }, 'the visit after the referral outcome');
      expect(visits.filter((v) => v.trigger === 'referral_outcome')).toHaveLength(1);

      const decision = await people.approval.caseworker.getDecision.query({ caseId });
      expect(decision).toMatchObject({ outcome: 'approved', approvedAmountFen: amountFen });
      const paid = await people.finance.listDisbursements.query({ caseId });
      expect(paid).toEqual([expect.objectContaining({ decisionId: decision.decisionId, amountFen })]);
      const ledger = await people.followup.observationLedger.query({ caseId });
      expect(JSON.stringify(ledger)).toContain('disbursement_recorded');

      await expectEachStepOnce(stack.databaseUrl, caseId, { referred: true });

      // Every service's spans for this journey carry the trace id the caller started.
      const services = SERVICES.map(({ name }) => `jiuzhu-${name}`);
      await eventually(
        async () => {
          const seen = new Set(receiver.spans.filter((s) => s.traceId === traceId).map((s) => s.service));
          return services.every((s) => seen.has(s)) ? true : undefined;
        },
        'spans from all six services in the trace',
        30_000,
      );
      const consumerSpans = receiver.spans.filter((s) => s.kind === 5);
      expect(consumerSpans.length).toBeGreaterThanOrEqual(5);
      expect(new Set(consumerSpans.map((s) => s.traceId))).toEqual(new Set([traceId]));
    });
  });

  describe('the portal the start command serves', () => {
    it('serves the web app, its configuration, the organisation directory and the services behind one origin', async () => {
      const page = await fetch(stack.portalUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Jiuzhu 司法救助平台</title>');

      const config = (await (await fetch(`${stack.portalUrl}/config.json`)).json()) as Record<
        string,
        unknown
      >;
      expect(config).toMatchObject({ authServerUrl: stack.authServerUrl, realm: stack.realm });

      const token = await tokenFor(USERS.caseworker);
      const auth = { authorization: `Bearer ${token}` };
      const directory = await fetch(`${stack.portalUrl}/api/directory/organisations`, { headers: auth });
      expect(directory.status).toBe(200);
      const organisations = (await directory.json()) as { id: string; name: string }[];
      expect(organisations).toContainEqual(
        expect.objectContaining({ id: 'civil-affairs-440983', name: '信宜市民政局' }),
      );
      expect((await fetch(`${stack.portalUrl}/api/directory/organisations`)).status).toBe(401);

      const cases = await fetch(`${stack.portalUrl}/api/intake/listCases`, { headers: auth });
      expect(cases.status).toBe(200);
      expect(((await cases.json()) as { result: { data: unknown } }).result.data).toEqual(expect.any(Array));
      expect((await fetch(`${stack.portalUrl}/api/intake/listCases`)).status).toBe(401);
    });
  });

  describe('what the platform refuses', () => {
    const post = (url: string, body: unknown, token?: string) =>
      fetch(`${url}/trpc/createLead`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      });

    it('rejects a call without a token, or with a tampered one, with 401', async () => {
      const noToken = await post(stack.serviceUrls.intake, aLead());
      expect(noToken.status).toBe(401);
      expect(await noToken.json()).toMatchObject({ error: 'UNAUTHENTICATED' });

      const token = await tokenFor(USERS.caseworker);
      const [header, payload, signature] = token.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { org: { id: string } };
      claims.org.id = 'someone-elses-agency';
      const tampered = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join(
        '.',
      );
      expect((await post(stack.serviceUrls.intake, aLead(), tampered)).status).toBe(401);
    });

    it.runIf(platform.realKeycloak)('rejects an expired token with 401', async () => {
      const admin = await realKeycloak('[stack] expired token')!.admin();
      const { accessTokenLifespan } = (await admin.get('')) as { accessTokenLifespan: number };
      let token: string;
      // Tokens issued in this moment live two seconds; the realm's own lifespan is back for every later one.
      await admin.put('', { accessTokenLifespan: 2 });
      try {
        token = await tokenFor(USERS.caseworker);
      } finally {
        await admin.put('', { accessTokenLifespan });
      }
      const expiresAtMs =
        Number(JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).exp) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAtMs - Date.now()) + 1_100));
      const expired = await post(stack.serviceUrls.intake, aLead(), token);
      expect(expired.status).toBe(401);
      expect(await expired.json()).toMatchObject({
        error: 'UNAUTHENTICATED',
        message: expect.stringContaining('已过期'),
      });
    });

    it('answers invalid input with 400 and says what is wrong', async () => {
      const token = await tokenFor(USERS.caseworker);
      const lead = aLead();
      const response = await post(
        stack.serviceUrls.intake,
        { ...lead, applicant: { ...lead.applicant, idNumber: '440983199003071234' } },
        token,
      );
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { message: string } };
      expect(body.error.message).toContain('身份证号码无效');
    });

    it("refuses the wrong role and another agency's case with 403", async () => {
      const financeToken = await tokenFor(USERS.financeOfficer);
      expect((await post(stack.serviceUrls.intake, aLead(), financeToken)).status).toBe(403);

      const mine = await openCase(
        serviceClients.intake(stack.serviceUrls.intake, await tokenFor(USERS.caseworker)),
        aLead(),
      );
      const other = serviceClients.intake(
        stack.serviceUrls.intake,
        await tokenFor(USERS.otherAgencyCaseworker),
      );
      await expect(other.getCase.query({ caseId: mine.caseId })).rejects.toMatchObject({
        data: { httpStatus: 403 },
      });
    });
  });

  describe('a consumer stopped in the middle of the flow', { timeout: 180_000 }, () => {
    it('picks up where it left off after a restart: nothing lost, nothing repeated', async () => {
      const people = await journeyPeople();
      await stack.stopService('approval');
      const caseIds = await Promise.all(
        [1, 2, 3].map(async () => (await openCase(people.intake, aLead())).caseId),
      );
      for (const caseId of caseIds) await investigateAndSubmit(people.investigation, caseId);

      await stack.startService('approval');
      const followup = serviceClients.followup(stack.serviceUrls.followup, await tokenFor(USERS.caseworker));
      for (const caseId of caseIds) {
        await approveThroughChain(people.approval, caseId);
        await payApprovedCase(people.finance, caseId);
      }
      for (const caseId of caseIds) {
        await eventually(
          async () => ((await followup.listVisits.query({ caseId })).length === 4 ? true : undefined),
          'the follow-up plan',
        );
        await expectEachStepOnce(stack.databaseUrl, caseId, { referred: false });
      }
    });
  });
});
