/**
 * The Plan tab: items, risks, decisions and stakeholders edited through forms. Per section a dense list beside the
 * form of the selected entry (`?sel=ID` opens it, so a link can point at one) or of a new one. Edit controls follow
 * the caller's role (access.ts); the server validates every write as `vantage check` does and the form shows its
 * messages; a stale write opens the conflict view. Lists and forms follow live updates (they re-read in place).
 */
import { useState } from 'react';
import { useLastChange } from '../live/live.js';
import { linkClick, navigate, routeUrl } from '../router.js';
import { PLAN_SECTIONS, type PlanSection, type ProgramRoute } from '../routes.js';
import { useApi } from '../use-api.js';
import { canCreate, canWrite, entryWorkstream, type Access } from './access.js';
import { EntryForm, type EntryRecord, type Suggestions } from './entry-form.js';
import { titleKey } from './fields.js';
import './plan.css';

const SECTION_LABEL: Record<PlanSection, string> = { items: 'Items', risks: 'Risks', decisions: 'Decisions', stakeholders: 'Stakeholders' };
const SINGULAR: Record<PlanSection, string> = { items: 'item', risks: 'risk', decisions: 'decision', stakeholders: 'stakeholder' };

/** The list's columns after id and title/name: [header, the key in the entry's data]. */
const COLUMNS: Record<PlanSection, [string, string][]> = {
  items: [['Workstream', 'workstream'], ['Owner', 'owner'], ['Status', 'status'], ['Estimate', 'estimate']],
  risks: [['Status', 'status'], ['Probability', 'probability'], ['Impact', 'impact'], ['Owner', 'owner']],
  decisions: [['Date', 'date'], ['Status', 'status'], ['Owner', 'owner']],
  stakeholders: [['Influence', 'influence'], ['Interest', 'interest'], ['Channel', 'channel'], ['Cadence', 'cadence']],
};

