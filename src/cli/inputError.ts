/** A problem with what the user asked for: the command line prints one line on stderr and exits with status 2. */
export class InputError extends Error {}
