/**
 * Compile-time half of the family contract, checked by `tsc --noEmit` (npm run typecheck), not run by vitest: a
 * family descriptor that leaves out any field does not compile, so there is no silent generic fallback. Each
 * `@ts-expect-error` below fails the type check if the descriptor it marks ever starts to compile.
 */
import type { FamilyAdvice, FamilyDescriptor, FamilyFirmware } from '../../src/families/descriptor.ts';
import { tasmota } from '../../src/families/tasmota/family.ts';

/** The keys of `T` that may be left out. */
type OptionalKeys<T> = { [K in keyof T]-?: Record<string, never> extends Pick<T, K> ? K : never }[keyof T];

/** `true` only when no field of `T` is optional. */
type NoOptionalFields<T> = [OptionalKeys<T>] extends [never] ? true : false;

export const everyDescriptorFieldIsRequired: NoOptionalFields<FamilyDescriptor> = true;
export const everyAdviceTopicIsRequired: NoOptionalFields<FamilyAdvice> = true;
export const everyFirmwareFieldIsRequired: NoOptionalFields<FamilyFirmware> = true;

const { firmware: _firmware, ...withoutFirmware } = tasmota;
// @ts-expect-error a family that does not say how its firmware is updated does not compile
export const noFirmware: FamilyDescriptor<'tasmota'> = withoutFirmware;

const { cleartext: _cleartext, ...adviceWithoutCleartext } = tasmota.advice;
// @ts-expect-error a family without advice for one topic does not compile
export const noCleartextAdvice: FamilyDescriptor<'tasmota'> = { ...tasmota, advice: adviceWithoutCleartext };

const { worthAsking: _worthAsking, ...discoveryWithoutCondition } = tasmota.discovery;
// @ts-expect-error a family that does not say when its adapter is worth asking does not compile
export const noDiscoveryCondition: FamilyDescriptor<'tasmota'> = { ...tasmota, discovery: discoveryWithoutCondition };

const { control: _control, ...withoutControl } = tasmota;
// @ts-expect-error a family that does not decide whether it reads control state (issue 10) does not compile
export const noControlDecision: FamilyDescriptor<'tasmota'> = withoutControl;

// The complete descriptor compiles, so the errors above are about the missing fields and nothing else.
export const complete: FamilyDescriptor<'tasmota'> = tasmota;
