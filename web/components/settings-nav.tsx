/**
 * The settings navigation: the Settings page's sections and the API tokens page, on both pages. A section link
 * scrolls to and focuses its heading itself (the app's router handles paths, not fragments).
 */
import { useLocation } from '../router.ts';

export const SETTINGS_SECTIONS = [
  { id: 'networks', label: 'Networks' },
  { id: 'credentials', label: 'Credentials' },
  { id: 'firmware-policy', label: 'Firmware policy' },
  { id: 'notification-targets', label: 'Notification targets' },
] as const;

function goToSection(event: MouseEvent, id: string): void {
  const heading = document.getElementById(`${id}-h`);
  if (!heading) return; // not on the Settings page: let the link load it
  event.preventDefault();
  history.replaceState(null, '', `/settings#${id}`);
  heading.scrollIntoView({ block: 'start' });
  heading.focus();
}

export function SettingsNav() {
  const { path } = useLocation();
  return (
    <nav aria-label="Settings" class="settings-nav">
      <ul>
        {SETTINGS_SECTIONS.map((section) => (
          <li key={section.id}>
            <a href={`/settings#${section.id}`} onClick={(event) => goToSection(event, section.id)}>
              {section.label}
            </a>
          </li>
        ))}
        <li>
          <a href="/tokens" aria-current={path === '/tokens' ? 'page' : undefined}>
            API tokens
          </a>
        </li>
      </ul>
    </nav>
  );
}

/** Where a section comes from: the file and keys to edit (the file is the source of truth). */
export function EditHintLine({ file, keys }: { file: string | null; keys: string[] }) {
  return (
    <p class="hint edit-hint">
      To change this, edit{' '}
      {keys.map((key, i) => (
        <span key={key}>
          {i > 0 ? ', ' : ''}
          <code>{key}</code>
        </span>
      ))}{' '}
      in {file ? <code>{file}</code> : 'iotwarden.yaml (none exists yet; see below)'}.
    </p>
  );
}
