/** Exit codes: 0 success, 1 a failure of the world (device, database, network), 2 the user's input was wrong. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** Stopped by Ctrl-C with partial results kept (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;
