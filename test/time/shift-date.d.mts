/** The shift HALL_TEST_NOW asks for, in ms (0 when unset); records the anchor in `env` the first time. */
export function shiftOffsetMs(env?: NodeJS.ProcessEnv, realNowMs?: number): number;
/** Replaces `scope.Date` with one whose "now" is `offsetMs` away. */
export function installShiftedDate(offsetMs: number, scope?: typeof globalThis): void;
/** Hands the shift to every process started from here on (NODE_OPTIONS and the anchor). */
export function shareWithChildProcesses(env?: NodeJS.ProcessEnv): void;
