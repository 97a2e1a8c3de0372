import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type Provider from 'oidc-provider';
import { errors } from 'oidc-provider';
import { DEMO_PASSWORD, findPersonByUsername } from './demo-directory.ts';
import { errorPage, loginPage, WRONG_CREDENTIALS_MESSAGE } from './pages.ts';

function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The person behind a username/password pair, or undefined. */
function authenticate(username: string, password: string): string | undefined {
  const entry = findPersonByUsername(username.trim());
  const passwordMatches = sameSecret(password, DEMO_PASSWORD);
  return entry && passwordMatches ? entry.id : undefined;
}

function formField(body: unknown, name: string): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

/**
 * Our own interaction pages (Keycloak calls them login actions): a zh-CN login form, and automatic consent,
 * because every client of this realm is a first-party Jiuzhu application.
 */
export function loginActionsRouter(provider: Provider, loginActionsPath: string): Router {
  const router = express.Router();
  const clientName = async (clientId: string) =>
    (await provider.Client.find(clientId))?.clientName ?? clientId;

  router.get('/:uid', async (req, res, next) => {
    try {
      const interaction = await provider.interactionDetails(req, res);
      const clientId = String(interaction.params.client_id ?? '');
      if (interaction.prompt.name === 'login') {
        res.type('html').send(
          loginPage({
            action: `${loginActionsPath}/${interaction.uid}/login`,
            clientName: await clientName(clientId),
          }),
        );
        return;
      }
      if (interaction.prompt.name === 'consent') {
        const { details } = interaction.prompt;
        const accountId = interaction.session?.accountId;
        if (!accountId) throw new Error('consent prompt without a signed-in account');
        const grant =
          (interaction.grantId ? await provider.Grant.find(interaction.grantId) : undefined) ??
          new provider.Grant({ accountId, clientId });
        const missingScope = details.missingOIDCScope as string[] | undefined;
        const missingClaims = details.missingOIDCClaims as string[] | undefined;
        const missingResourceScopes = details.missingResourceScopes as Record<string, string[]> | undefined;
        if (missingScope) grant.addOIDCScope(missingScope.join(' '));
        if (missingClaims) grant.addOIDCClaims(missingClaims);
        for (const [indicator, scopes] of Object.entries(missingResourceScopes ?? {})) {
          grant.addResourceScope(indicator, scopes.join(' '));
        }
        const grantId = await grant.save();
        await provider.interactionFinished(
          req,
          res,
          { consent: { grantId } },
          { mergeWithLastSubmission: true },
        );
        return;
      }
      throw new Error(`unsupported prompt ${interaction.prompt.name}`);
    } catch (error) {
      next(error);
    }
  });

  router.post('/:uid/login', express.urlencoded({ extended: false }), async (req, res, next) => {
    try {
      const interaction = await provider.interactionDetails(req, res);
      const username = formField(req.body, 'username');
      const accountId = authenticate(username, formField(req.body, 'password'));
      if (!accountId) {
        const clientId = String(interaction.params.client_id ?? '');
        res
          .status(401)
          .type('html')
          .send(
            loginPage({
              action: `${loginActionsPath}/${interaction.uid}/login`,
              clientName: await clientName(clientId),
              username,
              error: WRONG_CREDENTIALS_MESSAGE,
            }),
          );
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      next(error);
    }
  });

  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof errors.SessionNotFound) {
      // The interaction expired or its cookie is gone (page left open too long, another tab finished it).
      res.status(400).type('html').send(errorPage('登录页面已失效，请返回应用重新登录。'));
      return;
    }
    console.error('identity: login action failed', error instanceof Error ? error.message : error);
    res.status(500).type('html').send(errorPage('登录服务出错，请稍后重试。'));
  });

  return router;
}
