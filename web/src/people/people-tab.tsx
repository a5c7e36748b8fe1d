/**
 * The People tab: the RACI matrix (workstreams and their open items, collapsible; a column per person) with each
 * check's finding on the row it is about and a summary on top, then the load heat map person × week (allocation share;
 * over-allocation in the warning colour with a ▲ and the words) and the single points of failure.
 * Data: GET /api/programs/{id}/raci and /load?by=week (the JSON of `vantage raci|load --format json`).
 * Clicking a person selects them (`?sel=bo`): their column and row are highlighted.
 */
import { Fragment, useRef, useState } from 'react';
import { formatDate } from '../format.js';
import { linkClick, navigate, routeUrl } from '../router.js';
import type { ProgramRoute } from '../routes.js';
import { useApi } from '../use-api.js';
import { findingsByCheck, findingsSummary, loadCellView, raciCellName, raciMatrix, rolesOf, type LoadJson, type MatrixGroup, type Raci, type RaciFinding, type RaciJson } from './people-model.js';
import './people.css';

export function PeopleTab({ route, token }: { route: ProgramRoute; token: string }) {
  const base = `/api/programs/${encodeURIComponent(route.programId)}`;
  const [levelled, setLevelled] = useState(true);
  const raci = useApi<RaciJson>(`${base}/raci`, token);
  const load = useApi<LoadJson>(`${base}/load?by=week${levelled ? '' : '&level=false'}`, token);
  // While the other view of the load is read, the last one stays on screen.
  const lastLoad = useRef<LoadJson | undefined>(undefined);
  if (load.state === 'ok') lastLoad.current = load.data;
  const shownLoad = load.state === 'ok' ? load.data : lastLoad.current;
  const selected = route.selected;
  const select = (person: string) => navigate(routeUrl({ ...route, selected: person === selected ? undefined : person }), true);
  return (
    <div className="people">
      {raci.state === 'loading' && <p className="muted">Reading the RACI…</p>}
      {raci.state === 'error' && (
        <p className="error" role="alert">
          No RACI matrix: {raci.error.message}
        </p>
      )}
      {raci.state === 'ok' && <RaciSection raci={raci.data} programId={route.programId} selected={selected} onSelect={select} />}
      <section aria-labelledby="load-title" className="load">
        <div className="toolbar">
          <h2 id="load-title">Load per person and week</h2>
          <button type="button" aria-pressed={!levelled} onClick={() => setLevelled((l) => !l)} title="The load before resource levelling: where the plan asks for more than people have">
            Without levelling
          </button>
          <LoadLegend />
        </div>
        {load.state === 'loading' && (
          <p className="muted" aria-live="polite">
            Adding up the load…
          </p>
        )}
        {load.state === 'error' && (
          <p className="error" role="alert">
            No load: {load.error.message}
          </p>
        )}
        {load.state !== 'error' && shownLoad !== undefined && <LoadSection load={shownLoad} selected={selected} onSelect={select} />}
      </section>
    </div>
  );
}

