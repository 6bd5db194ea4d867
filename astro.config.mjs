// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import mdx from '@astrojs/mdx';
import { fileURLToPath } from 'node:url';
import { EDITOR_OPTIMIZE_DEPS } from './src/ui/editor/optimize-deps.mjs';

const src = fileURLToPath(new URL('./src', import.meta.url));
const labs = fileURLToPath(new URL('./labs', import.meta.url));

export default defineConfig({
  // Starlight hard-codes `${srcDir}/content/docs`; with srcDir '.' chapters live in content/docs.
  srcDir: '.',
  site: 'https://podlab.dev',
  integrations: [
    starlight({
      title: 'podlab',
      description: 'An interactive Kubernetes workbook that runs entirely in your browser.',
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        'zh-cn': { label: '简体中文', lang: 'zh-CN' },
      },
      sidebar: [
        { label: 'Start here', translations: { 'zh-CN': '从这里开始' }, items: [{ slug: 'index' }] },
        {
          label: 'Pods',
          translations: { 'zh-CN': 'Pod' },
          items: [{ slug: 'init-containers' }, { slug: 'pause-container' }, { slug: 'ephemeral-containers' }, { slug: 'downward-api' }, { slug: 'probes' }],
        },
        {
          label: 'Controllers',
          translations: { 'zh-CN': '控制器' },
          items: [{ slug: 'jobs' }, { slug: 'autoscaling' }],
        },
      ],
      customCss: ['./src/styles/site.css'],
      components: {},
    }),
    mdx(),
  ],
  vite: {
    resolve: { alias: { '~': src, '@labs': labs } },
    worker: { format: 'es' },
    // Vite does not scan `?worker` modules: pre-bundle Monaco's and the yaml worker's deps for dev.
    optimizeDeps: { include: [...EDITOR_OPTIMIZE_DEPS] },
  },
});
