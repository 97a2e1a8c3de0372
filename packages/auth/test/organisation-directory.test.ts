import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ORGANISATIONS, startIdentityProvider, type RunningIdentityProvider } from '@jiuzhu/identity';
import {
  createOrganisationDirectory,
  DirectoryUnavailableError,
  type OrganisationDirectory,
} from '../src/index.ts';

let identity: RunningIdentityProvider;
beforeAll(async () => {
  identity = await startIdentityProvider({
    port: 0,
    portalRedirectUris: ['http://127.0.0.1:4100/auth/callback'],
  });
});
afterAll(async () => identity?.close());

/** The directory as a service reads it with its own client's credentials. */
const find = async (directory: OrganisationDirectory, id: string) =>
  (await directory.organisations()).find((organisation) => organisation.id === id);

const directoryOf = (clientId: string, at = identity, options: { cacheTtlMs?: number } = {}) =>
  createOrganisationDirectory({
    authServerUrl: at.url,
    realm: at.realm,
    client: { clientId, secret: at.clientSecrets[clientId] ?? 'no-secret' },
    ...options,
  });

describe('organisation directory (read with a service account)', () => {
  it("gives intake's, referral's and followup's service accounts the SSO's organisations, by id, with the SSO's names", async () => {
    for (const clientId of ['jiuzhu-intake', 'jiuzhu-referral', 'jiuzhu-followup']) {
      const directory = directoryOf(clientId);
      expect((await directory.organisations()).map((org) => org.id).sort()).toEqual(
        DEMO_ORGANISATIONS.map((org) => org.id).sort(),
      );
      expect(await find(directory, 'procuratorate-440983')).toEqual({
        id: 'procuratorate-440983',
        name: '信宜市人民检察院',
        type: 'procuratorate',
        level: 'county',
        region: '440983',
        parentId: 'procuratorate-440900',
      });
      expect(await find(directory, 'court-999999')).toBeUndefined();
      // The platform's own group, where service accounts live, is no organisation one may name.
      expect(await find(directory, 'jiuzhu-platform')).toBeUndefined();
    }
  });

  it('says the directory is unavailable when the client may not read groups or its secret is wrong', async () => {
    await expect(directoryOf('jiuzhu-payments').organisations()).rejects.toThrow(
      /query-groups and view-users/,
    );
    const wrongSecret = createOrganisationDirectory({
      authServerUrl: identity.url,
      realm: identity.realm,
      client: { clientId: 'jiuzhu-intake', secret: 'wrong-secret' },
    });
    await expect(find(wrongSecret, 'court-440983')).rejects.toBeInstanceOf(DirectoryUnavailableError);
  });

  it('says the directory is unavailable when the SSO cannot be reached, and serves its last read meanwhile', async () => {
    const passing = await startIdentityProvider({
      port: 0,
      portalRedirectUris: ['http://127.0.0.1:4100/auth/callback'],
    });
    const neverRead = directoryOf('jiuzhu-referral', passing);
    const read = directoryOf('jiuzhu-referral', passing, { cacheTtlMs: 0 });
    expect((await find(read, 'civil-affairs-440983'))?.name).toBe('信宜市民政局');
    await passing.close();

    await expect(find(neverRead, 'civil-affairs-440983')).rejects.toBeInstanceOf(DirectoryUnavailableError);
    expect((await find(read, 'civil-affairs-440983'))?.name).toBe('信宜市民政局');
  });
});
