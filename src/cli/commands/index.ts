import type { Command } from 'commander';
import type { Output } from '../context.js';
import { registerCheck } from './check.js';
import { registerFmt } from './fmt.js';
import { registerSchedule } from './schedule.js';
import { registerRcpsp } from './rcpsp.js';
import { registerForecast } from './forecast.js';
import { registerDemo } from './demo.js';
import { registerPriorities } from './priorities.js';
import { registerRaci } from './raci.js';
import { registerLoad } from './load.js';
import { registerWhatif } from './whatif.js';
import { registerScope } from './scope.js';
import { registerMetrics } from './metrics.js';
import { registerRisks } from './risks.js';
import { registerDecisions } from './decisions.js';
import { registerBrief } from './brief.js';
import { registerSnapshot } from './snapshot.js';
import { registerComms } from './comms.js';
import { registerTime } from './time.js';
import { registerCalibration } from './calibration.js';
import { registerStore } from './store.js';
import { registerFileConnectors } from './import-files.js';
import { registerTrackerConnectors } from './import-trackers.js';
import { registerServe } from './serve.js';
import { registerUsers } from './users.js';
import { registerWorker } from './worker.js';

/** A command adds itself to the program; it reports its exit code through setExit (default 0). */
export type RegisterCommand = (program: Command, output: Output, setExit: (code: number) => void) => void;

export const commands: RegisterCommand[] = [registerCheck, registerFmt, registerSchedule, registerRcpsp, registerForecast, registerPriorities, registerRaci, registerLoad, registerWhatif, registerScope, registerRisks, registerMetrics, registerDecisions, registerSnapshot, registerBrief, registerComms, registerTime, registerCalibration, registerStore, registerFileConnectors, registerTrackerConnectors, registerServe, registerUsers, registerWorker, registerDemo];
