/** One line telling an operator why PostgreSQL or Redis could not be reached, and what to do. */
export function describeUnreachable(service: 'PostgreSQL' | 'Redis', url: string, error: unknown): string {
  const safeUrl = redactUrl(url);
  const code = (error as { code?: string })?.code;
  const reason =
    code === 'ECONNREFUSED'
      ? 'connection refused'
      : code === 'ENOTFOUND'
        ? 'host not found'
        : code === '28P01' || code === '28000'
          ? 'authentication failed'
          : code === '3D000'
            ? 'database does not exist'
            : (error as Error)?.message?.split('\n')[0] ?? String(error);
  const fix =
    code === '3D000'
      ? 'run npm run migration:run (it creates the database)'
      : service === 'PostgreSQL'
      ? 'start PostgreSQL (Debian: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or set DATABASE_URL'
      : 'start Redis (redis-server --daemonize yes --port 6379) or set REDIS_URL';
  return `Cannot reach ${service} at ${safeUrl}: ${reason}. Fix: ${fix}.`;
}

/** Hides the password of a connection URL. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
