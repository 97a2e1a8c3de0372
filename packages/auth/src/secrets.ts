/**
 * A client secret a development set-up made up (the old `dev-secret-…` values, a short word) rather than one
 * Keycloak generated. With NODE_ENV=production the services and the portal server refuse to start with one.
 */
export function isDevelopmentSecret(secret: string): boolean {
  return /^dev[-_]/i.test(secret) || secret.length < 16;
}

export const DEVELOPMENT_SECRET_REFUSED =
  'is a development secret, refused in production: set the secret Keycloak generated for this client (Clients → Credentials)';
