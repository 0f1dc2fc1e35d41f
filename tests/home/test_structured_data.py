import json
import re

from core.structured_data import breadcrumb_list, json_ld_script


def test_json_ld_script_escapes_script_end_and_stays_valid_json():
    html = json_ld_script({"headline": 'Evil </script><script>alert("x")</script> & co'})
    assert html.count("</script>") == 1
    assert html.startswith('<script type="application/ld+json">')
    payload = re.search(r">(.*)</script>$", html, re.S).group(1)
    assert json.loads(payload)["headline"] == 'Evil </script><script>alert("x")</script> & co'


def test_breadcrumb_list_positions():
    data = breadcrumb_list([("Home", "https://x.test/"), ("Blog", "https://x.test/blog/")])
    assert [i["position"] for i in data["itemListElement"]] == [1, 2]
    assert data["itemListElement"][1]["item"] == "https://x.test/blog/"
