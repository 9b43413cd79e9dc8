// Loading the original's classifiers from a URL: a folder (GitHub-style or plain) or a .zip, served by a local http server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifierFilesFromUrl, readOriginalPrompts } from '../../../src/lib/core/classify/original-prompts';
import { filesFromZip, normaliseTemplatesUrl } from '../../../src/lib/scenarios/import-sources';

const dir = new URL('../../fixtures/original-classifiers/classifiers/', import.meta.url);
const files: Record<string, string> = {};
for (const name of readdirSync(dir)) files[name] = readFileSync(new URL(name, dir), 'utf8');
const expected = readOriginalPrompts(
  Object.fromEntries(Object.entries(files).map(([n, t]) => [`classifiers/${n}`, t])),
  'folder',
);
const zip = zipSync(
  Object.fromEntries(Object.entries(files).map(([n, t]) => [`harness-main/classifiers/${n}`, strToU8(t)])),
);

let server: Server;
let base = '';
/** paths requested, in order */
const requested: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requested.push(path);
    const py = /^\/copy\/classifiers\/([a-z_]+\.py)$/.exec(path);
    if (py && files[py[1]] !== undefined) {
      res.writeHead(200, { 'content-type': 'text/x-python; charset=utf-8' });
      res.end(files[py[1]]);
    } else if (path === '/copy/harness.zip') {
      res.writeHead(200, { 'content-type': 'application/zip' });
      res.end(Buffer.from(zip));
    } else if (path.startsWith('/partial/classifiers/') && path.endsWith('blackmail_classifier.py')) {
      res.writeHead(200);
      res.end(files['blackmail_classifier.py']);
    } else {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const load = (url: string) => classifierFilesFromUrl(url, normaliseTemplatesUrl, filesFromZip);

describe('classifierFilesFromUrl', () => {
  it.each([
    ['a folder URL with a trailing slash', '/copy/classifiers/'],
    ['a folder URL without one', '/copy/classifiers'],
  ])('fetches the three files below %s', async (_name, path) => {
    requested.length = 0;
    const got = await load(`${base}${path}`);
    expect(Object.keys(got).sort()).toEqual([
      'classifiers/blackmail_classifier.py',
      'classifiers/leak_classifier.py',
      'classifiers/murder_classifier.py',
    ]);
    expect(requested.sort()).toEqual([
      '/copy/classifiers/blackmail_classifier.py',
      '/copy/classifiers/leak_classifier.py',
      '/copy/classifiers/murder_classifier.py',
    ]);
    const prompts = readOriginalPrompts(got, 'url');
    expect(prompts.hash).toBe(expected.hash);
    expect(prompts.blackmail).toEqual(expected.blackmail);
  });

  it('reads a .zip of the copy', async () => {
    const got = await load(`${base}/copy/harness.zip`);
    expect(got['harness-main/classifiers/leak_classifier.py']).toBe(files['leak_classifier.py']);
    expect(readOriginalPrompts(got, 'zip').hash).toBe(expected.hash);
  });

  it('says which file answered an error and what to check', async () => {
    await expect(load(`${base}/partial/classifiers/`)).rejects.toThrow(
      `${base}/partial/classifiers/leak_classifier.py answered 404. Check the URL points at the classifiers folder.`,
    );
    await expect(load(`${base}/missing.zip`)).rejects.toThrow(/missing\.zip answered 404/);
  });

  it('turns a GitHub folder page into its raw file URLs (the fetch is the boundary here)', async () => {
    const asked: string[] = [];
    const fetchStub = (async (url: string) => {
      asked.push(url);
      return new Response('X_CLASSIFICATION = 1');
    }) as unknown as typeof fetch;
    await classifierFilesFromUrl(
      'https://github.com/o/harness/tree/main/classifiers',
      normaliseTemplatesUrl,
      filesFromZip,
      fetchStub,
    );
    expect(asked.sort()).toEqual([
      'https://raw.githubusercontent.com/o/harness/main/classifiers/blackmail_classifier.py',
      'https://raw.githubusercontent.com/o/harness/main/classifiers/leak_classifier.py',
      'https://raw.githubusercontent.com/o/harness/main/classifiers/murder_classifier.py',
    ]);
  });
});
