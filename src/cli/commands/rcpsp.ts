import type { RegisterCommand } from './index.js';

// Being built (issue 3/4); replaced by the real command.
export const registerRcpsp: RegisterCommand = (program) => {
  program.command('rcpsp').description('(being built)');
};
