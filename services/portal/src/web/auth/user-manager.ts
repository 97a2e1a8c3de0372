import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { CALLBACK_PATH, type PortalConfig } from '../../shared/portal-config.ts';

/**
 * Authorization code + PKCE against the realm (Keycloak or the embedded provider at Keycloak's paths).
 * Tokens live only in this page's memory and are renewed with the refresh token before they expire; a reload
 * signs in again through the identity provider's session (no password while it lasts) and comes back to the
 * same page. What must survive that redirect is the sign-in request's state (its PKCE verifier, nonce and the
 * page to return to): it holds no personal data, stays in this tab's sessionStorage only until the callback
 * consumes it, and is useless without the one-time code the identity provider sends to this origin.
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
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
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
