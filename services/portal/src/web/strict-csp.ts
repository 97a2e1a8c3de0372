// The page runs under a strict Content Security Policy (see the portal server's security headers). Imported
// first by main.tsx: this must run before any other module of the app is evaluated.
import { z } from 'zod';

// zod compiles object parsers with `new Function` when it may, probing for it as each schema is defined; the
// probe alone is a policy violation, so it parses without.
z.config({ jitless: true });

/**
 * This page's nonce, which the portal server writes into index.html's `csp-nonce` meta tag (read through the
 * `nonce` property: browsers hide the attribute). `<style>` elements carry it.
 */
export const CSP_NONCE = document.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]')?.nonce ?? '';

// antd's styles take the nonce from its ConfigProvider, but its helper library inserts `<style>` elements of its
// own without it: to measure scrollbars (every Table) and to stop the page scrolling under a Modal
// (ant-design/ant-design#58150). So every `<style>` element this page's scripts create carries the nonce;
// styles that arrive as markup (injected HTML) still have none and stay refused.
const createElement = document.createElement.bind(document);
document.createElement = ((tagName: string, options?: ElementCreationOptions) => {
  const element = createElement(tagName, options);
  if (element instanceof HTMLStyleElement) element.nonce = CSP_NONCE;
  return element;
}) as typeof document.createElement;
