/** Why a request could not be authenticated; each has a message for people (zh-CN) and developers (en). */
export type AuthFailure =
  | 'missing_token'
  | 'malformed_token'
  | 'expired'
  | 'bad_signature'
  | 'wrong_issuer'
  | 'wrong_type'
  | 'revoked'
  | 'keys_unavailable'
  | 'invalid_claims'
  | 'wrong_audience'
  | 'service_account'
  | 'invalid_token';

export const AUTH_FAILURE_MESSAGES: Readonly<Record<AuthFailure, string>> = {
  missing_token:
    '未提供访问令牌，请先登录。 / No bearer access token was sent (Authorization: Bearer <token>).',
  malformed_token: '访问令牌格式不正确。 / The access token is not a well-formed JWT.',
  expired: '访问令牌已过期，请重新登录。 / The access token has expired; sign in again.',
  bad_signature:
    "访问令牌签名无效，可能已被篡改或并非本平台签发。 / The access token signature does not verify with the identity provider's keys.",
  wrong_issuer:
    '访问令牌不是由本平台的身份认证服务签发的。 / The access token was issued by a different identity provider or realm.',
  wrong_type: '该令牌不是访问令牌。 / The token is not an access token (typ must be "Bearer").',
  revoked:
    '访问令牌已被撤销，请重新登录。 / The access token was issued before a revocation (not-before policy).',
  keys_unavailable:
    "暂时无法从身份认证服务获取签名公钥，请稍后重试。 / The identity provider's signing keys could not be fetched.",
  invalid_claims:
    '访问令牌缺少平台所需的身份信息（用户、机构或角色）。 / The access token lacks the identity claims Jiuzhu needs (user, organisation, roles).',
  wrong_audience:
    '访问令牌不是签发给本平台业务接口的。 / The access token is not addressed to the Jiuzhu services (aud).',
  service_account:
    '服务账号的令牌不能用于办理业务，请以工作人员身份登录。 / A token of a service account or another client cannot be used for a person’s action (azp).',
  invalid_token: '访问令牌无效。 / The access token is invalid.',
};

const KEY_FETCH_PROBLEM = /ECONN|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|socket|Error fetching JWK Keys/i;

/** Maps keycloak-connect's token validation errors (GrantManager#validateToken) to a failure. */
export function classifyKeycloakError(error: unknown): AuthFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('(expired)')) return 'expired';
  if (message.includes('(wrong ISS)')) return 'wrong_issuer';
  if (message.includes('(wrong type)')) return 'wrong_type';
  if (message.includes('(stale token)')) return 'revoked';
  if (message.includes('(not signed)')) return 'malformed_token';
  if (message.includes('signature)')) return 'bad_signature';
  if (message.includes('failed to load public key')) {
    // Either the server is unreachable, or it does not publish the token's key (`kid`): a foreign token.
    return KEY_FETCH_PROBLEM.test(message) ? 'keys_unavailable' : 'bad_signature';
  }
  // keycloak-connect 26.1 refetches the key set at most every 10 s; a token naming an unknown `kid` within
  // that window fails inside its key rotation (a TypeError about `then`) instead of with a message of its own.
  if (message.includes("reading 'then'")) return 'bad_signature';
  return 'invalid_token';
}
