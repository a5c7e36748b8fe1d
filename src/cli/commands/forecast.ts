import type { RegisterCommand } from './index.js';

// Being built (issue 3/4); replaced by the real command.
export const registerForecast: RegisterCommand = (program) => {
  program.command('forecast').description('(being built)');
};
