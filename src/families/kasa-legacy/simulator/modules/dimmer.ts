import { answer, INVALID_ARGUMENT, OK } from '../iot-errors.ts';
import { DEVICE_OUTLET } from '../power-state.ts';
import { flagParam, type IotDeviceContext, intParam } from './context.ts';

/**
 * `smartlife.iot.dimmer` of wall dimmers (HS220, KS220, ES20M captures): `set_brightness {brightness}` and
 * `set_dimmer_transition {brightness, mode, duration}` change sysinfo `brightness`, a transition to 0 switches the
 * relay off and any other value on (python-kasa `tests/fakeprotocol_iot.py` models the device so);
 * `set_switch_state {state}` switches the relay (tplink-smarthome-api `Dimmer`). `get_dimmer_parameters` and
 * `get_default_behavior` answer from the capture.
 */
export function installDimmer(ctx: IotDeviceContext): void {
  const module = ctx.plan.dimmer;
  if (!module) return;
  const { api, power } = ctx;
  const setBrightness = (value: number | undefined, switchRelay: boolean) => {
    if (value === undefined || value < 0 || value > 100) return answer(INVALID_ARGUMENT);
    if (value > 0) api.sysinfo.brightness = value;
    if (switchRelay) power.switch([DEVICE_OUTLET], value > 0);
    else power.refresh(DEVICE_OUTLET);
    return answer(OK);
  };
  api.on(module, 'set_brightness', (p) => {
    const value = intParam(p, 'brightness');
    return setBrightness(value === undefined || value < 1 ? undefined : value, false);
  });
  api.on(module, 'set_dimmer_transition', (p) => setBrightness(intParam(p, 'brightness'), true));
  api.on(module, 'set_switch_state', (p) => {
    const state = flagParam(p, 'state');
    if (state === undefined) return answer(INVALID_ARGUMENT);
    power.switch([DEVICE_OUTLET], state === 1);
    return answer(OK);
  });
}
