import { Organisation, Role } from '@jiuzhu/contracts';
import { describe, expect, it } from 'vitest';
import {
  DEMO_ORGANISATIONS,
  DEMO_PEOPLE,
  demoUsers,
  findOrganisation,
  PLATFORM_ORGANISATION,
} from '../src/index.ts';

describe('demo directory', () => {
  it('holds valid organisations whose parents exist', () => {
    for (const organisation of [PLATFORM_ORGANISATION, ...DEMO_ORGANISATIONS]) {
      expect(Organisation.parse(organisation)).toEqual(organisation);
      if (organisation.parentId)
        expect(findOrganisation(organisation.parentId), organisation.id).toBeDefined();
    }
  });

  it('has people in every human role, with unique usernames and ids', () => {
    const humanRoles = Role.options.filter((role) => role !== 'service');
    const held = new Set(DEMO_PEOPLE.flatMap((entry) => entry.roles));
    for (const role of humanRoles) expect(held, role).toContain(role);
    expect(held).not.toContain('service');
    expect(new Set(DEMO_PEOPLE.map((entry) => entry.username)).size).toBe(DEMO_PEOPLE.length);
    expect(new Set(DEMO_PEOPLE.map((entry) => entry.id)).size).toBe(DEMO_PEOPLE.length);
  });

  it('lists the users with their organisation for the start command', () => {
    expect(demoUsers()).toContainEqual({
      username: 'xinyi.caseworker',
      displayName: '林晓梅',
      roles: ['caseworker'],
      orgId: 'court-440983',
      orgName: '信宜市人民法院',
    });
  });
});
