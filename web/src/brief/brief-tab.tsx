/**
 * The Brief tab: the exec or eng brief (audience in the URL, `?audience=eng`) rendered as it will be sent — the CLI's
 * own HTML (`vantage brief --format html`, self-contained with inline SVG) in a sandboxed iframe — with "Copy as
 * Markdown", "Copy as Slack" (the Block Kit payload as JSON) and "Download HTML"; beside it, the stakeholders due an
 * update this week (`vantage comms --format json`) with the status of the objectives each cares about.
 */
import { useRef, useState } from 'react';
import { cachedJson } from '../api.js';
import { formatDate } from '../format.js';
import { healthLabel } from '../health.js';
import { navigate, routeUrl } from '../router.js';
import type { ProgramRoute } from '../routes.js';
import type { BriefRendered, CommsJson, Health } from '../types.js';
import { useApi, type Loaded } from '../use-api.js';
import { copyText } from './clipboard.js';
import './brief.css';

type Audience = 'exec' | 'eng';
type CopyFormat = 'md' | 'slack';

const AUDIENCE_LABEL: Record<Audience, string> = { exec: 'Exec', eng: 'Eng' };
const AUDIENCE_WORDS: Record<Audience, string> = { exec: 'executives', eng: 'engineers' };
const FORMAT_WORDS: Record<CopyFormat, string> = { md: 'Markdown', slack: 'Slack (Block Kit JSON)' };

/** The brief's API path in a format: `/api/programs/a/brief?format=md&audience=eng`. */
export function briefPath(programId: string, format: 'html' | CopyFormat, audience: Audience): string {
  return `/api/programs/${encodeURIComponent(programId)}/brief?format=${format}${audience === 'eng' ? '&audience=eng' : ''}`;
}

