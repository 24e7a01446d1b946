import type { Server } from 'node:http';
import type express from 'express';

/** A tiny browser for route tests: keeps cookies, reads CSRF tokens from forms, never follows redirects. */
export class TestBrowser {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(path: string): Promise<{ status: number; text: string; location: string | null }> {
    return this.request('GET', path);
  }

  /** Posts a form; `_csrf` is taken from the page at `formPage` unless given. */
  async post(path: string, form: Record<string, string>, options: { csrfFrom?: string } = {}) {
    const body = new URLSearchParams(form);
    if (options.csrfFrom && !form['_csrf']) {
      const page = await this.get(options.csrfFrom);
      const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
      if (!token) throw new Error(`no CSRF token on ${options.csrfFrom}`);
      body.set('_csrf', token);
    }
    return this.request('POST', path, body);
  }

  private async request(method: string, path: string, body?: URLSearchParams) {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        accept: 'text/html',
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body: body.toString() } : {}),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name) this.cookies.set(name.trim(), value.join('='));
    }
    return {
      status: response.status,
      text: await response.text(),
      location: response.headers.get('location'),
    };
  }
}

export async function listen(app: express.Express): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
