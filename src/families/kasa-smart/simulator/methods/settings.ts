import type { SimulatedSmartApi } from '../api.ts';

/**
 * The setting writes the python-kasa modules use, each stored where its read answers from:
 * `set_auto_update_info {enable, time?, random_range?}` (firmware module), `set_led_info {led_rule, led_status?,
 * night_mode?}` (led module), `set_auto_off_config {enable, delay_min}` (autooff module). A key the device's read
 * does not show, or a value of another type, is refused with PARAMS_ERROR. Installed only where the read exists:
 * a P100 on firmware 1.3.7 has no `get_auto_update_info` and answers -1002 for both.
 */
const WRITES: Array<[write: string, read: string]> = [
  ['set_auto_update_info', 'get_auto_update_info'],
  ['set_led_info', 'get_led_info'],
  ['set_auto_off_config', 'get_auto_off_config'],
];

/** Installs the setting writes whose reads the device has. */
export function installSettings(api: SimulatedSmartApi): void {
  for (const [write, read] of WRITES) {
    if (api.has(read)) api.on(write, (params) => api.merge(read, params));
  }
}
