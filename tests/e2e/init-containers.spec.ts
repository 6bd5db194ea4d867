import { test, expect, type Page } from '@playwright/test';

const LAB = 'podlab-lab[data-lab="init-containers/wait-for-services"]';

/** Type into the lab terminal the way a person does (xterm listens on its hidden textarea). */
async function typeLine(page: Page, line: string) {
  const ta = page.locator(`${LAB} .xterm-helper-textarea`);
  await ta.focus();
  await page.keyboard.type(line, { delay: 5 });
  await page.keyboard.press('Enter');
}

/** The terminal's visible text, read from xterm's accessibility-free DOM rows. */
async function screen(page: Page): Promise<string> {
  return (await page.locator(`${LAB} .xterm-rows`).innerText()).replace(/\u00a0/g, ' ');
}

for (const locale of ['en', 'zh-cn'] as const) {
  test(`init containers lab runs to the end (${locale})`, async ({ page }) => {
    const path = locale === 'en' ? '/init-containers/' : '/zh-cn/init-containers/';
    await page.goto(path);
    const lab = page.locator(LAB);
    await lab.scrollIntoViewIfNeeded();
    await expect(lab.locator('.xterm-rows')).toContainText('$', { timeout: 30_000 });

    // Speed cluster time up so the walkthrough takes seconds.
    await lab.locator('[data-speed="10"]').click();
    await typeLine(page, 'kubectl apply -f pod.yaml');
    await expect.poll(() => screen(page)).toContain('pod/myapp-pod created');
    await expect
      .poll(async () => {
        await typeLine(page, 'kubectl get pods');
        return screen(page);
      }, { timeout: 30_000, intervals: [1500] })
      .toContain('Init:0/2');

    // Edit the YAML panel: keep only redis-service in services.yaml, then apply it.
    await lab.locator('[role="tab"]', { hasText: 'services.yaml' }).click();
    const editor = lab.locator('.monaco-editor').first();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    // Paste, as a learner would (typing would be re-indented by the editor).
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate((t) => navigator.clipboard.writeText(t), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: redis-service\nspec:\n  ports:\n  - port: 6379\n');
    await page.keyboard.press('Control+V');
    await typeLine(page, 'kubectl apply -f services.yaml');
    await expect.poll(() => screen(page)).toContain('service/redis-service created');
    await expect
      .poll(async () => {
        await typeLine(page, 'kubectl get pods');
        return screen(page);
      }, { timeout: 30_000, intervals: [1500] })
      .toContain('Init:1/2');

    await typeLine(page, 'kubectl create service clusterip mysql-server --tcp=3306:3306');
    await expect
      .poll(async () => {
        await typeLine(page, 'kubectl get pods');
        return screen(page);
      }, { timeout: 40_000, intervals: [1500] })
      .toMatch(/myapp-pod\s+1\/1\s+Running/);
    await expect(lab.locator('li[data-task="running"]')).toHaveClass(/done/);
    // Whole lab below Starlight's sticky header.
    await lab.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 72));
    await page.screenshot({ path: `test-results/init-containers-${locale}.png` });
    // Dark mode follows Starlight's theme switch (data-theme on <html>).
    await page.locator('starlight-theme-select select').first().selectOption('dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.waitForTimeout(300);
    await page.screenshot({ path: `test-results/init-containers-${locale}-dark.png` });
  });
}
