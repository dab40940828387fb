/**
 * Credentials TP-Link firmware accepts besides the owner's account: documented in python-kasa `kasa/credentials.py`
 * (`DEFAULT_CREDENTIALS`, stored there base64-encoded). A KLAP device that answers handshake1 with a hash made from
 * one of these (or from blank strings, a device never bound to an account) can be driven by anyone on the LAN.
 * These are public factory values, not secrets of any user, which is why they may appear in code.
 */
export interface KasaKnownCredential {
  /** Short label for evidence; the values themselves are never printed. */
  label: string;
  username: string;
  password: string;
}

export const KASA_KNOWN_CREDENTIALS: readonly KasaKnownCredential[] = [
  { label: 'blank credentials (device never bound to a TP-Link account)', username: '', password: '' },
  { label: 'Kasa factory setup credentials', username: 'kasa@tp-link.net', password: 'kasaSetup' },
  { label: 'Tapo factory test credentials', username: 'test@tp-link.net', password: 'test' },
];

/** The local user of Tapo cameras (python-kasa `sslaestransport.py`); the password is the owner's cloud password. */
export const TAPO_CAMERA_USER = 'admin';
