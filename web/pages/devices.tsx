/**
 * The device table: every device loaded once, sorted and filtered in the browser, and virtualised (only the rows in
 * view, plus a margin, are in the DOM), so 1,000 and more devices scroll and sort without delay.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, get, query } from '../api.ts';
import { ErrorBox, Loading, Page, Severity } from '../components/status.tsx';
import {
  DEVICE_COLUMNS,
  DEVICES_FIRST_REQUEST,
  DEVICES_PAGE,
  type DeviceColumn,
  type DeviceFilter,
  familiesOf,
  type SortOrder,
  sortAndFilter,
  visibleRange,
} from '../devices-model.ts';
import { formatAge } from '../format.ts';
import { useLiveTick } from '../live.ts';
import { devicePath } from '../router.ts';
import { type DevicePage, type DeviceRow, SEVERITIES, type Severity as SeverityName } from '../types.ts';

/** Must match `.devices tbody tr` height in styles.css. */
const ROW_PX = 34;

const HEADINGS: Record<DeviceColumn, string> = {
  name: 'Name',
  address: 'Address',
  vendor: 'Vendor',
  model: 'Model',
  family: 'Family',
  firmware: 'Firmware',
  score: 'Score',
  findings: 'Findings',
  lastSeen: 'Last seen',
};

/** Every device, a page of 1,000 at a time. */
async function loadAll(): Promise<DeviceRow[]> {
  const rows: DeviceRow[] = [];
  for (let offset = 0; ; offset += DEVICES_PAGE) {
    const page = await get<DevicePage>(
      offset === 0 ? DEVICES_FIRST_REQUEST : `/api/devices${query({ offset, limit: DEVICES_PAGE, sort: 'name' })}`,
    );
    rows.push(...page.rows);
    if (rows.length >= page.total || page.rows.length === 0) return rows;
  }
}

/**
 * Opened directly at /devices, the rows are requested as the script starts, beside the session check, rather than
 * after it: one round trip less before the table shows; the server's preload hint has usually asked already, and
 * this request takes that answer. (Anonymous, the request fails and the login shows anyway.)
 */
let early: Promise<DeviceRow[]> | undefined = location.pathname === '/devices' ? loadAll() : undefined;
/** The early rows once they have arrived: a table mounted after that shows them in its first render. */
let earlyRows: DeviceRow[] | undefined;
early?.then(
  (rows) => {
    earlyRows = rows;
  },
  () => undefined,
);

function useAllDevices(): { rows: DeviceRow[] | undefined; error: ApiError | undefined } {
  const tick = useLiveTick(['device', 'job']);
  const [state, setState] = useState<{ rows: DeviceRow[] | undefined; error: ApiError | undefined }>(() => {
    const rows = earlyRows;
    if (rows) early = earlyRows = undefined;
    return { rows, error: undefined };
  });
  // Rows in hand at mount need no request on mount (one render and one frame sooner); live events still reload.
  const loaded = useRef(state.rows !== undefined);
  useEffect(() => {
    if (loaded.current) {
      loaded.current = false;
      return undefined;
    }
    let current = true;
    const rows = early ?? loadAll();
    early = undefined;
    rows.then(
      (rows) => current && setState({ rows, error: undefined }),
      (error: unknown) =>
        current &&
        setState((s) => ({
          ...s,
          error: error instanceof ApiError ? error : new ApiError('ERR_CLIENT', String(error), 0),
        })),
    );
    return () => {
      current = false;
    };
  }, [tick]);
  return state;
}

export function DevicesPage() {
  const { rows, error } = useAllDevices();
  const initial = new URLSearchParams(location.search);
  const [column, setColumn] = useState<DeviceColumn>(
    (DEVICE_COLUMNS as readonly string[]).includes(initial.get('sort') ?? '')
      ? (initial.get('sort') as DeviceColumn)
      : 'score',
  );
  const [order, setOrder] = useState<SortOrder>(initial.get('order') === 'desc' ? 'desc' : 'asc');
  const [filter, setFilter] = useState<DeviceFilter>({ text: initial.get('q') ?? '', family: '', severity: '' });
  const shown = useMemo(() => (rows ? sortAndFilter(rows, filter, column, order) : []), [rows, filter, column, order]);

  useEffect(() => {
    const search = query({ sort: column, order, q: filter.text || undefined });
    history.replaceState(null, '', `/devices${search}`);
  }, [column, order, filter.text]);

  const sortBy = useCallback(
    (next: DeviceColumn) => {
      if (next === column) setOrder((o) => (o === 'asc' ? 'desc' : 'asc'));
      else {
        setColumn(next);
        setOrder(next === 'findings' || next === 'lastSeen' ? 'desc' : 'asc');
      }
    },
    [column],
  );

  return (
    <Page title="Devices">
      {error ? <ErrorBox error={error} title="The devices could not be loaded" /> : null}
      <Filters filter={filter} setFilter={setFilter} families={rows ? familiesOf(rows) : []} />
      {rows === undefined ? (
        error ? null : (
          <Loading what="devices" />
        )
      ) : (
        <>
          <p class="count" aria-live="polite">
            {shown.length === rows.length ? `${rows.length} devices` : `${shown.length} of ${rows.length} devices`}
          </p>
          <VirtualTable rows={shown} column={column} order={order} sortBy={sortBy} />
        </>
      )}
    </Page>
  );
}

