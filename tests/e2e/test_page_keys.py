"""The page as deployed with keys (no --no-auth), in headless Chromium against the real server.

Enter a key -> that key's creators -> check a caption -> insights -> upload, at desktop and
phone widths (nothing wider than the phone at 360-414 px), and the API docs with every
request off this machine refused.
"""

from __future__ import annotations

import pytest

from bench.local_server import running_server
from tests.helpers import assert_charts_match_insights

KEY = "page-key-demo"
KEYS = f"{KEY}:demo-kitchen;other-key:someone-else;noise-key:noisy"


@pytest.fixture(scope="module")
def keyed_server(demo_kitchen_models):
    import msgspec

    from training.sample_data import PlantedEffects, generate_history
    from training.steps import train_creator

    models = demo_kitchen_models
    # A history without a text_overlay column: nothing is known about overlays either way.
    no_overlay = [msgspec.structs.replace(r, text_overlay=None) for r in generate_history(30, seed=9, creator_id="x")]
    train_creator(no_overlay, "someone-else", models)
    # Pure noise: a model that cannot beat guessing the creator's own average (a real creator's case: unmarked,
    # so its first warning is that one, not the synthetic history's).
    noise = generate_history(120, seed=0, planted=PlantedEffects.none(), creator_id="noisy", synthetic=False)
    train_creator(noise, "noisy", models)
    with running_server(models, keys=KEYS) as (base, _):
        yield base


def _enter_key(page, key: str) -> None:
    page.get_by_label("API key").fill(key)
    page.get_by_label("API key").press("Enter")  # Enter submits: the empty creator list must not block it


def _check_caption(page) -> None:
    page.get_by_label("Draft caption").fill("Sunday market haul and a quiet lunch at home")
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_selector("#result:not([hidden]) .tip")


def test_key_loads_its_creators_then_check_insights_and_upload(keyed_server, browser, tmp_path):
    from training.importers import write_canonical_csv
    from training.sample_data import generate_history

    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(keyed_server + "/")
    page.wait_for_function("document.querySelector('#access-status').textContent.includes('API key')")
    assert "demo" not in (page.get_by_label("API key").get_attribute("placeholder") or "")
    assert page.locator("#creator option").count() == 0

    _enter_key(page, "not-a-key")
    page.wait_for_function("document.querySelector('#access-status').textContent.includes('not accepted')")

    _enter_key(page, KEY)
    page.wait_for_selector("#creator option[value='demo-kitchen']", state="attached")
    assert page.locator("#creator option").all_inner_texts() == ["demo-kitchen (300 posts)"]  # only this key's

    _check_caption(page)
    assert "save" in page.locator(".tip").first.inner_text().lower()

    page.get_by_role("tab", name="What drives your saves").click()
    page.wait_for_selector(".heatmap")
    assert "Model quality" in page.locator("#insights-body").inner_text()
    insights = page.request.get(keyed_server + "/v1/creators/demo-kitchen/insights", headers={"X-API-Key": KEY}).json()
    assert_charts_match_insights(page, insights)  # the charts work behind a key too

    history = tmp_path / "history.csv"  # 40 own rows (2-41), then 30 rows of another creator (42-71)
    records = generate_history(40, seed=10, creator_id="demo-kitchen") + generate_history(
        30, seed=11, creator_id="someone-else"
    )
    write_canonical_csv(records, history)
    page.get_by_role("tab", name="Upload history").click()
    page.set_input_files("#history-file", str(history))
    page.get_by_role("button", name="Upload and train").click()
    page.wait_for_selector("#job .ok, #job .error", timeout=180_000)
    report = page.locator("#job").inner_text()
    assert "Trained on 40 posts" in report and "30 rejected rows" in report
    rows = page.locator("#job tbody tr")
    assert rows.count() == 1  # thirty identical reasons are one line...
    line = rows.first.inner_text()
    assert "30" in line and "another creator" in line and "row 42 (someone-else)" in line  # ...with row numbers
    assert "null" not in report
    page.close()


def test_a_lever_the_history_never_records_says_so(keyed_server, browser):
    page = browser.new_page()
    page.goto(keyed_server + "/")
    _enter_key(page, "other-key")
    page.wait_for_selector("#creator option[value='someone-else']", state="attached")
    _check_caption(page)
    tips = page.locator("#tips").inner_text()
    assert "0 of your 0 posts" not in tips
    overlay = page.locator(".tip", has_text="does not record").inner_text()
    assert "on screen" in overlay.lower() and "stated prior of +8%" in overlay
    page.close()


def test_a_model_that_cannot_beat_the_mean_says_so_on_the_page(keyed_server, browser):
    weak = "did not beat every simple guess"
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(keyed_server + "/")
    _enter_key(page, "noise-key")
    page.wait_for_selector("#creator option[value='noisy']", state="attached")
    _check_caption(page)
    assert weak in page.locator("#warnings").inner_text()
    assert set(page.locator(".tip .badge[class*='conf-']").all_inner_texts()) == {"low confidence"}
    page.get_by_role("tab", name="What drives your saves").click()
    page.wait_for_selector(".model-warning")
    assert weak in page.locator(".model-warning").first.inner_text()
    assert page.locator(".model-warning").first.is_visible()
    page.close()


OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.parametrize("width", [360, 390, 414])
def test_nothing_is_wider_than_a_phone(keyed_server, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(keyed_server + "/")
    _enter_key(page, KEY)
    page.wait_for_selector("#creator option[value='demo-kitchen']", state="attached")
    assert page.evaluate(OVERFLOW) <= 0
    _check_caption(page)
    assert page.evaluate(OVERFLOW) <= 0, "check view"

    tops = [box["y"] for box in (page.get_by_role("tab").nth(i).bounding_box() for i in range(3))]
    assert max(tops) - min(tops) < 2, f"tabs stacked: {tops}"
    fits = page.evaluate(
        """() => {
        const select = document.querySelector('#sound');
        const style = getComputedStyle(select);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = ctx.measureText(select.options[select.selectedIndex].text).width;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
        return [text, room];
    }"""
    )
    assert fits[0] <= fits[1], f"sound select shows only part of its text: {fits}"

    page.get_by_role("tab", name="What drives your saves").click()
    page.wait_for_selector("svg.chart.drivers")
    assert page.evaluate(OVERFLOW) <= 0, "insights view with its charts"

    page.get_by_role("tab", name="What drives your saves").click()
    page.wait_for_selector(".heatmap")
    assert page.evaluate(OVERFLOW) <= 0, "insights view"
    heatmap = page.evaluate(
        "(() => { const t = document.querySelector('.heatmap');"
        " return [t.scrollWidth, t.parentElement.clientWidth]; })()"
    )
    assert heatmap[0] <= heatmap[1], f"the heatmap is wider than the phone: {heatmap}"

    page.get_by_role("tab", name="Upload history").click()
    assert page.evaluate(OVERFLOW) <= 0, "upload view"
    page.close()


def test_api_docs_render_with_every_outside_request_refused(keyed_server, browser):
    outside: list[str] = []

    def only_this_machine(route):
        if route.request.url.startswith(keyed_server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page = browser.new_page()
    page.route("**/*", only_this_machine)
    page.goto(keyed_server + "/schema")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() >= 8  # every operation is listed
    assert page.locator("button.authorize").count() == 1  # the X-API-Key scheme is declared
    assert outside == []
    page.close()
