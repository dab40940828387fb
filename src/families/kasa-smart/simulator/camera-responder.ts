import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../../lab/core/read-body.ts';
import { isObject } from '../../tplink/discovery.ts';
import { send } from '../../tplink/simulator/http-body.ts';
import { TAPO_CAMERA_USER } from '../default-credentials.ts';

/**
 * The first step of a Tapo camera's secure login over HTTPS (python-kasa `sslaestransport.py`): POST / with
 * `{"method":"login","params":{"cnonce","encrypt_type":"3","username":"admin"}}` answers INVALID_NONCE (-40413) with
 * the device's nonce and `device_confirm` = SHA256(cnonce ‖ SHA256(password) ‖ nonce) ‖ nonce ‖ cnonce (hex, upper
 * case), which proves the device knows the password without revealing it. A wrong user gets SESSION_EXPIRED
 * (-40401). The encrypted session after login is not simulated: other requests answer -40401 as without a session.
 */
const INVALID_NONCE = -40413;
const SESSION_EXPIRED = -40401;

const sha256Upper = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').toUpperCase();

/** The camera's `device_confirm` for a client nonce, its own nonce and the password. */
export function cameraConfirmHash(cnonce: string, nonce: string, password: string): string {
  return sha256Upper(cnonce + sha256Upper(password) + nonce) + nonce + cnonce;
}

/** The HTTPS request handler of a simulated Tapo camera. */
export function createCameraResponder(
  password: () => string,
): (req: IncomingMessage, res: ServerResponse) => Promise<undefined> {
  return async (req, res) => {
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    let request: unknown;
    try {
      request = JSON.parse(body?.toString('utf8') ?? '');
    } catch {
      request = undefined;
    }
    const params = isObject(request) && isObject(request.params) ? request.params : {};
    const json = (value: unknown) => send(res, 200, JSON.stringify(value), { 'content-type': 'application/json' });
    if (!isObject(request) || request.method !== 'login' || typeof params.cnonce !== 'string') {
      json({ error_code: SESSION_EXPIRED });
      return;
    }
    if (params.username !== TAPO_CAMERA_USER) {
      json({ error_code: SESSION_EXPIRED, result: { data: { code: -60502 } } });
      return;
    }
    const nonce = randomBytes(8).toString('hex').toUpperCase();
    json({
      error_code: INVALID_NONCE,
      result: {
        data: {
          code: INVALID_NONCE,
          device_confirm: cameraConfirmHash(params.cnonce, nonce, password()),
          encrypt_type: ['3'],
          key: randomBytes(16).toString('base64'),
          nonce,
        },
      },
    });
  };
}