function Filters({
  filter,
  setFilter,
  families,
}: {
  filter: DeviceFilter;
  setFilter: (f: DeviceFilter) => void;
  families: string[];
}) {
  return (
    <form class="filters" aria-label="Filter devices" onSubmit={(e) => e.preventDefault()}>
      <label>
        Search
        <input
          type="search"
          name="q"
          value={filter.text}
          placeholder="name, address, MAC, vendor…"
          onInput={(e) => setFilter({ ...filter, text: e.currentTarget.value })}
        />
      </label>
      <label>
        Family
        <select
          name="family"
          value={filter.family}
          onChange={(e) => setFilter({ ...filter, family: e.currentTarget.value })}
        >
          <option value="">all</option>
          {families.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <label>
        Findings
        <select
          name="severity"
          value={filter.severity}
          onChange={(e) => setFilter({ ...filter, severity: e.currentTarget.value as SeverityName | '' })}
        >
          <option value="">any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s} or worse
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}

function VirtualTable({
  rows,
  column,
  order,
  sortBy,
}: {
  rows: DeviceRow[];
  column: DeviceColumn;
  order: SortOrder;
  sortBy: (c: DeviceColumn) => void;
}) {
  const [scroll, setScroll] = useState({ top: 0, height: 600 });
  const { start, end } = visibleRange(scroll.top, scroll.height, ROW_PX, rows.length);
  const onScroll = (e: Event) => {
    const el = e.currentTarget as HTMLElement;
    setScroll({ top: el.scrollTop, height: el.clientHeight });
  };
  return (
    // Chromium and Firefox make a scrolling box keyboard-focusable by themselves, so the arrow keys scroll it.
    <div class="table-scroll" onScroll={onScroll}>
      <table class="devices" aria-rowcount={rows.length + 1}>
        <thead>
          <tr>
            {DEVICE_COLUMNS.map((c) => (
              <th
                key={c}
                scope="col"
                aria-sort={c === column ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
              >
                <button type="button" data-column={c} onClick={() => sortBy(c)}>
                  {HEADINGS[c]}
                  <span aria-hidden="true">{c === column ? (order === 'asc' ? ' ▲' : ' ▼') : ''}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr class="spacer" style={{ height: `${start * ROW_PX}px` }} />
          {rows.slice(start, end).map((row, i) => (
            <DeviceLine key={row.id} row={row} index={start + i} />
          ))}
          <tr class="spacer" style={{ height: `${(rows.length - end) * ROW_PX}px` }} />
        </tbody>
      </table>
    </div>
  );
}

function DeviceLine({ row, index }: { row: DeviceRow; index: number }) {
  const counts = row.findingCounts;
  return (
    <tr aria-rowindex={index + 2} data-device={row.id}>
      <td class="name">
        <a href={devicePath(row.id)}>{row.name ?? row.address}</a>
        {row.area ? <span class="area">{row.area}</span> : null}
      </td>
      <td>{row.address}</td>
      <td>{row.vendor ?? '—'}</td>
      <td>{row.model ?? '—'}</td>
      <td>{row.family ?? '—'}</td>
      <td class="firmware">
        {row.firmware.installed ?? '—'}
        {row.firmware.latest && row.firmware.latest !== row.firmware.installed ? ' (update)' : ''}
      </td>
      <td class="num">{row.score}</td>
      <td>
        {row.worstSeverity ? <Severity severity={row.worstSeverity} /> : null}{' '}
        {counts.critical + counts.high + counts.medium + counts.low + counts.info || '—'}
      </td>
      <td>{formatAge(row.lastSeenMs)}</td>
    </tr>
  );
}
