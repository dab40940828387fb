/**
 * The network map: devices grouped by network (/24) and vendor, or by room once Home Assistant's areas are known
 * (devices without one in "unassigned"), with (dashed) edges to the internet destinations their DNS queries name
 * when DNS data is there. The groups are also listed as text, for keyboards and screen readers. Drawn by cytoscape on a canvas (labels are painted, never parsed), which is
 * loaded only when this page opens: it is most of the dashboard's weight.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get } from '../api.ts';
import type { DnsReportData } from '../components/dns-profile.tsx';
import { ErrorBox, Loading, Page } from '../components/status.tsx';
import { devicePath, navigate } from '../router.ts';
import type { DevicePage } from '../types.ts';
import { type MapGroup, mapElements } from './map-elements.ts';

/**
 * Cytoscape adds a <style> element (`position: relative` for its container) unless one with its id exists; the CSP
 * would refuse it. styles.css carries that rule, and this marker tells cytoscape the stylesheet is there
 * (cytoscape 3.34 src/extensions/renderer/base/index.js).
 */
function allowCytoscapeWithoutInlineStyle(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const marker = document.createElement('meta');
  marker.id = id;
  document.head.append(marker);
}

export function MapPage() {
  const host = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<ApiError | undefined>();
  const [loading, setLoading] = useState(true);
  const [stats, setStats] = useState('');
  const [grouping, setGrouping] = useState<{ by: 'room' | 'network'; groups: MapGroup[] } | undefined>();
  useEffect(() => {
    let destroy: (() => void) | undefined;
    let current = true;
    (async () => {
      const [{ default: cytoscape }, devices, dns] = await Promise.all([
        import('cytoscape'),
        get<DevicePage>('/api/devices?limit=1000&sort=address'),
        get<DnsReportData>('/api/dns/report'),
      ]);
      if (!current || !host.current) return;
      allowCytoscapeWithoutInlineStyle();
      const elements = mapElements(devices.rows, dns.devices);
      const graph = cytoscape({
        container: host.current,
        elements: elements.elements,
        // A tree from each network down to the destinations; breadth-first lays a wide, shallow home out legibly.
        // Turned on its side (left to right), so each row of names reads as a list instead of overlapping.
        layout: {
          name: 'breadthfirst',
          directed: true,
          roots: elements.roots,
          spacingFactor: 1,
          padding: 10,
          transform: (_node, position) => ({ x: position.y * 3, y: position.x / 3 }),
        },
        style: [
          {
            selector: 'node',
            style: {
              label: 'data(label)',
              'font-size': 11,
              color: '#888',
              'background-color': '#4a7fd4',
              width: 12,
              height: 12,
              'text-halign': 'right',
              'text-valign': 'center',
              'text-margin-x': 4,
            },
          },
          { selector: 'node.worst-critical', style: { 'background-color': '#c62828' } },
          { selector: 'node.worst-high', style: { 'background-color': '#ef6c00' } },
          { selector: 'node.domain', style: { shape: 'round-rectangle', 'background-color': '#999' } },
          { selector: 'node.network', style: { shape: 'diamond', 'background-color': '#2e7d32' } },
          { selector: 'node.vendor', style: { shape: 'hexagon', 'background-color': '#6a5acd' } },
          { selector: 'node.room', style: { shape: 'diamond', 'background-color': '#00838f' } },
          { selector: 'node.unassigned', style: { 'background-color': '#999' } },
          { selector: 'edge', style: { width: 1, 'line-color': '#aaa', 'curve-style': 'bezier' } },
          { selector: 'edge.dns', style: { 'line-style': 'dashed' } },
        ],
      });
      graph.on('tap', 'node.device', (event) =>
        navigate(devicePath(String(event.target.id()).slice('device:'.length))),
      );
      destroy = () => graph.destroy();
      const where = elements.groupedBy === 'room' ? 'rooms (Home Assistant areas)' : 'networks';
      setStats(
        `${elements.devices} devices in ${elements.networks} ${where}, ${elements.destinations} internet destinations`,
      );
      setGrouping({ by: elements.groupedBy, groups: elements.groups });
      setLoading(false);
    })().catch((e: unknown) => {
      setError(e instanceof ApiError ? e : new ApiError('ERR_CLIENT', String(e), 0));
      setLoading(false);
    });
    return () => {
      current = false;
      destroy?.();
    };
  }, []);
  return (
    <Page title="Network map">
      {error ? <ErrorBox error={error} title="The map could not be drawn" /> : null}
      {loading ? <Loading what="the map" /> : <p class="count">{stats}. Select a device to open it.</p>}
      <div
        class="map"
        ref={host}
        role="img"
        aria-label={`Network map of the devices, grouped by ${grouping?.by === 'room' ? 'room' : 'network and vendor'}`}
      />
      {grouping ? (
        <ul class="map-groups" aria-label={grouping.by === 'room' ? 'Rooms' : 'Networks'}>
          {grouping.groups.map((group) => (
            <li key={group.id} data-group={group.id}>
              {group.label}: {group.devices} {group.devices === 1 ? 'device' : 'devices'}
            </li>
          ))}
        </ul>
      ) : null}
      <p class="hint">
        The same devices as a list: <a href="/devices">Devices</a>.
      </p>
    </Page>
  );
}
