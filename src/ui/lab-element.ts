/**
 * <podlab-lab>: the only script a chapter loads up front. It waits until the lab scrolls into view,
 * then imports the runtime (cluster model, terminal, editor) as separate chunks.
 */
class PodlabLab extends HTMLElement {
  private started = false;

  connectedCallback(): void {
    if (this.started) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          io.disconnect();
          this.start();
        }
      },
      { rootMargin: '200px' },
    );
    io.observe(this);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    import('./lab-runtime')
      .then((m) => m.bootLab(this))
      .catch((e) => {
        console.error(e);
        const p = this.querySelector('.podlab-loading');
        if (p) p.textContent = `The lab could not start: ${(e as Error).message}`;
      });
  }
}

if (!customElements.get('podlab-lab')) customElements.define('podlab-lab', PodlabLab);