function RaciSection({ raci, programId, selected, onSelect }: { raci: RaciJson; programId: string; selected: string | undefined; onSelect: (person: string) => void }) {
  const { groups, personFindings, otherFindings } = raciMatrix(raci);
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(groups.filter((g) => g.itemFindings > 0).map((g) => g.id)));
  const toggle = (id: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const overloaded = new Set(personFindings.flatMap((f) => [f.subject, ...f.people]));
  const columns = raci.people.length + 1;
  return (
    <section aria-labelledby="raci-title" className="raci">
      <h2 id="raci-title">RACI</h2>
      <div className="raci-summary" data-testid="raci-summary">
        <p>
          <strong>{findingsSummary(raci.findings)}</strong>
          {raci.findings.length > 0 && <> — {findingsByCheck(raci.findings).map(([check, n]) => `${check} × ${n}`).join(' · ')}</>}
        </p>
        {[...personFindings, ...otherFindings].length > 0 && (
          <ul className="finding-list">
            {[...personFindings, ...otherFindings].map((f, k) => (
              <li key={k}>
                <FindingText finding={f} />
              </li>
            ))}
          </ul>
        )}
        <p className="small muted">
          A accountable · R responsible · C consulted · I informed. Each finding sits on its row with what to do.{' '}
          <button type="button" className="link" onClick={() => setOpen(new Set(groups.map((g) => g.id)))}>
            Expand all
          </button>{' '}
          ·{' '}
          <button type="button" className="link" onClick={() => setOpen(new Set())}>
            Collapse all
          </button>
        </p>
      </div>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="RACI matrix, scrolls sideways">
        <table className="raci-matrix" aria-labelledby="raci-title">
          <thead>
            <tr>
              <th scope="col" className="corner">
                Workstream / item
              </th>
              {raci.people.map((p) => (
                <th key={p} scope="col" className={p === selected ? 'person selected' : 'person'}>
                  <button type="button" className="link person-link" aria-pressed={p === selected} onClick={() => onSelect(p)} title={`Select ${p}`}>
                    {p}
                    {overloaded.has(p) && (
                      <span className="warn" aria-label=", has a finding">
                        {' '}
                        ⚠
                      </span>
                    )}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          {groups.map((g) => (
            <WorkstreamRows key={g.id} group={g} people={raci.people} columns={columns} open={open.has(g.id)} onToggle={() => toggle(g.id)} selected={selected} programId={programId} />
          ))}
        </table>
      </div>
    </section>
  );
}

function WorkstreamRows({ group, people, columns, open, onToggle, selected, programId }: { group: MatrixGroup; people: string[]; columns: number; open: boolean; onToggle: () => void; selected: string | undefined; programId: string }) {
  const items = group.items.length;
  return (
    <tbody className="ws" data-workstream={group.id || undefined}>
      <tr className="ws-row">
        <th scope="row">
          {/* Its name is what it shows (speech input users say what they see), with the findings count spelled out. */}
          <button type="button" className="ws-toggle" aria-expanded={open} onClick={onToggle} disabled={items === 0}>
            <span aria-hidden="true" className="caret">
              {items === 0 ? '·' : open ? '▾' : '▸'}
            </span>{' '}
            <strong>{group.id || <span aria-label="no workstream">—</span>}</strong> <span className="ws-title">{group.title}</span>{' '}
            <span className="muted small">
              {items} item{items === 1 ? '' : 's'}
            </span>
            {group.itemFindings > 0 && (
              <>
                {!open && (
                  <span className="warn small" aria-hidden="true">
                    {' '}
                    ⚠ {group.itemFindings}
                  </span>
                )}
                <span className="visually-hidden">
                  , {group.itemFindings} finding{group.itemFindings === 1 ? '' : 's'} on items
                </span>
              </>
            )}
          </button>
        </th>
        {people.map((p) => (group.raci ? <RaciCell key={p} raci={group.raci} person={p} rowId={group.id} selected={p === selected} /> : <td key={p} />))}
      </tr>
      {group.findings.map((f, k) => (
        <FindingRow key={`f${k}`} finding={f} columns={columns} />
      ))}
      {open &&
        group.items.map((item) => (
          <Fragment key={item.id}>
            <tr className={item.overridden ? 'item-row overridden' : 'item-row'}>
              <th scope="row" className="item-head">
                <ItemLink programId={programId} id={item.id} /> <span className="item-title">{item.title}</span>
                {item.overridden && <span className="tag own-raci">own RACI</span>}
              </th>
              {people.map((p) => (
                <RaciCell key={p} raci={item.raci} person={p} rowId={item.id} selected={p === selected} inherited={!item.overridden} />
              ))}
            </tr>
            {item.findings.map((f, k) => (
              <FindingRow key={`f${k}`} finding={f} columns={columns} />
            ))}
          </Fragment>
        ))}
    </tbody>
  );
}

/** An item's id, linking to it selected on the timeline. */
function ItemLink({ programId, id }: { programId: string; id: string }) {
  const url = routeUrl({ view: 'program', programId, tab: 'timeline', zoom: 'month', selected: id });
  return (
    <a className="id" href={url} onClick={linkClick(url)} title={`${id} on the timeline`}>
      {id}
    </a>
  );
}

function RaciCell({ raci, person, rowId, selected, inherited = false }: { raci: Raci; person: string; rowId: string; selected: boolean; inherited?: boolean }) {
  const roles = rolesOf(raci, person);
  const classes = ['role', roles.length > 0 ? `role-${roles[0].toLowerCase()}` : '', selected ? 'selected' : '', inherited ? 'inherited' : ''].filter((c) => c !== '');
  return (
    <td className={classes.join(' ')} aria-label={raciCellName(person, rowId, roles)}>
      {roles.join('/')}
    </td>
  );
}

function FindingRow({ finding, columns }: { finding: RaciFinding; columns: number }) {
  return (
    <tr className={`finding-row sev-row-${finding.severity}`} data-testid="raci-finding">
      <td colSpan={columns}>
        <FindingText finding={finding} />
      </td>
    </tr>
  );
}

function FindingText({ finding }: { finding: RaciFinding }) {
  return (
    <span className="finding">
      <span className={finding.severity === 'error' ? 'sev sev-high' : 'sev sev-medium'}>
        <span aria-hidden="true">{finding.severity === 'error' ? '✖' : '⚠'}</span> {finding.severity}
      </span>{' '}
      <span className="finding-message">{finding.message}</span> <span className="muted small">[{finding.check}]</span>
      <span className="fix">
        <span className="small muted">What to do:</span> {finding.fix}
      </span>
    </span>
  );
}

function LoadLegend() {
  return (
    <span className="legend small" aria-label="Legend">
      <span className="sw load-low" /> ≤ 50%
      <span className="sw load-medium" /> ≤ 85%
      <span className="sw load-high" /> ≤ 100%
      <span className="sw load-over" /> ▲ over-allocated
      <span className="off-mark">◐</span> days off
    </span>
  );
}

function LoadSection({ load, selected, onSelect }: { load: LoadJson; selected: string | undefined; onSelect: (person: string) => void }) {
  const over = load.overAllocations.length;
  return (
    <>
      <p className="small" data-testid="load-summary">
        {over === 0 ? 'No one is over-allocated' : <strong className="warn">▲ {over} over-allocated {load.by === 'week' ? 'week' : 'month'}{over === 1 ? '' : 's'}</strong>}
        {load.levelled ? ' in the levelled plan' : ' before levelling'}. Cells show allocation as a share of capacity; status date {formatDate(load.today)}.
      </p>
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Load heat map, scrolls sideways">
        <table className="load-map" aria-labelledby="load-title">
          <thead>
            <tr>
              <th scope="col" className="corner">
                Person / team
              </th>
              {load.periods.map((p) => (
                <th key={p.id} scope="col" className="num small period" title={`${formatDate(p.from)} – ${formatDate(p.to)}, ${p.workingDays} working day(s)`}>
                  {p.id.replace(/^\d{4}-/, '')}
                  <br />
                  <span className="muted">{formatDate(p.from, true)}</span>
                </th>
              ))}
              <th scope="col" className="num small">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {load.rows.map((row) => (
              <tr key={row.id} className={row.id === selected ? 'selected' : undefined} data-resource={row.id}>
                <th scope="row">
                  {row.kind === 'person' ? (
                    <button type="button" className="link person-link" aria-pressed={row.id === selected} onClick={() => onSelect(row.id)}>
                      {row.id}
                    </button>
                  ) : (
                    <span>
                      {row.id} <span className="muted small">team</span>
                    </span>
                  )}{' '}
                  <span className="muted small">{row.name}</span>
                </th>
                {row.cells.map((cell, k) => {
                  const view = loadCellView(row, load.periods[k], cell, load.by);
                  return (
                    <td key={load.periods[k].id} className={`load-cell load-${view.level}`} aria-label={view.name} title={view.name} data-over={view.over || undefined}>
                      {view.over && <span aria-hidden="true">▲ </span>}
                      {view.text}
                      {view.daysOff > 0 && (
                        <span className="off-mark" aria-hidden="true">
                          {' '}
                          ◐{view.daysOff}
                        </span>
                      )}
                    </td>
                  );
                })}
                <td className="num small">{row.capacity > 0 ? `${Math.round(row.utilisation * 100)}%` : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {load.singlePoints.length > 0 && (
        <section aria-labelledby="spof-title" className="spof">
          <h3 id="spof-title">Single points of failure</h3>
          <ul>
            {load.singlePoints.map((s, k) => (
              <li key={k}>
                <span className="sev sev-medium">
                  <span aria-hidden="true">⚠</span> {s.kind.replace(/-/g, ' ')}
                </span>{' '}
                {s.message}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
