// The API client of Scribe's frontend: every call goes to PUBLIC_API_URL, the environment's API (Vercel sets it per
// environment from the description's `vercel.env`).

/** The URL of an API path, on the API the deployment was built for. */
export function apiUrl(path, env = process.env) {
  const base = env.PUBLIC_API_URL;
  if (!base) throw new Error('PUBLIC_API_URL is not set');
  return new URL(path.replace(/^\/+/, ''), base.endsWith('/') ? base : `${base}/`).toString();
}
