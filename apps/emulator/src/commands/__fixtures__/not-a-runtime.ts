// A module that exports no runtime preset.
export const answer = 42;
