import { test, expect } from '@playwright/test';

const CHAPTERS = ['init-containers', 'pause-container', 'ephemeral-containers', 'downward-api', 'probes', 'jobs', 'autoscaling'];
for (const path of ['/', '/zh-cn/', ...CHAPTERS.flatMap((c) => [`/${c}/`, `/zh-cn/${c}/`])]) {
  test(`page renders without errors: ${path}`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(path);
    await expect(page.locator('h1').first()).toBeVisible();
    if (path.includes('/init-containers/')) {
      // Readers without JS still see the checklist; the lab itself waits until scrolled to.
      await expect(page.locator('podlab-lab[data-lab="init-containers/wait-for-services"] li[data-task]')).toHaveCount(5);
      await expect(page.locator('podlab-lab[data-lab="init-containers/sysctl"] li[data-task]')).toHaveCount(3);
      await expect(page.locator('podlab-lab .xterm')).toHaveCount(0);
    }
    if (path !== '/' && path !== '/zh-cn/') {
      // Every chapter embeds at least one lab, rendered with its checklist before any script runs.
      expect(await page.locator('podlab-lab li[data-task]').count()).toBeGreaterThan(0);
    }
    const name = path.replace(/\//g, '_') || 'root';
    await page.screenshot({ path: `test-results/page${name}.png` });
    expect(errors).toEqual([]);
  });
}
