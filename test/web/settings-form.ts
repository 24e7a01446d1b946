/** Every field of the settings form as the page renders it (inputs, checked boxes, selected options). */
export function formOf(page: string): Record<string, string[]> {
  const html =
    /<form method="post" action="[^"]*\/settings" id="settings-form"[\s\S]*?<\/form>/.exec(page)?.[0] ?? '';
  const form: Record<string, string[]> = {};
  const add = (name: string, value: string) => (form[name] ??= []).push(value);
  for (const m of html.matchAll(/<input ([^>]*)>/g)) {
    const attrs = m[1]!;
    const name = /name="([^"]+)"/.exec(attrs)?.[1];
    const value = /value="([^"]*)"/.exec(attrs)?.[1] ?? '';
    const type = /type="([^"]+)"/.exec(attrs)?.[1] ?? 'text';
    if (!name || name === 'q') continue;
    if ((type === 'checkbox' || type === 'radio') && !/\bchecked\b/.test(attrs)) continue;
    add(name, value.replaceAll('&amp;', '&'));
  }
  for (const m of html.matchAll(/<select name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    const selected = /<option value="([^"]*)" selected>/.exec(m[2]!);
    if (selected) add(m[1]!, selected[1]!);
  }
  return form;
}

/** Posts a multi-valued form (repeated keys, as a browser sends checkboxes) with the browser's session cookie. */
export function postForm(
  baseUrl: string,
  sessionCookie: string,
  path: string,
  form: Record<string, string[]>,
) {
  const body = new URLSearchParams();
  for (const [k, vs] of Object.entries(form)) for (const v of vs) body.append(k, v);
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: `dunwise.sid=${sessionCookie}`,
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'text/html',
    },
    body: body.toString(),
  });
}
