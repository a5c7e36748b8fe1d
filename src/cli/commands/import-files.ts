import type { RegisterCommand } from './index.js';

/** Placeholder: replaced by the connectors (issue 10). */
export const registerFileConnectors: RegisterCommand = () => {};
