import type { AdapterEntry } from '../../families/device-adapter.ts';
import { FAMILY_ADAPTERS, FAMILY_UDP_PROBES } from '../../families/index.ts';
import { hipcamAdapterEntry } from '../../services/hipcam/adapter.ts';

/** Which adapters a scan asks about a host, in order: the families' from the table, then generic products. */
export const SCAN_ADAPTERS: readonly AdapterEntry[] = [...FAMILY_ADAPTERS, hipcamAdapterEntry];

/** The UDP discovery a scan sends: the families' probes, and SSDP and mDNS. */
export const SCAN_UDP_PROBES = { vendor: FAMILY_UDP_PROBES } as const;
