"""The page in headless Chromium against the real server on loopback: check, apply, insights.

Screenshots of both views at desktop and phone width go to a temporary folder, or to
docs/screenshots/ (linked from the README) when ``SAVEWORTHY_SCREENSHOTS=1``: a test run
never rewrites committed files. Needs Debian's chromium (``make test`` installs it);
without it these tests are skipped with the reason shown.
"""

from __future__ import annotations

import pytest

from bench.local_server import running_server
from tests.helpers import assert_charts_match_insights


@pytest.fixture(scope="module")
def server(demo_kitchen_models):
    with running_server(demo_kitchen_models) as (base, _):
        yield base


@pytest.mark.parametrize(("label", "viewport"), [("desktop", (1280, 900)), ("phone", (375, 812))])
def test_check_apply_and_insights(server, browser, shots, label, viewport):
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    page.goto(server + "/")
    page.wait_for_selector("#creator option[value='demo-kitchen']", state="attached")
    page.get_by_label("Draft caption").fill("Sunday market haul and a quiet lunch at home")
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector("#result:not([hidden]) .tip")
    before = float(page.locator("#predicted").inner_text())
    first_tip = page.locator(".tip").first
    assert "save" in first_tip.inner_text().lower()  # the planted strongest lever comes first
    page.screenshot(path=str(shots / f"check-{label}.png"), full_page=True)

    first_tip.get_by_role("button", name="Apply").click()
    page.wait_for_function(f"Number(document.querySelector('#predicted').textContent) > {before * 1.2}")
    assert "save" in page.get_by_label("Draft caption").input_value().lower()
    assert page.locator("#highlighted mark").count() >= 1
    assert "Save call" in page.locator("#signals").inner_text()

    page.get_by_role("tab", name="What drives your saves").click()
    page.wait_for_selector(".heatmap")
    text = page.locator("#insights-body").inner_text()
    assert "Save call" in text and "Model quality" in text and "#mealprep" in text
    insights = page.request.get(server + "/v1/creators/demo-kitchen/insights").json()
    assert_charts_match_insights(page, insights)
    assert "beat every simple guess" in text and "did not" not in text  # the planted model is a good one
    # The two checks above (before and after the tip) wait in the track record for their posts.
    page.wait_for_selector("#track-record")
    record = page.request.get(server + "/v1/creators/demo-kitchen/track-record").json()
    assert record["drafts_waiting"] >= 2
    assert f"{record['drafts_waiting']} checked drafts waiting" in page.locator("#track-record").inner_text()
    page.screenshot(path=str(shots / f"insights-{label}.png"), full_page=True)
    page.close()


def test_keyboard_tabs_and_labels(server, browser):
    page = browser.new_page()
    page.goto(server + "/")
    page.get_by_role("tab", name="Check a caption").focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("tab", name="What drives your saves").get_attribute("aria-selected") == "true"
    for field in (
        "#caption",
        "#planned-at",
        "#sound",
        "#duration",
        "#overlay",
        "#api-key",
        "#creator",
        "#history-file",
    ):
        assert page.locator(f"label[for='{field[1:]}']").count() == 1, field
    page.close()


def test_upload_history_and_watch_training(server, browser, tmp_path):
    from training.importers import write_canonical_csv
    from training.sample_data import generate_history

    history = tmp_path / "history.csv"
    write_canonical_csv(generate_history(40, seed=10, creator_id="demo-kitchen"), history)
    page = browser.new_page()
    page.goto(server + "/")
    page.wait_for_selector("#creator option[value='demo-kitchen']", state="attached")
    page.get_by_role("tab", name="Upload history").click()
    page.set_input_files("#history-file", str(history))
    page.get_by_role("button", name="Upload and train").click()
    page.wait_for_selector("#job .ok, #job .error", timeout=120_000)
    assert "Trained on 40 posts" in page.locator("#job").inner_text()
    page.close()


def test_numbers_and_themes_read_plainly(server, browser):
    # "-0.00" and "-0%" for effects that round to nothing; "usual rate" beside "median" unexplained.
    page = browser.new_page()
    page.goto(server + "/")
    shown = page.evaluate(
        "[fmt(-0.001), signed(-0.004), signed(0.004), signed(-0.31), signed(1.2), pct(-0.004), pct(0.25)]"
    )
    assert shown == ["0.00", "0.00", "0.00", "-0.31", "+1.20", "0%", "+25%"]
    page.wait_for_selector("#creator option[value='demo-kitchen']", state="attached")
    page.get_by_role("tab", name="What drives your saves").click()
    page.wait_for_selector(".heatmap")
    text = page.locator("#insights-body").inner_text()
    assert "usual rate" not in text and "your median post" in text and "your saves ÷ your views" in text
    themes = page.locator("table", has_text="Themes by save rate")
    assert themes.locator("th").first.inner_text() == "theme"
    names = themes.locator("tbody tr td:first-child").all_inner_texts()
    assert names and all(name.strip() for name in names)  # every theme is named (or says it has no name)
    assert "\\n" not in themes.inner_text() and "['" not in themes.inner_text()
    page.close()
