// Where to send a user after sign-in. Only a same-origin relative path is accepted, so a crafted
// link to /signin?next=... can never bounce the user to another site (no open redirect).
const DEFAULT_PATH = '/dashboard';

export function safeReturnPath(candidate: unknown, fallback = DEFAULT_PATH): string {
  if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 512) return fallback;
  // One leading slash, then not a second slash or backslash (//evil.example, /\evil.example).
  if (!/^\/(?![/\\])/.test(candidate)) return fallback;
  // Control characters and backslashes are stripped or reinterpreted by browsers: refuse them.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback;
  const base = 'http://return-path.invalid';
  let url: URL;
  try {
    url = new URL(candidate, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  // Dot segments collapse on parsing ('/.//evil.example' becomes '//evil.example'): the path we
  // return must itself not read as another host.
  if (url.pathname.startsWith('//')) return fallback;
  // Never back to the sign-in or sign-up pages themselves.
  if (url.pathname === '/signin' || url.pathname === '/signup') return fallback;
  return url.pathname + url.search;
}
