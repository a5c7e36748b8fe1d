/**
 * Named scenarios kept in the browser (localStorage, per program): save the active one under a name, list them,
 * load one back into the URL, delete one. The storage is a parameter so Node tests can pass a Map-backed fake.
 */

export type SavedScenario = { name: string; scenario: string };

/** The slice of the Storage API used here (localStorage in the browser). */
export type KeyValueStore = { getItem(key: string): string | null; setItem(key: string, value: string): void };

const keyOf = (programId: string): string => `vantage.scenarios.${programId}`;

/** The saved scenarios of a program, in the order saved (unreadable data reads as none). */
export function listScenarios(store: KeyValueStore, programId: string): SavedScenario[] {
  try {
    const parsed: unknown = JSON.parse(store.getItem(keyOf(programId)) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter((s): s is SavedScenario => typeof s === 'object' && s !== null && typeof (s as SavedScenario).name === 'string' && typeof (s as SavedScenario).scenario === 'string');
  } catch {
    return [];
  }
}

/** Saves `scenario` as `name` (a name already used is replaced in place) and returns the new list. */
export function saveScenario(store: KeyValueStore, programId: string, name: string, scenario: string): SavedScenario[] {
  const list = listScenarios(store, programId);
  const at = list.findIndex((s) => s.name === name);
  const next = at < 0 ? [...list, { name, scenario }] : list.map((s, i) => (i === at ? { name, scenario } : s));
  store.setItem(keyOf(programId), JSON.stringify(next));
  return next;
}

/** Deletes the scenario called `name` and returns the new list. */
export function deleteScenario(store: KeyValueStore, programId: string, name: string): SavedScenario[] {
  const next = listScenarios(store, programId).filter((s) => s.name !== name);
  store.setItem(keyOf(programId), JSON.stringify(next));
  return next;
}
