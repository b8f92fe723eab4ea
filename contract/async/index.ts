// The small async toolkit shared by drivers, sync, clients, windows and the renderer.
export { Backoff, backoffCeiling, backoffDelay, type BackoffPolicy } from './backoff.js';
export { DisposableStore, type Disposer } from './disposables.js';
export { Emitter } from './emitter.js';
export { SerialRunner } from './serial.js';
export { hostTimers, type TimerHandle, type Timers } from './timers.js';
export { WakeableSleep } from './wakeable-sleep.js';
