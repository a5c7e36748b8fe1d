/**
 * The app shell: sign-in with an API token (kept in sessionStorage; any 401 returns here with the server's message),
 * then the left rail (programs with health dots, My time, the theme toggle) beside the routed view. At 900 px wide or
 * less the rail folds into a top bar whose Menu button opens it.
 */
import { lazy, Suspense, useEffect, useState, type FormEvent } from 'react';
import { ApiError, clearCache, getJson, setUnauthorizedHandler } from './api.js';
import { HealthDot } from './health.js';
import { usePortfolioUpdates } from './live/live.js';
import { PortfolioPage } from './portfolio.js';
import { ProgramPage } from './program-page.js';
import { SearchBox } from './search/search.js';
import { linkClick, routeUrl, useRoute } from './router.js';
import { applyTheme, storedTheme, THEMES, type Theme } from './shell/theme.js';
import type { BriefJson, ProgramSummary } from './types.js';
import { useApi } from './use-api.js';

const TimePage = lazy(() => import('./time/time-page.js').then((m) => ({ default: m.TimePage })));

const TOKEN_KEY = 'vantage.token';

const browserStorage = (): Storage | undefined => {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
};

// Before the first render, so a dark choice never flashes light.
applyTheme(storedTheme(browserStorage()), document.documentElement, undefined);

export function App() {
  const [token, setToken] = useState<string | null>(() => sessionStorage.getItem(TOKEN_KEY));
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    setUnauthorizedHandler((why) => {
      sessionStorage.removeItem(TOKEN_KEY);
      clearCache();
      setMessage(`Your token was refused: ${why}. Sign in again.`);
      setToken(null);
    });
  }, []);
  if (token === null) {
    return (
      <SignIn
        message={message}
        onSignedIn={(t) => {
          sessionStorage.setItem(TOKEN_KEY, t);
          setMessage(null);
          setToken(t);
        }}
      />
    );
  }
  return (
    <Shell
      token={token}
      onSignOut={() => {
        sessionStorage.removeItem(TOKEN_KEY);
        clearCache();
        setToken(null);
      }}
    />
  );
}

function SignIn({ message, onSignedIn }: { message: string | null; onSignedIn: (token: string) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(message);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const t = value.trim();
    if (t === '') return setError('Paste an API token (make one with `vantage token create USER`).');
    setBusy(true);
    try {
      await getJson('/api/me', t);
      onSignedIn(t);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? `That token was refused: ${err.message}.` : `Could not reach the server: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="signin">
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Vantage</h1>
        <p className="muted">Sign in with an API token. It stays in this tab only.</p>
        <label htmlFor="token">API token</label>
        <input id="token" name="token" type="password" autoComplete="off" autoFocus value={value} onChange={(e) => setValue(e.target.value)} />
        {error !== null && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="muted small">No token? Run <code>vantage token create USER</code>, or <code>vantage serve --demo</code> prints one.</p>
      </form>
    </main>
  );
}

function Shell({ token, onSignOut }: { token: string; onSignOut: () => void }) {
  const route = useRoute();
  const programs = useApi<{ programs: ProgramSummary[] }>('/api/programs', token);
  usePortfolioUpdates(token);
  const list = programs.state === 'ok' ? programs.data.programs : [];
  const current = route.view === 'program' ? route.programId : null;
  const [menuOpen, setMenuOpen] = useState(false);
  const url = routeUrl(route);
  // Any navigation (a link, the search box, the browser's back button) closes the folded menu.
  useEffect(() => setMenuOpen(false), [url]);
  return (
    <div className="shell">
      <nav className="rail" aria-label="Programs" onKeyDown={(e) => e.key === 'Escape' && menuOpen && setMenuOpen(false)}>
        <div className="rail-top">
          <a className="brand" href="/" onClick={linkClick('/')}>
            Vantage
          </a>
          <button type="button" className="menu-toggle" aria-expanded={menuOpen} aria-controls="rail-body" onClick={() => setMenuOpen((o) => !o)}>
            <span aria-hidden="true">☰</span> Menu
          </button>
        </div>
        {/* A link followed in the folded menu closes it, also when it leads to the page already shown. */}
        <div id="rail-body" className={menuOpen ? 'rail-body open' : 'rail-body'} onClick={(e) => (e.target as HTMLElement).closest('a') && setMenuOpen(false)}>
          <a href="/" onClick={linkClick('/')} aria-current={route.view === 'portfolio' ? 'page' : undefined} className="rail-link">
            Portfolio
          </a>
          <a href="/time" onClick={linkClick('/time')} aria-current={route.view === 'time' ? 'page' : undefined} className="rail-link">
            My time
          </a>
          <SearchBox token={token} programs={list} />
          <h2 className="rail-title">Programs</h2>
          {programs.state === 'loading' && <p className="muted small">Loading…</p>}
          {programs.state === 'error' && <p className="error small">{programs.error.message}</p>}
          <ul>
            {list.map((p) => (
              <li key={p.id}>
                <RailProgram program={p} token={token} current={p.id === current} />
              </li>
            ))}
          </ul>
          <div className="rail-foot">
            <ThemeToggle />
            <button className="link signout" onClick={onSignOut}>
              Sign out
            </button>
          </div>
        </div>
      </nav>
      <main className="view">
        {route.view === 'portfolio' && <PortfolioPage programs={programs} token={token} route={route} />}
        {route.view === 'program' && <ProgramPage key={route.programId} route={route} token={token} />}
        {route.view === 'time' && (
          <Suspense fallback={<p className="muted">Loading My time…</p>}>
            <TimePage route={route} token={token} programs={list} />
          </Suspense>
        )}
        {route.view === 'not-found' && (
          <section>
            <h1>Nothing at {route.path}</h1>
            <p>
              <a href="/" onClick={linkClick('/')}>
                Back to the portfolio
              </a>
            </p>
          </section>
        )}
      </main>
    </div>
  );
}

const THEME_LABEL: Record<Theme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Light, dark or the system's choice; remembered in localStorage for the next visit. */
function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => storedTheme(browserStorage()));
  const choose = (t: Theme) => {
    applyTheme(t, document.documentElement, browserStorage());
    setTheme(t);
  };
  return (
    <div className="theme-toggle" role="group" aria-label="Theme">
      <span className="rail-title" aria-hidden="true">
        Theme
      </span>
      <div className="segmented">
        {THEMES.map((t) => (
          <button key={t} type="button" aria-pressed={theme === t} onClick={() => choose(t)} aria-label={`${THEME_LABEL[t]} theme`}>
            {THEME_LABEL[t]}
          </button>
        ))}
      </div>
    </div>
  );
}

function RailProgram({ program, token, current }: { program: ProgramSummary; token: string; current: boolean }) {
  const brief = useApi<BriefJson>(`/api/programs/${encodeURIComponent(program.id)}/brief`, token, 'background');
  const url = `/programs/${encodeURIComponent(program.id)}`;
  return (
    <a href={url} onClick={linkClick(url)} className="rail-link" aria-current={current ? 'page' : undefined}>
      <HealthDot health={brief.state === 'ok' ? brief.data.headline.status : undefined} /> {program.name}
    </a>
  );
}
