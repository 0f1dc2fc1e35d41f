"""Page-weight budget: sum what a page load transferred, by kind of resource.

The live test server does not compress, so the compressed size of a text
resource (HTML, CSS, JS) is computed here: gzip at level 9, as WhiteNoise
pre-compresses static files in production (brotli, also served there, is
smaller still, so gzip is the conservative measure). A response that already
arrived compressed (Content-Encoding set) is counted with the compressed
length it declared. Images are counted but left out of the totals the budget
limits. Fonts have a budget of their own: the one self-hosted face (Source Sans
3, Latin subset, 28.2 KB of WOFF2, already compressed) with a little room, so a
second face, a wider subset or a font fetched twice (a preload whose URL or
CORS mode differs from the @font-face) fails.
"""

import gzip
from dataclasses import dataclass, field
from urllib.parse import urlsplit

KB = 1024
BUDGET = {"text": 60 * KB, "css": 20 * KB, "js": 15 * KB, "font": 32 * KB}

KINDS = {"document": "html", "stylesheet": "css", "script": "js", "image": "image", "font": "font"}


@dataclass
class Resource:
    url: str
    resource_type: str  # Playwright's request.resource_type
    body: bytes  # decoded body
    content_encoding: str = ""
    encoded_length: int | None = None  # Content-Length of an encoded response


@dataclass
class Weight:
    by_kind: dict = field(default_factory=dict)
    foreign: list = field(default_factory=list)

    @property
    def text(self):
        return sum(self.by_kind.get(kind, 0) for kind in ("html", "css", "js"))

    def over_budget(self, budget=BUDGET):
        """Human-readable budget breaches; empty when the page fits."""
        problems = []
        if self.text > budget["text"]:
            problems.append(f"HTML+CSS+JS {self.text} B > {budget['text']} B")
        for kind in ("css", "js", "font"):
            if self.by_kind.get(kind, 0) > budget[kind]:
                problems.append(f"{kind.upper()} {self.by_kind[kind]} B > {budget[kind]} B")
        problems += [f"request to another host: {url}" for url in self.foreign]
        return problems


def transferred_size(resource):
    if resource.content_encoding and resource.encoded_length is not None:
        return resource.encoded_length
    if KINDS.get(resource.resource_type) in ("html", "css", "js"):
        return len(gzip.compress(resource.body, compresslevel=9))
    return len(resource.body)


def page_weight(resources, origin):
    """Sum `resources` by kind; list every URL outside `origin` (scheme://host:port)."""
    weight = Weight()
    own = urlsplit(origin)
    for resource in resources:
        parts = urlsplit(resource.url)
        if parts.scheme in ("data", "blob"):
            continue
        if (parts.scheme, parts.netloc) != (own.scheme, own.netloc):
            weight.foreign.append(resource.url)
            continue
        kind = KINDS.get(resource.resource_type, "other")
        weight.by_kind[kind] = weight.by_kind.get(kind, 0) + transferred_size(resource)
    return weight


class Recorder:
    """Collects the requests a Playwright page made, with the browser cache off
    (each page is weighed as a first visit, not after earlier pages cached the CSS)."""

    def __init__(self, page):
        self.requests = []
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        page.on("requestfinished", lambda request: self.requests.append(request))

    def reset(self):
        self.requests = []

    def resources(self):
        """Read the bodies once the page settled (not inside the event handler)."""
        found = []
        for request in self.requests:
            response = request.response()
            try:
                body = response.body() if response else b""
            except Exception:  # a redirect has no body
                body = b""
            headers = response.headers if response else {}
            length = headers.get("content-length", "")
            found.append(
                Resource(
                    url=request.url,
                    resource_type=request.resource_type,
                    body=body,
                    content_encoding=headers.get("content-encoding", ""),
                    encoded_length=int(length) if length.isdigit() else None,
                )
            )
        return found
