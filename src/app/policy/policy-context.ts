/**
 * What every policy use case reads first: the inventory with its roles, and the stored DNS answers.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import type { Store } from '../../store/index.ts';
import { InventoryIndex } from './inventory-index.ts';
import { NameResolver } from './name-resolver.ts';

export interface PolicyContext {
  index: InventoryIndex;
  names: NameResolver;
}

export async function policyContext(store: Store, config: Pick<IotwardenConfig, 'roles'>): Promise<PolicyContext> {
  return {
    index: new InventoryIndex(await store.devices(), config.roles),
    names: new NameResolver(store.dnsAnswers.all()),
  };
}
