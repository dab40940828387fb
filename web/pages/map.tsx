/**
 * The network map: devices grouped by network (/24) and vendor, with edges to the internet destinations their DNS
 * queries name when DNS data is there. Drawn by cytoscape on a canvas (labels are painted, never parsed), which is
 * loaded only when this page opens: it is most of the dashboard's weight.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, get } from '../api.ts';
import type { DnsReportData } from '../components/dns-profile.tsx';
import { ErrorBox, Loading, Page } from '../components/status.tsx';
import { devicePath, navigate } from '../router.ts';
import type { DevicePage } from '../types.ts';
import { mapElements } from './map-elements.ts';

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
        layout: { name: 'cose', animate: false, nodeDimensionsIncludeLabels: true },
        style: [
          {
            selector: 'node',
            style: { label: 'data(label)', 'font-size': 10, color: '#888', 'background-color': '#4a7fd4' },
          },
          { selector: 'node.worst-critical', style: { 'background-color': '#c62828' } },
          { selector: 'node.worst-high', style: { 'background-color': '#ef6c00' } },
          { selector: 'node.domain', style: { shape: 'round-rectangle', 'background-color': '#999' } },
          { selector: ':parent', style: { 'background-opacity': 0.08, 'text-valign': 'top', 'font-size': 12 } },
          { selector: 'edge', style: { width: 1, 'line-color': '#aaa', 'curve-style': 'bezier' } },
        ],
      });
      graph.on('tap', 'node.device', (event) =>
        navigate(devicePath(String(event.target.id()).slice('device:'.length))),
      );
      destroy = () => graph.destroy();
      setStats(
        `${elements.devices} devices in ${elements.networks} networks, ${elements.destinations} internet destinations`,
      );
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
      <div class="map" ref={host} role="img" aria-label="Network map of the devices, grouped by network and vendor" />
      <p class="hint">
        The same devices as a list: <a href="/devices">Devices</a>.
      </p>
    </Page>
  );
}
