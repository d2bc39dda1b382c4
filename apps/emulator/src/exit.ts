/** Exit statuses of `corelab`: 0 passed, 1 an expectation failed, 2 malformed input (a file or the command line), 3 a replay stopped with an error (or a bug). */
export const EXIT = { ok: 0, failed: 1, malformed: 2, error: 3 } as const;
