import type { RegisterCommand } from './index.js';

/** Placeholder: the helper building this command replaces this file. */
export const registerComms: RegisterCommand = () => {};
