import { test, expect, type Page } from '@playwright/test';

const LAB = 'podlab-lab[data-lab="autoscaling/web-autoscale"]';

async function typeLine(page: Page, line: string) {
  await page.locator(`${LAB} .xterm-helper-textarea`).focus();
  await page.keyboard.type(line, { delay: 2 });
  await page.keyboard.press('Enter');
}

async function screen(page: Page): Promise<string> {
  return (await page.locator(`${LAB} .xterm-rows`).innerText()).replace(/\u00a0/g, ' ');
}

/** Re-run a command until its output (the screen) matches, as a learner keeps checking. */
async function until(page: Page, line: string, re: RegExp, timeout = 40_000) {
  await expect
    .poll(
      async () => {
        await typeLine(page, 'clear');
        await typeLine(page, line);
        // xterm paints on the next frame: give the output a moment before reading it.
        await page.waitForTimeout(400);
        return screen(page);
      },
      { timeout, intervals: [1500] },
    )
    .toMatch(re);
}

// The brief's promise: at ×60 the HPA's five-minute scale-down shows up in seconds.
test('HPA lab: scale 1 → 10 under load and back to 1 after the stabilization window, at ×60', async ({ page }) => {
  await page.goto('/autoscaling/');
  const lab = page.locator(LAB);
  await lab.scrollIntoViewIfNeeded();
  await expect(lab.locator('.xterm-rows')).toContainText('$', { timeout: 30_000 });
  await lab.locator('[data-speed="60"]').click();
  await typeLine(page, 'kubectl apply -f nginx.yaml');
  await until(page, 'kubectl get deploy nginx-server', /nginx-server\s+1\/1/);
  await typeLine(page, 'kubectl autoscale deployment nginx-server --cpu-percent=10 --min=1 --max=10');
  await until(page, 'kubectl get hpa', /cpu: \d+%\/10%/);
  await typeLine(page, 'kubectl run load --image=busybox:1.28 --restart=Never -- /bin/sh -c "while true; do wget -q -O- http://nginx-server > /dev/null; done"');
  await until(page, 'kubectl get deploy nginx-server', /nginx-server\s+10\/10/);
  await expect(lab.locator('li[data-task="scale-up"]')).toHaveClass(/done/);
  await typeLine(page, 'kubectl delete pod load --now');
  await until(page, 'kubectl get deploy nginx-server', /nginx-server\s+1\/1\s/, 60_000);
  await expect(lab.locator('li[data-task="scale-down"]')).toHaveClass(/done/);
  await until(page, 'kubectl get hpa nginx-server', /nginx-server\s+Deployment\/nginx-server\s+cpu: 0%\/10%\s+1\s+10\s+1\s/);
  await lab.evaluate((el) => window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 72));
  await page.screenshot({ path: 'test-results/autoscaling-lab.png' });
});
