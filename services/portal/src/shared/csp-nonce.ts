/**
 * What the Vite build writes where the page's CSP nonce goes (`html.cspNonce`: the `csp-nonce` meta tag and the
 * nonce attributes of index.html's tags); the portal server replaces it with a fresh nonce for every response.
 */
export const CSP_NONCE_PLACEHOLDER = '__JIUZHU_CSP_NONCE__';
