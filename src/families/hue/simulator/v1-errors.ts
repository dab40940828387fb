/**
 * The v1 answer items. Every v1 answer is HTTP 200 with a list of `{"success":{…}}` and `{"error":{type, address,
 * description}}` items; the types and wording are the bridge's (Hue API v1, "Error Messages"; type 2 as a bridge
 * wrote it in hyperion.ng issue 1165: `body contains invalid json` at `/lights/2/state`).
 */
export type V1Item = { success: unknown } | { error: { type: number; address: string; description: string } };

export function v1Error(type: number, address: string, description: string): V1Item {
  return { error: { type, address, description } };
}

export function v1Success(address: string, value: unknown): V1Item {
  return { success: { [address]: value } };
}

/** 1: the key in the path is not on the whitelist. */
export const unauthorizedUser = (address: string): V1Item => v1Error(1, address, 'unauthorized user');

/** 2: the body does not parse. */
export const invalidJson = (address: string): V1Item => v1Error(2, address, 'body contains invalid json');

/** 3: no such resource. */
export const resourceNotAvailable = (address: string): V1Item =>
  v1Error(3, address, `resource, ${address}, not available`);

/** 4: the resource exists but not with this method. */
export const methodNotAvailable = (method: string, address: string): V1Item =>
  v1Error(4, address, `method, ${method}, not available for resource, ${address}`);

/** 5: a body without the parameters the resource needs. */
export const missingParameters = (address: string): V1Item => v1Error(5, address, 'invalid/missing parameters in body');

/** 6: a parameter the resource does not have. */
export const parameterNotAvailable = (address: string, name: string): V1Item =>
  v1Error(6, address, `parameter, ${name}, not available`);

/** 7: a value outside the parameter's type or range. */
export const invalidValue = (address: string, name: string, value: unknown): V1Item =>
  v1Error(7, address, `invalid value, ${JSON.stringify(value)}, for parameter, ${name}`);

/** 101: POST /api while the link button has not been pressed. */
export const linkButtonNotPressed = (): V1Item => v1Error(101, '', 'link button not pressed');

/** 201: a light that is off takes no brightness or colour. */
export const notModifiableWhileOff = (address: string, name: string): V1Item =>
  v1Error(201, address, `parameter, ${name}, is not modifiable. Device is set to off.`);
