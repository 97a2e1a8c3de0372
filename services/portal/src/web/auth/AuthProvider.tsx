import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import type { User, UserManager } from 'oidc-client-ts';
import { CALLBACK_PATH } from '../../shared/portal-config.ts';
import { principalFromAccessToken, type PortalPrincipal } from './principal.ts';
import { currentLocation, type SignInState } from './user-manager.ts';

type Status = 'loading' | 'redirecting' | 'signed-in' | 'failed';

export interface Auth {
  principal: PortalPrincipal;
  /** The current access token, read at call time (it is renewed in the background). */
  accessToken(): string | undefined;
  /** The session ended while the person was working: ask them to sign in again, keeping the page. */
  expired: boolean;
  markExpired(): void;
  signInAgain(): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside a signed-in AuthProvider');
  return auth;
}

interface Props {
  userManager: UserManager;
  /** Shown while signing in or when sign-in failed. */
  fallback: (status: Exclude<Status, 'signed-in'>, error: string | undefined, retry: () => void) => ReactNode;
  children: ReactNode;
}

/**
 * Signs the person in before anything else renders: completes the code exchange on /auth/callback, or sends
 * the person to the identity provider (which asks for a password only when its session has ended) and back
 * to the same page. Tokens are held in memory, so every page load starts here.
 */
export function AuthProvider({ userManager, fallback, children }: Props) {
  const [user, setUser] = useState<User | null>(null);
  const [status, setStatus] = useState<Status>('loading');
  const [error, setError] = useState<string>();
  const [expired, setExpired] = useState(false);
  const userRef = useRef<User | null>(null);
  userRef.current = user;

  const redirectToSignIn = useCallback(async () => {
    setStatus('redirecting');
    const state: SignInState = { returnTo: currentLocation() };
    await userManager.signinRedirect({ state });
  }, [userManager]);

  useEffect(() => {
    let cancelled = false;
    const start = async () => {
      try {
        if (window.location.pathname === CALLBACK_PATH) {
          const signedIn = await userManager.signinRedirectCallback();
          const returnTo = (signedIn.state as SignInState | undefined)?.returnTo ?? '/';
          window.history.replaceState(null, '', returnTo);
          if (!cancelled) setUser(signedIn);
        } else {
          // Sign-in requests this tab started and never finished (their state waits in sessionStorage).
          await userManager.clearStaleState();
          await redirectToSignIn();
          return;
        }
        if (!cancelled) setStatus('signed-in');
      } catch (failure) {
        if (cancelled) return;
        setError(failure instanceof Error ? failure.message : String(failure));
        setStatus('failed');
      }
    };
    void start();
    return () => {
      cancelled = true;
    };
  }, [userManager, redirectToSignIn]);

  useEffect(() => {
    const onLoaded = (renewed: User) => {
      setUser(renewed);
      setExpired(false);
    };
    const onExpired = () => setExpired(true);
    userManager.events.addUserLoaded(onLoaded);
    userManager.events.addAccessTokenExpired(onExpired);
    userManager.events.addSilentRenewError(onExpired);
    return () => {
      userManager.events.removeUserLoaded(onLoaded);
      userManager.events.removeAccessTokenExpired(onExpired);
      userManager.events.removeSilentRenewError(onExpired);
    };
  }, [userManager]);

  const accessToken = user?.access_token;
  const auth = useMemo<Auth | null>(() => {
    if (!accessToken) return null;
    return {
      principal: principalFromAccessToken(accessToken),
      accessToken: () => userRef.current?.access_token,
      expired,
      markExpired: () => setExpired(true),
      signInAgain: async () => {
        // While the identity provider's session lasts, the refresh token renews in place and the page keeps
        // what was typed (drafts live in memory); otherwise a password is needed, through a redirect.
        const renewed = userRef.current?.refresh_token
          ? await userManager.signinSilent().catch(() => null)
          : null;
        if (renewed) return;
        await userManager.removeUser();
        await redirectToSignIn();
      },
      signOut: async () => {
        const idToken = userRef.current?.id_token;
        await userManager.removeUser();
        await userManager.signoutRedirect(idToken ? { id_token_hint: idToken } : {});
      },
    };
  }, [accessToken, expired, userManager, redirectToSignIn]);

  if (status !== 'signed-in' || !auth)
    return fallback(status === 'signed-in' ? 'loading' : status, error, () => void redirectToSignIn());
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}
