import type { RegisterCommand } from './index.js';

// Being built (issue 3/4); replaced by the real command.
export const registerSchedule: RegisterCommand = (program) => {
  program.command('schedule').description('(being built)');
};
