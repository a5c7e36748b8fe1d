/**
 * The app shell: sign-in with an API token (kept in sessionStorage; any 401 returns here with the server's message),
 * then the left rail (programs with health dots) beside the routed view.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, clearCache, getJson, setUnauthorizedHandler } from './api.js';
import { HealthDot } from './health.js';
import { PortfolioPage } from './portfolio.js';
import { ProgramPage } from './program-page.js';
import { SearchBox } from './search/search.js';
import { TimePage } from './time/time-page.js';
import { linkClick, useRoute } from './router.js';
import type { BriefJson, ProgramSummary } from './types.js';
import { useApi } from './use-api.js';

const TOKEN_KEY = 'vantage.token';

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
  const list = programs.state === 'ok' ? programs.data.programs : [];
  const current = route.view === 'program' ? route.programId : null;
  return (
    <div className="shell">
      <nav className="rail" aria-label="Programs">
        <a className="brand" href="/" onClick={linkClick('/')}>
          Vantage
        </a>
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
        <button className="link signout" onClick={onSignOut}>
          Sign out
        </button>
      </nav>
      <main className="view">
        {route.view === 'portfolio' && <PortfolioPage programs={programs} token={token} />}
        {route.view === 'program' && <ProgramPage key={route.programId} route={route} token={token} />}
        {route.view === 'time' && <TimePage route={route} token={token} programs={list} />}
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

function RailProgram({ program, token, current }: { program: ProgramSummary; token: string; current: boolean }) {
  const brief = useApi<BriefJson>(`/api/programs/${encodeURIComponent(program.id)}/brief`, token, 'background');
  const url = `/programs/${encodeURIComponent(program.id)}`;
  return (
    <a href={url} onClick={linkClick(url)} className="rail-link" aria-current={current ? 'page' : undefined}>
      <HealthDot health={brief.state === 'ok' ? brief.data.headline.status : undefined} /> {program.name}
    </a>
  );
}
