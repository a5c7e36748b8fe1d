/**
 * The what-if engine in a Web Worker: the same engine code as `vantage whatif`, off the main thread so dragging a bar
 * never blocks scrolling. The page posts `prepare` once (the program model and today), then `run` per change list.
 */
import { scenarioHandler, type WorkerReply, type WorkerRequest } from './compute.js';

// The web tsconfig types `self` as a Window; in a dedicated worker it is the worker's global scope.
const scope = self as unknown as { onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null; postMessage(reply: WorkerReply): void };
const handle = scenarioHandler(() => performance.now());
scope.onmessage = (event) => scope.postMessage(handle(event.data));
