import { isRecord, type JsonRecord } from '../../shelly/simulator/json-tools.ts';

/** A CoIoT v2 block: `{"I":1,"D":"relay_0"}` (Shelly Gen1 API docs, CoIoT, `blk` array). */
export interface CoiotBlock {
  I: number;
  D: string;
}

/** A CoIoT v2 sensor: id, type, description, unit, range, links (Gen1 API docs, CoIoT, `sen` array). */
export interface CoiotSensor {
  I: number;
  T: string;
  D: string;
  U?: string;
  R: string | string[];
  L: number;
}

/** `/cit/d` and the values `/cit/s` reports for it (`[0, id, value]`; a value that is undefined is left out). */
export interface CoiotModel {
  description: { blk: CoiotBlock[]; sen: CoiotSensor[] };
  values: Array<[number, unknown]>;
}

const records = (value: unknown): JsonRecord[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const bit = (value: unknown): number => (value === true || value === 1 ? 1 : 0);
const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * Builds the CoIoT v2 description and status of a Gen1 device from its current /settings and /status, with the
 * property ids of the published examples: `<group><channel+1><item>`, e.g. 1101 relay 0 output, 2201 input 1, 4103
 * relay 0 energy, 3104 device temperature (Gen1 API docs, CoIoT; `/cit/d` examples of SHSW-1, SHSW-PM, SHSW-25 in
 * relay and roller mode, SHPLG-S, SHDM-1 and SHGS-1, as recorded in the ioBroker.shelly adapter). Like the real
 * devices, the description lists the add-on temperature sensors even when none is attached; /cit/s then omits them.
 */
export function gen1CoiotModel(settings: JsonRecord, status: JsonRecord): CoiotModel {
  const model = new ModelBuilder();
  const relaySettings = records(settings.relays);
  const rollerCapable = records(settings.rollers).length > 0;
  const rollerMode = settings.mode === 'roller';
  const relays = records(status.relays);
  const meters = records(status.meters);
  const inputs = records(status.inputs);
  relaySettings.forEach((_, i) => {
    const block = model.block(`relay_${i}`);
    const n = i + 1;
    if (!rollerMode) {
      model.sensor(block, { I: 1001 + n * 100, T: 'S', D: 'output', R: '0/1' }, bit(relays[i]?.ison));
      if (typeof status.total_work_time === 'number' && i === 0) {
        model.sensor(block, { I: 1104, T: 'S', D: 'totalWorkTime', U: 's', R: 'U32' }, status.total_work_time);
      }
    }
    addInput(model, block, n, inputs[i]);
    if (!rollerMode && meters[i]) addMeter(model, block, n, meters[i], relays[i], relaySettings.length === 1);
  });
  if (rollerCapable) addRoller(model, rollerMode, records(status.rollers)[0], meters);
  const lights = records(status.lights);
  lights.forEach((light, i) => {
    const block = model.block(`light_${i}`);
    const n = i + 1;
    model.sensor(block, { I: 1001 + n * 100, T: 'S', D: 'output', R: '0/1' }, bit(light.ison));
    model.sensor(block, { I: 5001 + n * 100, T: 'S', D: 'brightness', R: '1/100' }, num(light.brightness));
    if (meters[i]) addMeter(model, block, n, meters[i], undefined, false);
    if ('loaderror' in status)
      model.sensor(block, { I: 6104, T: 'A', D: 'loadError', R: '0/1' }, bit(status.loaderror));
  });
  if (relaySettings.length === 0) {
    inputs.forEach((input, i) => {
      addInput(model, model.block(`input_${i}`), i + 1, input);
    });
  }
  if (isRecord(settings.ext_temperature)) addAddOn(model, status);
  if (isRecord(status.gas_sensor)) addGas(model, status);
  addDevice(model, status, rollerCapable, lights.length > 0);
  return model.build();
}

class ModelBuilder {
  readonly #blocks: CoiotBlock[] = [];
  readonly #sensors: CoiotSensor[] = [];
  readonly #values: Array<[number, unknown]> = [];
  #nextBlock = 1;

  block(description: string): number {
    const id = this.#nextBlock++;
    this.#blocks.push({ I: id, D: description });
    return id;
  }

  /** Skips a block id, as a Shelly 2.5 in relay mode skips the id of its roller block. */
  reserve(): void {
    this.#nextBlock++;
  }

  sensor(block: number, sensor: Omit<CoiotSensor, 'L'>, value: unknown): void {
    this.#sensors.push({ ...sensor, L: block });
    if (value !== undefined) this.#values.push([sensor.I, value]);
  }

  build(): CoiotModel {
    // The device block comes last in the description but its cfgChanged counter opens the sensor list.
    const device = this.#sensors.findIndex((sensor) => sensor.I === 9103);
    const sen =
      device > 0
        ? [this.#sensors[device] as CoiotSensor, ...this.#sensors.filter((_, i) => i !== device)]
        : this.#sensors;
    return { description: { blk: this.#blocks, sen }, values: this.#values };
  }
}

function addInput(model: ModelBuilder, block: number, n: number, input: JsonRecord | undefined): void {
  if (!input) return;
  model.sensor(block, { I: 2001 + n * 100, T: 'S', D: 'input', R: '0/1' }, num(input.input));
  model.sensor(block, { I: 2002 + n * 100, T: 'EV', D: 'inputEvent', R: ['S/L', ''] }, input.event ?? '');
  model.sensor(block, { I: 2003 + n * 100, T: 'EVC', D: 'inputEventCnt', R: 'U16' }, num(input.event_cnt));
}

function addMeter(
  model: ModelBuilder,
  block: number,
  n: number,
  meter: JsonRecord,
  relay: JsonRecord | undefined,
  single: boolean,
): void {
  model.sensor(block, { I: 4001 + n * 100, T: 'P', D: 'power', U: 'W', R: ['0/3500', '-1'] }, num(meter.power));
  model.sensor(block, { I: 4003 + n * 100, T: 'E', D: 'energy', U: 'Wmin', R: ['U32', '-1'] }, num(meter.total));
  model.sensor(block, { I: 6002 + n * 100, T: 'A', D: 'overpower', R: ['0/1', '-1'] }, bit(relay?.overpower));
  if (single) {
    model.sensor(block, { I: 6109, T: 'P', D: 'overpowerValue', U: 'W', R: ['U32', '-1'] }, num(meter.overpower));
  }
}

function addRoller(model: ModelBuilder, rollerMode: boolean, roller: JsonRecord | undefined, meters: JsonRecord[]) {
  if (!rollerMode) {
    model.reserve();
    return;
  }
  const block = model.block('roller_0');
  const power = meters.reduce((sum, meter) => sum + (num(meter.power) ?? 0), 0);
  const energy = meters.reduce((sum, meter) => sum + (num(meter.total) ?? 0), 0);
  model.sensor(block, { I: 1102, T: 'S', D: 'roller', R: 'open/close/stop' }, roller?.state ?? 'stop');
  model.sensor(block, { I: 1103, T: 'S', D: 'rollerPos', R: ['0/100', '-1'] }, num(roller?.current_pos) ?? -1);
  model.sensor(block, { I: 4102, T: 'P', D: 'rollerPower', U: 'W', R: ['0/2300', '-1'] }, power);
  model.sensor(block, { I: 4104, T: 'E', D: 'rollerEnergy', U: 'Wmin', R: ['U32', '-1'] }, energy);
  model.sensor(
    block,
    { I: 6103, T: 'A', D: 'rollerStopReason', R: 'normal/safety_switch/obstacle/overpower' },
    roller?.stop_reason ?? 'normal',
  );
}

function addAddOn(model: ModelBuilder, status: JsonRecord): void {
  const temperatures = isRecord(status.ext_temperature) ? status.ext_temperature : {};
  const humidity = isRecord(status.ext_humidity) && isRecord(status.ext_humidity['0']) ? status.ext_humidity['0'] : {};
  for (let k = 0; k < 3; k++) {
    const block = model.block(`sensor_${k}`);
    const reading = isRecord(temperatures[String(k)]) ? (temperatures[String(k)] as JsonRecord) : {};
    const base = 3001 + (k + 1) * 100;
    model.sensor(block, { I: base, T: 'T', D: 'extTemp', U: 'C', R: ['-55/125', '999'] }, num(reading.tC));
    model.sensor(block, { I: base + 1, T: 'T', D: 'extTemp', U: 'F', R: ['-67/257', '999'] }, num(reading.tF));
    if (k === 0) model.sensor(block, { I: 3103, T: 'H', D: 'humidity', R: ['0/100', '999'] }, num(humidity.hum));
  }
}

function addGas(model: ModelBuilder, status: JsonRecord): void {
  const gas = isRecord(status.gas_sensor) ? status.gas_sensor : {};
  const concentration = isRecord(status.concentration) ? status.concentration : {};
  const sensor = model.block('sensor_0');
  model.sensor(sensor, { I: 3113, T: 'S', D: 'sensorOp', R: ['warmup/normal/fault', 'unknown'] }, gas.sensor_state);
  model.sensor(
    sensor,
    { I: 3114, T: 'S', D: 'selfTest', R: 'not_completed/completed/running/pending' },
    gas.self_test_state,
  );
  model.sensor(sensor, { I: 6108, T: 'A', D: 'gas', R: ['none/mild/heavy/test', 'unknown'] }, gas.alarm_state);
  model.sensor(sensor, { I: 3107, T: 'C', D: 'concentration', U: 'ppm', R: ['U16', '-1'] }, num(concentration.ppm));
  const valve = records(status.valves)[0];
  const valveBlock = model.block('valve_0');
  model.sensor(
    valveBlock,
    { I: 1105, T: 'S', D: 'valve', R: ['closed/opened/not_connected/failure/closing/opening/checking', 'unknown'] },
    valve?.state,
  );
}

function addDevice(model: ModelBuilder, status: JsonRecord, rollerCapable: boolean, lights: boolean): void {
  const block = model.block('device');
  model.sensor(block, { I: 9103, T: 'EVC', D: 'cfgChanged', R: 'U16' }, num(status.cfg_changed_cnt) ?? 0);
  if (isRecord(status.tmp)) {
    model.sensor(block, { I: 3104, T: 'T', D: 'deviceTemp', U: 'C', R: ['-40/300', '999'] }, num(status.tmp.tC));
    model.sensor(block, { I: 3105, T: 'T', D: 'deviceTemp', U: 'F', R: ['-40/572', '999'] }, num(status.tmp.tF));
    model.sensor(block, { I: 6101, T: 'A', D: 'overtemp', R: ['0/1', '-1'] }, bit(status.overtemperature));
  }
  if (rollerCapable)
    model.sensor(block, { I: 9101, T: 'S', D: 'mode', R: 'relay/roller' }, status.rollers ? 'roller' : 'relay');
  if (lights) model.sensor(block, { I: 9101, T: 'S', D: 'mode', R: 'color/white' }, 'white');
}
