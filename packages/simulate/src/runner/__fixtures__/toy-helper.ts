/** A TypeScript module the toy model loads with a synchronous `require` (the worker must allow it). */
export const HELPER_VALUE: number = 42;
