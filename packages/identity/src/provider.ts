import type { JWK } from 'jose';
import Provider, {
  type ClientMetadata,
  type Configuration,
  errors,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { findPersonById, PORTAL_CLIENT_ID } from './demo-directory.ts';
import { JIUZHU_API_AUDIENCE, KEYCLOAK_PATHS, personClaims, serviceAccountClaims } from './keycloak-shape.ts';
import { errorPage, loggedOutPage, logoutConfirmPage } from './pages.ts';

export interface ProviderSettings {
  issuer: string;
  realm: string;
  portalRedirectUris: readonly string[];
  portalPostLogoutRedirectUris: readonly string[];
  /** Client id → secret of every confidential client (the services and the portal server). */
  clientSecrets: Readonly<Record<string, string>>;
  accessTokenTtlSeconds: number;
  signingKey: JWK;
  cookieKeys: string[];
}

// Keycloak's defaults: 30 minutes idle for refresh tokens, ten hours for the single sign-on session.
const REFRESH_TOKEN_TTL_SECONDS = 30 * 60;
const SESSION_TTL_SECONDS = 10 * 60 * 60;
const AUTHORIZATION_CODE_TTL_SECONDS = 60;
const INTERACTION_TTL_SECONDS = 10 * 60;
const API_SCOPES = 'openid profile';

function clientMetadata(settings: ProviderSettings): ClientMetadata[] {
  const portal: ClientMetadata = {
    client_id: PORTAL_CLIENT_ID,
    client_name: 'Jiuzhu 门户',
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    redirect_uris: [...settings.portalRedirectUris],
    post_logout_redirect_uris: [...settings.portalPostLogoutRedirectUris],
  };
  const services = Object.entries(settings.clientSecrets).map(([clientId, secret]): ClientMetadata => ({
    client_id: clientId,
    client_secret: secret,
    token_endpoint_auth_method: 'client_secret_basic',
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
  }));
  return [portal, ...services];
}

function originsOf(uris: readonly string[]): Set<string> {
  return new Set(uris.map((uri) => new URL(uri).origin));
}

/** oidc-provider configured to behave like a Keycloak realm: paths, token shape, lifetimes. */
export function createProvider(settings: ProviderSettings): Provider {
  const { realm, accessTokenTtlSeconds } = settings;
  const portalOrigins = originsOf(settings.portalRedirectUris);

  const configuration: Configuration = {
    clients: clientMetadata(settings),
    jwks: { keys: [settings.signingKey] },
    cookies: { keys: settings.cookieKeys },
    routes: {
      authorization: KEYCLOAK_PATHS.authorization,
      token: KEYCLOAK_PATHS.token,
      jwks: KEYCLOAK_PATHS.jwks,
      userinfo: KEYCLOAK_PATHS.userinfo,
      end_session: KEYCLOAK_PATHS.endSession,
      revocation: KEYCLOAK_PATHS.revocation,
      introspection: KEYCLOAK_PATHS.introspection,
      pushed_authorization_request: KEYCLOAK_PATHS.pushedAuthorizationRequest,
    },
    scopes: ['openid', 'profile', 'offline_access'],
    claims: {
      openid: ['sub', 'org'],
      profile: ['name', 'given_name', 'family_name', 'preferred_username'],
    },
    // Keycloak puts profile and organisation claims into the ID token as well, not only at userinfo.
    conformIdTokenClaims: false,
    async findAccount(_ctx, sub) {
      const entry = findPersonById(sub);
      if (!entry) return undefined;
      return {
        accountId: entry.id,
        claims() {
          const { preferred_username, name, given_name, family_name, org } = personClaims(entry, realm);
          return { sub: entry.id, preferred_username, name, given_name, family_name, org };
        },
      };
    },
    async extraTokenClaims(_ctx, token) {
      const clientId = token.clientId;
      if (!clientId) return undefined;
      const keycloakBasics = { typ: 'Bearer', azp: clientId };
      if (token.kind === 'ClientCredentials') {
        return { ...keycloakBasics, ...serviceAccountClaims(clientId, realm) };
      }
      // Keycloak's `sid`: the single sign-on session the token belongs to (userinfo checks it is still alive).
      const session = token.sessionUid ? { sid: token.sessionUid } : {};
      const entry = token.accountId ? findPersonById(token.accountId) : undefined;
      return entry
        ? { ...keycloakBasics, ...session, ...personClaims(entry, realm) }
        : { ...keycloakBasics, ...session };
    },
    interactions: {
      url: (_ctx, interaction) => `/realms/${realm}${KEYCLOAK_PATHS.loginActions}/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx: KoaContextWithOIDC, form: string) {
          ctx.type = 'html';
          ctx.body = logoutConfirmPage(form);
        },
        postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.type = 'html';
          ctx.body = loggedOutPage();
        },
      },
      // Every access token is a JWT for the Jiuzhu services, as Keycloak issues them.
      resourceIndicators: {
        enabled: true,
        defaultResource: () => JIUZHU_API_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo(_ctx, resourceIndicator) {
          if (resourceIndicator !== JIUZHU_API_AUDIENCE) throw new errors.InvalidTarget();
          return {
            scope: API_SCOPES,
            audience: JIUZHU_API_AUDIENCE,
            accessTokenTTL: accessTokenTtlSeconds,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    // Keycloak gives every browser sign-in a refresh token; it ends with the session unless offline_access.
    issueRefreshToken: (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    clientBasedCORS: (_ctx, origin, client) =>
      client.clientId === PORTAL_CLIENT_ID && portalOrigins.has(origin),
    ttl: {
      AccessToken: accessTokenTtlSeconds,
      ClientCredentials: accessTokenTtlSeconds,
      IdToken: accessTokenTtlSeconds,
      AuthorizationCode: AUTHORIZATION_CODE_TTL_SECONDS,
      RefreshToken: REFRESH_TOKEN_TTL_SECONDS,
      Interaction: INTERACTION_TTL_SECONDS,
      Session: SESSION_TTL_SECONDS,
      Grant: SESSION_TTL_SECONDS,
    },
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage('请求无法完成，请返回应用重新登录。', String(out.error_description ?? out.error));
    },
  };

  return new Provider(settings.issuer, configuration);
}
