// Bearer-key authorization for one request: which key (401 when none matches) and whether it has a scope (403).
import type { ApiKeyRecord, Scope } from '../schema/api.js';
import type { Keyring } from './api-keys.js';
import { HttpProblem } from './problem.js';

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]{1,256})$/i;

export const unauthorized = (detail: string): HttpProblem =>
  new HttpProblem(401, 'unauthorized', 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer realm="ringscan"' });

export function authorize(header: string | undefined, keyring: Keyring, scopes: readonly Scope[]): ApiKeyRecord {
  if (header === undefined || header === '') throw unauthorized('send Authorization: Bearer <key>');
  const token = BEARER.exec(header)?.[1];
  const key = token === undefined ? null : keyring.authenticate(token);
  if (!key) throw unauthorized('the API key is not valid');
  if (!key.scopes.some((scope) => scope === 'admin' || scopes.includes(scope))) {
    throw new HttpProblem(403, 'forbidden', 'Forbidden', `this route needs a key with scope ${scopes.join(' or ')}`);
  }
  return key;
}
