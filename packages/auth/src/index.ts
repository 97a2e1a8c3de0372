export { AUTH_FAILURE_MESSAGES, type AuthFailure } from './auth-failure.ts';
export { type AuthGuardOptions, createAuthGuard, type UnauthenticatedBody } from './guard.ts';
export {
  type Action,
  type ActionRule,
  assertAllowed,
  authorize,
  type CaseTarget,
  type Decision,
  ForbiddenError,
  OUT_OF_REACH,
  POLICY,
  type Reach,
} from './policy.ts';
export { InvalidClaimsError, principalFromClaims } from './principal.ts';
export { DEVELOPMENT_SECRET_REFUSED, isDevelopmentSecret } from './secrets.ts';
export {
  createOrganisationDirectory,
  type DirectoryClient,
  DirectoryUnavailableError,
  type OrganisationDirectory,
  type OrganisationDirectoryOptions,
  unconfiguredDirectory,
} from './organisation-directory.ts';
