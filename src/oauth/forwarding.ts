// oidc-provider builds every URL it prints from the request (Koa's ctx.href). Setting the forwarded
// headers from PUBLIC_URL on every request it sees, and trusting them (provider.proxy = true), makes
// those URLs always match the issuer, whatever Host or X-Forwarded-* a client or proxy sent.
// X-Forwarded-For becomes the one client IP fastify resolved (request.ip, which believes the header
// only from a TRUST_PROXY peer), so Koa's ctx.ip agrees with fastify and a client never picks it.
import type { IncomingMessage, ServerResponse } from 'node:http';

export function pinToPublicUrl(
  publicUrl: string,
): (req: IncomingMessage, res: ServerResponse, clientIp: string) => void {
  const url = new URL(publicUrl);
  const proto = url.protocol.slice(0, -1);
  const hsts = url.protocol === 'https:';
  return (req, res, clientIp) => {
    req.headers['x-forwarded-proto'] = proto;
    req.headers['x-forwarded-host'] = url.host;
    req.headers['x-forwarded-for'] = clientIp;
    delete req.headers['x-forwarded-port'];
    if (hsts) res.setHeader('strict-transport-security', 'max-age=31536000');
  };
}
