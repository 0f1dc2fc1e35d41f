"""Content images: responsive <picture> elements that cause no layout shift.

Server-rendered HTML is enough here (no browser needed): every image in the
page's main content comes in AVIF and WebP with a JPEG/PNG fallback, in several
widths with `sizes`, with its width and height; images are lazy-loaded unless
they are the page's hero, which is fetched first.
"""

import re

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/about/",
    "/blog/",
    "/blog/topic/depression/",
    "/blog/how-does-ketamine-help-depression/",
    "/blog/what-are-the-long-term-effects-of-depression/",
    "/locations/",
    "/locations/portland/",
    "/locations/hood-river/",
]


def image_problems(img):
    problems = []
    picture = img.parent
    if picture.name != "picture":
        return ["not in a <picture>"]
    types = {source.get("type") for source in picture.find_all("source")}
    if not {"image/avif", "image/webp"} <= types:
        problems.append(f"sources {sorted(t for t in types if t)}")
    for source in [*picture.find_all("source"), img]:
        widths = re.findall(r"\s(\d+)w(?:,|$)", source.get("srcset", ""))
        if len(widths) < 2 or not source.get("sizes"):
            problems.append(f"srcset/sizes missing on {source.name}")
    if not re.search(r"\.(jpe?g|png)$", img.get("src", "")):
        problems.append(f"fallback {img.get('src')}")
    if not (img.get("width", "").isdigit() and img.get("height", "").isdigit()):
        problems.append("no width/height")
    if img.get("fetchpriority") == "high":
        if img.get("loading") == "lazy":
            problems.append("hero image lazy")
    elif img.get("loading") != "lazy":
        problems.append("not lazy")
    return problems


def test_every_content_image_is_a_responsive_picture(client, demo_site):
    problems, count = {}, 0
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        main = BeautifulSoup(response.content, "html.parser").find("main")
        for img in main.find_all("img"):
            count += 1
            if found := image_problems(img):
                problems[f"{url} {img.get('src')}"] = found
    assert count >= 8  # the demo content's heroes, cards, people and body images
    assert problems == {}


def test_the_article_hero_is_fetched_first_and_body_images_later(client, demo_site):
    response = client.get("/blog/how-does-ketamine-help-depression/")
    soup = BeautifulSoup(response.content, "html.parser")
    hero = soup.select_one(".article__hero img")
    assert hero["fetchpriority"] == "high"
    assert hero.get("loading") != "lazy"
    others = [img for img in soup.find("main").find_all("img") if img is not hero]
    assert others and all(img["loading"] == "lazy" for img in others)
