export {
  DEMO_ORGANISATIONS,
  DEMO_PASSWORD,
  DEMO_PEOPLE,
  CONFIDENTIAL_CLIENT_IDS,
  type DemoPerson,
  type DemoUserListing,
  findOrganisation,
  findPersonById,
  findPersonByUsername,
  demoUsers,
  organisationOf,
  PLATFORM_ORGANISATION,
  PORTAL_CLIENT_ID,
  PORTAL_SERVER_CLIENT_ID,
  SERVICE_CLIENT_IDS,
  type ServiceClientId,
} from './demo-directory.ts';
export { JIUZHU_API_AUDIENCE, KEYCLOAK_PATHS, realmUrl, serviceAccountUsername } from './keycloak-shape.ts';
export {
  type IdentityProviderOptions,
  type RunningIdentityProvider,
  startIdentityProvider,
} from './server.ts';