/** A cell's text: "3–5–10" for a three-point estimate, "15 d on PAY-2" for an impact, lists joined. */
function cellText(key: string, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (key === 'estimate' && typeof v === 'object') {
    const e = v as { low?: unknown; likely?: unknown; high?: unknown };
    return `${String(e.low)}–${String(e.likely)}–${String(e.high)}`;
  }
  if (key === 'impact' && typeof v === 'object') {
    const i = v as { days?: unknown; items?: unknown };
    return `${i.days !== undefined ? `${String(i.days)} d` : ''}${Array.isArray(i.items) && i.items.length > 0 ? ` on ${i.items.join(', ')}` : ''}`;
  }
  if (Array.isArray(v)) return v.map(String).join(', ');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

type ProgramHeader = { name: string; version: number; access: Access };

export function PlanTab({ route, token }: { route: ProgramRoute; token: string }) {
  const section = route.section ?? 'items';
  const base = `/api/programs/${encodeURIComponent(route.programId)}`;
  const program = useApi<ProgramHeader>(base, token);
  const entries = useApi<{ entries: EntryRecord[] }>(`${base}/${section}`, token);
  const items = useApi<{ entries: EntryRecord[] }>(`${base}/items`, token);
  const workstreams = useApi<{ entries: EntryRecord[] }>(`${base}/workstreams`, token);
  const people = useApi<{ entries: EntryRecord[] }>(`${base}/people`, token);
  const [creating, setCreating] = useState<string | null>(null); // the section a new entry is being written in
  const [added, setAdded] = useState<string | null>(null); // the entry just added (the list is being re-read)
  const last = useLastChange(route.programId);

  const sectionUrl = (s: PlanSection, selected?: string) => routeUrl({ ...route, section: s, ...(selected !== undefined ? { selected } : { selected: undefined }) });
  const nav = (
    <nav className="plan-sections" aria-label="Plan sections">
      {PLAN_SECTIONS.map((s) => {
        const url = sectionUrl(s);
        return (
          <a key={s} href={url} onClick={linkClick(url)} aria-current={s === section ? 'page' : undefined}>
            {SECTION_LABEL[s]}
          </a>
        );
      })}
    </nav>
  );
  if (program.state === 'error') return <p className="error" role="alert">Cannot read the program: {program.error.message}</p>;
  if (entries.state === 'error') return <p className="error" role="alert">Cannot read the {section}: {entries.error.message}</p>;
  if (program.state === 'loading' || entries.state === 'loading') return <>{nav}<p className="muted">Loading the {section}…</p></>;

  const access = program.data.access;
  const list = entries.data.entries;
  const itemList = items.state === 'ok' ? items.data.entries : section === 'items' ? list : [];
  const itemWorkstream = (id: string) => {
    const w = itemList.find((e) => e.entryId === id)?.data.workstream;
    return typeof w === 'string' ? w : undefined;
  };
  const suggestions: Suggestions = {
    workstreams: workstreams.state === 'ok' ? workstreams.data.entries.map((e) => e.entryId) : [],
    people: people.state === 'ok' ? people.data.entries.map((e) => e.entryId) : [],
    items: itemList.map((e) => e.entryId),
  };
  const selected = route.selected !== undefined ? list.find((e) => e.entryId === route.selected) : undefined;
  const isCreating = creating === section && route.selected === undefined;
  const tk = titleKey(section);
  const recent = last && Date.now() - last.at < 4000 && last.change.section === section ? last.change.entryId : null;

  return (
    <div className="plan">
      {nav}
      <div className="plan-body">
        <section className="plan-list" aria-label={`${SECTION_LABEL[section]} list`}>
          <div className="plan-list-head">
            <h2>
              {SECTION_LABEL[section]} <span className="muted small num">{list.length}</span>
            </h2>
            {canCreate(access, section) ? (
              <button
                type="button"
                onClick={() => {
                  setCreating(section);
                  if (route.selected !== undefined) navigate(sectionUrl(section));
                }}
              >
                New {SINGULAR[section]}
              </button>
            ) : (
              <span className="muted small">{access.role === 'viewer' ? 'Read only (viewer)' : access.role === 'lead' ? 'Read only here (lead)' : ''}</span>
            )}
          </div>
          {list.length === 0 ? (
            <EmptySection section={section} canAdd={canCreate(access, section)} />
          ) : (
            <table className="dense plan-table" aria-label={SECTION_LABEL[section]}>
              <thead>
                <tr>
                  <th scope="col">Id</th>
                  <th scope="col">{tk === 'name' ? 'Name' : 'Title'}</th>
                  {COLUMNS[section].map(([h]) => (
                    <th key={h} scope="col">
                      {h}
                    </th>
                  ))}
                  <th scope="col">
                    <span className="visually-hidden">Editable</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((e) => {
                  const url = sectionUrl(section, e.entryId);
                  const current = e.entryId === route.selected;
                  const editable = canWrite(access, section, entryWorkstream(section, e.data, itemWorkstream));
                  return (
                    <tr key={e.entryId} data-entry={e.entryId} className={`${current ? 'selected' : ''} ${recent === e.entryId ? 'live-changed' : ''}`} aria-current={current ? 'true' : undefined}>
                      <td className="num">
                        <a href={url} onClick={linkClick(url)}>
                          {e.entryId}
                        </a>
                      </td>
                      <td className="plan-title">{cellText(tk, e.data[tk])}</td>
                      {COLUMNS[section].map(([h, key]) => (
                        <td key={h}>{cellText(key, e.data[key])}</td>
                      ))}
                      <td className="small muted">{editable ? '' : <span title="You cannot edit this entry">read only</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </section>
        <section className="plan-form" aria-label={selected ? `${SINGULAR[section]} ${selected.entryId}` : isCreating ? `New ${SINGULAR[section]}` : 'Entry'}>
          {selected ? (
            <EntryForm key={`${section}/${selected.entryId}`} section={section} base={base} token={token} entry={selected} access={access} suggestions={suggestions} itemWorkstream={itemWorkstream} onDone={(id) => navigate(id === null ? sectionUrl(section) : sectionUrl(section, id))} />
          ) : isCreating ? (
            <EntryForm
              key={`${section}/new`}
              section={section}
              base={base}
              token={token}
              access={access}
              suggestions={suggestions}
              itemWorkstream={itemWorkstream}
              onDone={(id) => {
                setCreating(null);
                setAdded(id);
                navigate(id === null ? sectionUrl(section) : sectionUrl(section, id));
              }}
            />
          ) : route.selected !== undefined && route.selected === added ? (
            <p className="muted">Opening {route.selected}…</p>
          ) : route.selected !== undefined ? (
            <p className="error" role="alert">
              There is no {SINGULAR[section]} {route.selected} in this program (it may have been deleted).
            </p>
          ) : (
            <p className="muted">Choose a {SINGULAR[section]} in the list to read or edit it{canCreate(access, section) ? `, or add a new one` : ''}.</p>
          )}
        </section>
      </div>
    </div>
  );
}

/** A section with no entries teaches how to fill it. */
function EmptySection({ section, canAdd }: { section: PlanSection; canAdd: boolean }) {
  return (
    <div className="plan-empty">
      <p>No {section} yet.</p>
      <ul>
        {canAdd && <li>Add the first with “New {SINGULAR[section]}” above: the form checks it as <code>vantage check</code> does.</li>}
        {section === 'items' && (
          <li>
            Import them from Jira: <code>vantage import jira --jql "project = PAY"</code> (or GitHub, Linear, a Jira CSV).
          </li>
        )}
        <li>
          Or explore the demo: <code>vantage serve --demo</code> loads a complete program.
        </li>
      </ul>
    </div>
  );
}
