import type { RegisterCommand } from './index.js';

// Being built (issue 3/4); replaced by the real command.
export const registerFmt: RegisterCommand = (program) => {
  program.command('fmt').description('(being built)');
};
