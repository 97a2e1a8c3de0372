import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { CALLBACK_PATH, type PortalConfig } from '../../shared/portal-config.ts';

/**
 * Authorization code + PKCE against the realm (Keycloak or the embedded provider at Keycloak's paths).
 * Tokens live in sessionStorage (this tab only) and are renewed with the refresh token before they expire.
 */
export function createUserManager(config: PortalConfig): UserManager {
  const origin = window.location.origin;
  return new UserManager({
    authority: `${config.authServerUrl}/realms/${config.realm}`,
    client_id: config.clientId,
    redirect_uri: `${origin}${CALLBACK_PATH}`,
    post_logout_redirect_uri: `${origin}/`,
    response_type: 'code',
    scope: 'openid profile',
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: true,
    loadUserInfo: false,
  });
}

/** Where to come back to after signing in (kept in the sign-in request's state). */
export interface SignInState {
  returnTo: string;
}

export function currentLocation(): string {
  const { pathname, search, hash } = window.location;
  return pathname === CALLBACK_PATH ? '/' : `${pathname}${search}${hash}`;
}