export function BriefTab({ route, token }: { route: ProgramRoute; token: string }) {
  const audience: Audience = route.audience ?? 'exec';
  const html = useApi<BriefRendered>(briefPath(route.programId, 'html', audience), token);
  // Read ahead so a copy is instant (and keeps the click's permission to write the clipboard).
  useApi<BriefRendered>(html.state === 'ok' ? briefPath(route.programId, 'md', audience) : null, token, 'background');
  useApi<BriefRendered>(html.state === 'ok' ? briefPath(route.programId, 'slack', audience) : null, token, 'background');
  const comms = useApi<CommsJson>(`/api/programs/${encodeURIComponent(route.programId)}/comms`, token);
  const buffer = useRef<HTMLTextAreaElement>(null);
  const [status, setStatus] = useState('');
  const [copyFailed, setCopyFailed] = useState(false);

  const copy = async (format: CopyFormat) => {
    setStatus(`Copying as ${FORMAT_WORDS[format]}…`);
    try {
      const brief = await cachedJson<BriefRendered>(briefPath(route.programId, format, audience), token);
      const how = await copyText(brief.content, buffer.current);
      setCopyFailed(how === 'failed');
      setStatus(
        how === 'failed'
          ? `Could not copy: the browser refused. The ${FORMAT_WORDS[format]} text is in the box below the brief; select it and copy.`
          : `Copied the ${audience} brief as ${FORMAT_WORDS[format]}.`,
      );
    } catch (e) {
      setStatus(`Could not copy: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  const fileName = `${route.programId}-brief-${audience}.html`;
  return (
    <div className="brief-tab">
      <div className="toolbar brief-toolbar" role="toolbar" aria-label="Brief">
        <span role="group" aria-label="Audience" className="brief-audience">
          {(['exec', 'eng'] as const).map((a) => (
            <button key={a} aria-pressed={audience === a} onClick={() => a !== audience && navigate(routeUrl({ ...route, audience: a }), true)}>
              {AUDIENCE_LABEL[a]}
            </button>
          ))}
        </span>
        <button onClick={() => void copy('md')}>Copy as Markdown</button>
        <button onClick={() => void copy('slack')}>Copy as Slack</button>
        {html.state === 'ok' ? (
          <a className="brief-download" href={`data:text/html;charset=utf-8,${encodeURIComponent(html.data.content)}`} download={fileName}>
            Download HTML
          </a>
        ) : (
          <span className="muted small">Download HTML (when rendered)</span>
        )}
        <span role="status" className="brief-status small">
          {status}
        </span>
      </div>
      <div className="brief-layout">
        <section className="brief-sent" aria-label={`The ${audience} brief as it will be sent`}>
          {html.state === 'loading' && <p className="muted">Writing the {audience} brief (forecasting)…</p>}
          {html.state === 'error' && <p className="error">No brief: {html.error.message}</p>}
          {html.state === 'ok' && (
            <iframe className="brief-frame" title={`Brief for ${AUDIENCE_WORDS[audience]}, as it will be sent`} srcDoc={html.data.content} sandbox="" />
          )}
          <label className={copyFailed ? 'brief-buffer shown' : 'brief-buffer'}>
            <span className="muted small">Last copied text</span>
            <textarea ref={buffer} readOnly tabIndex={-1} data-testid="copy-buffer" rows={2} />
          </label>
        </section>
        <StakeholdersDue comms={comms} />
      </div>
    </div>
  );
}

const SHAPE: Record<Health, string> = { 'on-track': '●', 'at-risk': '▲', 'off-track': '◆' };

function CareStatus({ status }: { status: Health | 'unknown' }) {
  if (status === 'unknown') return <span className="chip health-unknown">? Unknown</span>;
  return (
    <span className={`chip health-${status}`}>
      <span aria-hidden="true">{SHAPE[status]}</span> {healthLabel(status)}
    </span>
  );
}

function StakeholdersDue({ comms }: { comms: Loaded<CommsJson> }) {
  return (
    <section className="brief-due" aria-labelledby="brief-due-title">
      <h2 id="brief-due-title">Stakeholders due an update</h2>
      {comms.state === 'loading' && <p className="muted">Reading the communication plan…</p>}
      {comms.state === 'error' && <p className="error">No communication plan: {comms.error.message}</p>}
      {comms.state === 'ok' && <DueList plan={comms.data} />}
    </section>
  );
}

function DueList({ plan }: { plan: CommsJson }) {
  if (plan.stakeholders.length === 0) {
    return <p className="empty">The program lists no stakeholders: add them under stakeholders: with influence, interest, cares_about, channel, cadence and last_update.</p>;
  }
  const due = plan.stakeholders.filter((s) => s.due);
  const notDue = plan.stakeholders.filter((s) => !s.due);
  return (
    <>
      <p className="muted small num">
        Week {plan.week.id} ({formatDate(plan.week.from, true)} – {formatDate(plan.week.to)}): {due.length} of {plan.stakeholders.length} due
      </p>
      {due.length === 0 ? (
        <p className="empty">No one is due an update this week.</p>
      ) : (
        <ul className="brief-due-list" aria-label="Due this week">
          {due.map((s) => (
            <li key={s.id} data-stakeholder={s.id}>
              <div className="brief-due-head">
                <strong>{s.name}</strong>
                {s.overdue && (
                  <span className="health-off-track small">
                    {' '}
                    <span aria-hidden="true">◆</span> overdue
                  </span>
                )}
              </div>
              <div className="small num">
                {s.channel ?? 'no channel'} · {s.cadence ?? 'no cadence'} · last update {s.lastUpdate !== undefined ? formatDate(s.lastUpdate) : 'never'} · {s.reason}
              </div>
              {s.caresAbout.length === 0 ? (
                <p className="muted small">Cares about no objective listed (cares_about).</p>
              ) : (
                <ul className="brief-cares" aria-label={`What ${s.name} cares about`}>
                  {s.caresAbout.map((c) => (
                    <li key={c.id} title={c.line}>
                      <CareStatus status={c.status} /> {c.title}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {notDue.length > 0 && (
        <details className="small">
          <summary>Not due this week ({notDue.length})</summary>
          <ul className="brief-not-due">
            {notDue.map((s) => (
              <li key={s.id} data-stakeholder={s.id}>
                {s.name}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
