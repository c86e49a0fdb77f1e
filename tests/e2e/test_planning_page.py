"""The page's Compare and Plan a week views in headless Chromium, behind a key, at 1280 and 390 px
(issue 24): the numbers on screen are the API's, nothing is wider than the phone, and the exports
download. Screenshots go where ``tests/e2e/test_page.py`` sends them (``make screenshots``)."""

from __future__ import annotations

import pytest

from bench.local_server import running_server
from tests.helpers import OVERFLOW

KEY = "planner-key"
KEYS = f"{KEY}:demo-kitchen;other-key:someone-else"
PLAIN = "Chickpea wraps for the week ahead"
DRAFTS = [
    "How to make overnight oats that last all week. Save this for later!",
    "Chickpea wraps for the week ahead",
    "Big pot of lentil soup today #mealprep",
    "Veggie chili for busy weeknights. What would you add?",
    "Banana bread with what was left in the fridge",
]


@pytest.fixture(scope="module")
def keyed_server(demo_kitchen_models):
    with running_server(demo_kitchen_models, keys=KEYS) as (base, _):
        yield base


TABS_FIT = "[...document.querySelectorAll('[role=tab]')].every((t) => t.scrollWidth <= t.clientWidth)"


def _open(browser, base, viewport):
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]}, accept_downloads=True)
    page.goto(base + "/")
    page.get_by_label("API key").fill(KEY)
    page.get_by_label("API key").press("Enter")
    page.wait_for_selector("#creator option[value='demo-kitchen']", state="attached")
    return page


@pytest.mark.parametrize(("label", "viewport"), [("desktop", (1280, 900)), ("phone", (390, 844))])
def test_compare_view(keyed_server, browser, shots, label, viewport):
    page = _open(browser, keyed_server, viewport)
    page.get_by_role("tab", name="Compare").click()
    page.get_by_label("Variant A").fill(PLAIN)
    page.get_by_label("Variant B").fill(PLAIN + ". Save this for later!")
    page.get_by_role("button", name="Add a variant").click()
    page.get_by_label("Variant C").fill("How to make chickpea wraps that last all week #mealprep")
    page.get_by_role("button", name="Compare", exact=True).click()
    page.wait_for_selector("#compare-result:not([hidden]) .variant-card")
    cards = page.locator(".variant-card")
    assert cards.count() == 3
    body = {"variants": [{"caption": PLAIN}, {"caption": PLAIN + ". Save this for later!"}]}
    body["variants"].append({"caption": "How to make chickpea wraps that last all week #mealprep"})
    api = page.request.post(
        keyed_server + "/v1/creators/demo-kitchen/compare", data=body, headers={"X-API-Key": KEY}
    ).json()
    for card, variant in zip(cards.all(), api["variants"], strict=True):
        text = card.inner_text()
        assert f"{variant['predicted_saves_per_1k']:.2f}" in text and variant["label"] in text
    steps = page.locator(".step")
    assert steps.count() == 2
    assert f"{round(api['steps'][0]['agreement'] * 100)}% of the model" in steps.first.inner_text()
    assert "save call" in page.locator("#compare-result").inner_text()
    assert page.evaluate(OVERFLOW) <= 0 and page.evaluate(TABS_FIT)  # every tab's label fits its tab
    page.screenshot(path=str(shots / f"compare-{label}.png"), full_page=True)
    page.close()


@pytest.mark.parametrize(("label", "viewport"), [("desktop", (1280, 900)), ("phone", (390, 844))])
def test_plan_view(keyed_server, browser, shots, label, viewport, tmp_path):
    page = _open(browser, keyed_server, viewport)
    page.get_by_role("tab", name="Plan a week").click()
    page.get_by_label("Drafts, one caption per line").fill("\n".join(DRAFTS))
    page.get_by_label("First day").fill("2026-12-07")
    page.get_by_label("Sun").check()
    page.get_by_role("button", name="Plan", exact=True).click()
    page.wait_for_selector("#plan-result:not([hidden]) .plan-grid")
    assert page.locator(".plan-item").count() == len(DRAFTS)
    assert page.locator(".plan-grid td.planned .slot").count() == len(DRAFTS)
    sunday = page.locator(".plan-grid tr.avoided")
    assert sunday.count() == 1 and "Sun" in sunday.inner_text()
    text = page.locator("#plan-result").inner_text()
    assert "moving it to" in text and "18:00–21:00" in text and "your usual times" in text
    api = page.request.post(
        keyed_server + "/v1/creators/demo-kitchen/plan",
        data={"drafts": [{"caption": c} for c in DRAFTS], "start": "2026-12-07", "avoid": ["sun"]},
        headers={"X-API-Key": KEY},
    ).json()
    shown = page.locator(".plan-grid .slot").all_inner_texts()
    assert sorted(shown) == sorted(
        f"#{i} {p['predicted_saves_per_1k']:.1f}" for i, p in enumerate(api["placements"], 1)
    )
    assert page.evaluate(OVERFLOW) <= 0 and page.evaluate(TABS_FIT)
    page.screenshot(path=str(shots / f"plan-{label}.png"), full_page=True)

    with page.expect_download() as download:
        page.get_by_role("button", name="Download calendar (.ics)").click()
    path = tmp_path / "plan.ics"
    download.value.save_as(path)
    from icalendar import Calendar

    assert len(Calendar.from_ical(path.read_bytes()).walk("VEVENT")) == len(DRAFTS)
    page.close()


def test_too_many_drafts_for_the_days_says_what_to_loosen(keyed_server, browser):
    page = _open(browser, keyed_server, (1280, 900))
    page.get_by_role("tab", name="Plan a week").click()
    page.get_by_label("Drafts, one caption per line").fill("\n".join(f"draft {i}" for i in range(7)))
    page.get_by_label("First day").fill("2026-12-07")
    page.get_by_label("Days", exact=True).fill("1")
    page.get_by_label("At most a day").fill("1")
    page.get_by_role("button", name="Plan", exact=True).click()
    # Beside the Plan button that caused it, not in the status line at the top of the page (issue 30).
    page.wait_for_function("document.querySelector('#plan-button-error')?.textContent.includes('room for only')")
    button, error = page.locator("#plan-button").bounding_box(), page.locator("#plan-button-error").bounding_box()
    assert 0 <= error["y"] - (button["y"] + button["height"]) < 40
    assert page.locator("#access-status.error").count() == 0
    page.close()


def test_keyboard_reaches_the_new_tabs_and_every_field_has_a_label(keyed_server, browser):
    page = _open(browser, keyed_server, (1280, 900))
    page.get_by_role("tab", name="What drives your saves").focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("tab", name="Compare").get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("tab", name="Plan a week").get_attribute("aria-selected") == "true"
    for field in ("plan-drafts", "plan-start", "plan-days", "plan-per-day", "plan-gap", "variant-0", "variant-1"):
        assert page.locator(f"label[for='{field}']").count() == 1, field
    page.close()
