"""The strict Content-Security-Policy breaks nothing in Chromium.

JSON data blocks (json_script) and JSON-LD are not script execution: CSP lets
them through. Every script and style is a file from this site.
"""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def test_public_pages_run_under_the_strict_policy_without_violations(
    browser, live_server, live_site
):
    from blog.models import ArticlePage
    from forms_app.models import ConsultationPage
    from locations.models import LocationPage

    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(RECORD_VIOLATIONS)
    messages = []
    page = context.new_page()
    page.on("console", lambda m: messages.append(m.text))
    try:
        for model in (None, ArticlePage, LocationPage, ConsultationPage):
            url = "/" if model is None else model.objects.live().first().url
            response = page.goto(url)
            assert response.status == 200, url
            assert "default-src 'self'" in response.headers["content-security-policy"]
            page.wait_for_load_state("load")
            assert page.evaluate("window.__csp") == [], url
            # The site's own script ran (it marks <html> as having JS).
            assert "no-js" not in (page.locator("html").get_attribute("class") or ""), url
        assert not [m for m in messages if "Content Security Policy" in m]
    finally:
        context.close()
