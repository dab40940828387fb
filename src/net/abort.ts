/** Why an operation stopped when its signal fired: the signal's reason, as every abortable call here reports it. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}
