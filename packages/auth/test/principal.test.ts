import { describe, expect, it } from 'vitest';
import { InvalidClaimsError, principalFromClaims } from '../src/index.ts';

const org = {
  id: 'court-440983',
  name: '信宜市人民法院',
  type: 'court',
  level: 'county',
  region: '440983',
  parentId: 'court-440900',
};

describe('principalFromClaims', () => {
  it('reads a token as real Keycloak issues it: Keycloak default roles ignored, Chinese name in Chinese order', () => {
    const principal = principalFromClaims({
      sub: '6f1c0d0e-6f4a-4d8e-9a0b-3c1d2e3f4a5b',
      typ: 'Bearer',
      preferred_username: 'xinyi.caseworker',
      name: '晓梅 林',
      given_name: '晓梅',
      family_name: '林',
      realm_access: { roles: ['default-roles-jiuzhu', 'caseworker', 'offline_access', 'uma_authorization'] },
      resource_access: { account: { roles: ['manage-account'] } },
      org,
    });
    expect(principal).toEqual({
      userId: '6f1c0d0e-6f4a-4d8e-9a0b-3c1d2e3f4a5b',
      username: 'xinyi.caseworker',
      displayName: '林晓梅',
      org,
      roles: ['caseworker'],
    });
  });

  it('keeps a Latin name as Keycloak gives it and falls back to the username', () => {
    const base = { sub: 's', preferred_username: 'svc', org };
    expect(
      principalFromClaims({ ...base, name: 'Ada Lovelace', given_name: 'Ada', family_name: 'Lovelace' })
        .displayName,
    ).toBe('Ada Lovelace');
    expect(principalFromClaims(base)).toMatchObject({ displayName: 'svc', roles: [] });
  });

  it('rejects claims without a valid organisation or subject', () => {
    const valid = { sub: 's', preferred_username: 'u', org };
    expect(() => principalFromClaims({ ...valid, org: undefined })).toThrow(InvalidClaimsError);
    expect(() => principalFromClaims({ ...valid, org: { ...org, type: 'bank' } })).toThrow(
      InvalidClaimsError,
    );
    expect(() => principalFromClaims({ ...valid, sub: '' })).toThrow(InvalidClaimsError);
    expect(() => principalFromClaims(null)).toThrow(InvalidClaimsError);
  });
});
