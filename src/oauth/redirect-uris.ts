// Which redirect URIs a client may register. Alexa's are https on Amazon's three hosts; http is
// allowed only on the loopback interface so the local simulator can link without TLS.

export class ClientInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClientInputError';
  }
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Returns the URI unchanged when it may be registered; throws ClientInputError saying why not. */
export function validateRedirectUri(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ClientInputError(`redirect URI ${JSON.stringify(input)} is not an absolute URL`);
  }
  if (url.hash) throw new ClientInputError(`redirect URI ${input} must not contain a #fragment`);
  if (url.username || url.password)
    throw new ClientInputError(`redirect URI ${input} must not contain credentials`);
  if (url.protocol === 'https:') return input;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return input;
  throw new ClientInputError(
    `redirect URI ${input} is refused: only https:// URIs can be registered (Alexa's are https://pitangui.amazon.com/..., https://layla.amazon.com/... and https://alexa.amazon.co.jp/...); http:// is allowed only for 127.0.0.1 or localhost, for the local simulator`,
  );
}
