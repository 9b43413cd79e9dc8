// The app shell in Chromium: sub-path loading, hash routes, keyboard navigation, capability probe, CSP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, screenshot, type Site } from './harness';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe('app shell', () => {
  it('loads under the GitHub Pages sub-path with its assets and CSP', async () => {
    const { page, errors } = await site.newPage('#/setup');
    expect(site.url).toMatch(/\/agentic-misalignment-lab\/$/);
    await expect.poll(() => page.locator('h1#setup-title').textContent()).toBe('Setup');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain('https://api.anthropic.com');
    expect(csp).not.toContain("'unsafe-eval'");
    const icon = await page.locator('link[rel=icon]').getAttribute('href');
    expect(icon).toBe('/agentic-misalignment-lab/favicon.svg');
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each([
    ['#/setup', 'setup', 'Setup'],
    ['#/scenarios', 'scenarios', 'Scenarios'],
    ['#/experiment', 'experiment', 'Experiment'],
    ['#/results', 'results', 'Results'],
    ['#/compare', 'compare', 'Compare sources'],
    ['#/data', 'data', 'Data'],
    ['#/nowhere', 'setup', 'Setup'],
  ])('routes %s to the %s view', async (hash, route, heading) => {
    const { page, errors } = await site.newPage(hash);
    await expect.poll(() => page.locator('main').getAttribute('data-route')).toBe(route);
    await expect.poll(() => page.locator('main h1').first().textContent()).toContain(heading);
    await screenshot(page, `view-${hash.slice(2)}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('loads a view on demand and the others once idle; a view that cannot load says so and what to do', async () => {
    const context = await site.browser.newContext();
    let block = true;
    const asked: string[] = [];
    await context.route(/\/assets\/[A-Za-z]+View-[\w-]+\.js$/, (r) => {
      const name = /([A-Za-z]+View)-/.exec(r.request().url())![1];
      asked.push(name);
      return block && name === 'DataView' ? r.abort() : r.continue();
    });
    const { page, errors } = await site.newPage('#/data', { context });
    const alert = page.getByRole('alert').filter({ hasText: 'could not be loaded' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('reload the page');
    // the other views came in the background meanwhile; the one that failed was not asked for again
    await expect.poll(() => new Set(asked).size, { timeout: 15_000 }).toBe(8);
    expect(asked.filter((n) => n === 'DataView')).toHaveLength(1);
    block = false;
    await alert.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => page.locator('main h1').first().textContent()).toContain('Data');
    expect(await alert.count()).toBe(0);
    // the reloaded page asks for its view and then the seven others once more
    await expect.poll(() => asked.length, { timeout: 15_000 }).toBe(16);
    // a preloaded view shows at once: no chunk is asked for when navigating to it
    const before = asked.length;
    await page.evaluate(() => (location.hash = '#/compare'));
    await expect.poll(() => page.locator('main h1').first().textContent()).toContain('Compare sources');
    expect(asked.length).toBe(before);
    // the aborted chunk is the only failure the browser reports
    expect(errors.filter((e) => !/net::ERR_FAILED|DataView|dynamically imported module/.test(e))).toEqual([]);
    await context.close();
  });

  it('follows the system colour scheme', async () => {
    const bg = async (colorScheme: 'light' | 'dark') => {
      const context = await site.browser.newContext({ colorScheme });
      const { page } = await site.newPage('#/setup', { context });
      await page.locator('h1#setup-title').waitFor();
      const color = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      if (colorScheme === 'dark') await screenshot(page, 'setup-dark');
      await context.close();
      return color;
    };
    expect(await bg('light')).toBe('rgb(247, 247, 249)');
    expect(await bg('dark')).toBe('rgb(18, 18, 24)');
  });

  it('navigates by keyboard and marks the current page', async () => {
    const { page } = await site.newPage('#/setup');
    await page.keyboard.press('Tab'); // skip link
    expect(await page.evaluate(() => document.activeElement?.className)).toContain('skip');
    await page.keyboard.press('Tab'); // brand
    await page.keyboard.press('Tab'); // Setup
    await page.keyboard.press('Tab'); // Scenarios
    await page.keyboard.press('Tab'); // Experiment
    await page.keyboard.press('Tab'); // Results
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Results');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('main').getAttribute('data-route')).toBe('results');
    expect(await page.locator('nav[aria-label=Main] a[aria-current=page]').textContent()).toBe('Results');
    expect(await page.locator('[aria-current=page]').count()).toBe(1); // one current page, whatever sub-navigation the view has
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.close();
  });

  it('probes WebGPU (SwiftShader fallback adapter) and storage', async () => {
    const { page, errors } = await site.newPage('#/setup');
    const gpu = page.getByTestId('webgpu-status');
    await expect.poll(() => gpu.getAttribute('data-available'), { timeout: 15_000 }).toBe('true');
    expect(await gpu.textContent()).toContain('software fallback adapter');
    expect(await page.getByTestId('fallback-adapter').textContent()).toBe('yes');
    expect(await page.getByTestId('shader-f16').textContent()).toContain('q4f32');
    expect(await page.getByTestId('storage-status').textContent()).toContain('used of');
    expect(await page.getByTestId('persistence-status').isVisible()).toBe(true);
    await screenshot(page, 'setup-capabilities');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('is readable on a phone-sized screen', async () => {
    const context = await site.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const { page } = await site.newPage('#/setup', { context });
    await page.locator('h1#setup-title').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'setup-phone');
    await context.close();
  });
});
