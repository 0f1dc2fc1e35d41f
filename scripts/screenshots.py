"""Screenshots of the demo site at phone and desktop widths, as served in production.

Starts gunicorn with production settings on loopback (a PostgreSQL and a
Redis database of its own, filled with the demo content: scripts/servers.py),
then Debian's Chromium (Playwright) takes a full-page screenshot of the home,
article, blog index, location and consultation pages at 390 px and 1280 px,
after scrolling through each page so that lazy images have loaded.

    make screenshots                  # PNGs in screenshots/ (not committed)
    make screenshots SHOTS_ARGS="--serve"   # then keep serving, for Lighthouse

With --serve the server stays up until Ctrl-C, at the address printed, so
that Lighthouse (npx lighthouse, CHROME_PATH=/usr/bin/chromium) can measure
the same production pages.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
import servers  # noqa: E402

DB_NAME = "check_screenshots"
REDIS_DB = 13
PORT = 18760
WIDTHS = {390: 844, 1280: 800}
PAGES = {
    "home": "/",
    "article": "/blog/how-does-ketamine-help-depression/",
    "blog-index": "/blog/",
    "location": "/locations/hood-river/",
    "consultation": "/request-a-consultation/",
    # The Spanish site, equal to the English one.
    "es-home": "/es/",
    "es-article": "/es/blog/como-ayuda-la-ketamina-con-la-depresion/",
    "es-location": "/es/clinicas/portland/",
    "es-consultation": "/es/solicitar-una-consulta/",
    # Online booking.
    "book": "/book/",
    "es-book": "/es/reservar/",
    # What care costs, and the Good Faith Estimate notice.
    "costs": "/costs/",
    "es-costs": "/es/costos/",
    "good-faith-estimate": "/good-faith-estimate/",
    "es-good-faith-estimate": "/es/presupuesto-de-buena-fe/",
    # The other page types: a standard page, a notice, the clinic list, the
    # blog index, a profile, search results.
    "about": "/about/",
    "es-about": "/es/quienes-somos/",
    "notice": "/notice-of-privacy-practices/",
    "es-notice": "/es/aviso-de-practicas-de-privacidad/",
    "locations": "/locations/",
    "es-locations": "/es/clinicas/",
    "es-blog-index": "/es/blog/",
    "profile": "/blog/people/avery-lindqvist/",
    "es-profile": "/es/blog/personas/avery-lindqvist/",
    "search": "/search/?q=ketamine",
    "es-search": "/es/search/?q=ketamina",
}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Scroll to the bottom in steps (lazy images load), then back to the top.
SCROLL_THROUGH = """async () => {
    for (let y = 0; y < document.body.scrollHeight; y += 400) {
        scrollTo(0, y);
        await new Promise((resolve) => setTimeout(resolve, 60));
    }
    scrollTo(0, 0);
}"""


def take(base, out):
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox"]
        )
        for width, height in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            for name, path in PAGES.items():
                page.goto(base + path, wait_until="networkidle")
                page.evaluate(SCROLL_THROUGH)
                page.wait_for_load_state("networkidle")
                target = out / f"{name}-{width}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            context.close()
        browser.close()
    return written


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="screenshots", help="directory for the PNGs")
    parser.add_argument("--serve", action="store_true", help="keep serving afterwards")
    args = parser.parse_args()
    print("Preparing a production-settings server with the demo content...", flush=True)
    env, workdir = servers.prepare(DB_NAME, REDIS_DB)
    server = servers.Server(env, PORT, workdir)
    base = f"http://127.0.0.1:{PORT}"
    try:
        for path in take(base, Path(args.out)):
            print(path)
        if args.serve:
            print(f"Serving {base}/ (production settings) until Ctrl-C.", flush=True)
            while True:
                time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        servers.cleanup(workdir, DB_NAME)


if __name__ == "__main__":
    main()
