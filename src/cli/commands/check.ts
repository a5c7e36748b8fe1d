import type { RegisterCommand } from './index.js';

// Being built (issue 3/4); replaced by the real command.
export const registerCheck: RegisterCommand = (program) => {
  program.command('check').description('(being built)');
};
