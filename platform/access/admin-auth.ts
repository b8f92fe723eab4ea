// Administrator credentials: apart from terminal credentials and from enrolment codes. The bootstrap
// token (given at start or generated) holds every scope; it is presented as `Bearer <token>`, or as
// the password of HTTP Basic auth for the fleet page a browser opens.
import { createHash, timingSafeEqual } from 'node:crypto';
import { ADMIN_SCOPES, type AdminPrincipal } from '../../contract/platform-api/access.js';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** The secret an Authorization header carries: a Bearer token, or Basic auth's user and password. */
export function presentedCredential(header: string | undefined): { scheme: 'bearer'; token: string } | { scheme: 'basic'; user: string; password: string } | null {
  if (typeof header !== 'string') return null;
  const space = header.indexOf(' ');
  if (space < 0) return null;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (value === '') return null;
  if (scheme === 'bearer') return { scheme: 'bearer', token: value };
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? null : { scheme: 'basic', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return null;
}

export class AdminAuthority {
  private readonly bootstrapDigest: Buffer;

  constructor(bootstrapToken: string) {
    if (bootstrapToken.length < 16) throw new Error('the admin token must be at least 16 characters');
    this.bootstrapDigest = digest(bootstrapToken);
  }

  /** The administrator an Authorization header proves, or null. */
  authenticate(header: string | undefined): AdminPrincipal | null {
    const presented = presentedCredential(header);
    if (!presented) return null;
    const secret = presented.scheme === 'bearer' ? presented.token : presented.password;
    if (timingSafeEqual(digest(secret), this.bootstrapDigest)) return { kind: 'admin', adminId: 'bootstrap', scopes: ADMIN_SCOPES };
    return null;
  }
}
