"""The page with two creators behind one key, in headless Chromium at 1280 and 390 px (issue 30):
switching creator clears every input and result, an action's error shows beside it, a table that
scrolls says so, every kind of mark has a legend, "your average" is one number, and the heatmap
is shaded by the shrunk estimate insights quote."""

from __future__ import annotations

import re

import pytest

from bench.local_server import running_server

KEY = "two-creators"
KEYS = f"{KEY}:demo-kitchen,second"
WIDTHS = [(1280, 900), (390, 844)]


@pytest.fixture(scope="module")
def two_creators(demo_kitchen_models):
    from training.sample_data import generate_history
    from training.steps import train_creator

    models = demo_kitchen_models
    train_creator(generate_history(60, seed=5, creator_id="second"), "second", models)
    with running_server(models, keys=KEYS) as (base, _):
        yield base


def _open(browser, base, viewport):
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    page.goto(base + "/")
    page.get_by_label("API key").fill(KEY)
    page.get_by_label("API key").press("Enter")
    page.wait_for_selector("#creator option[value='second']", state="attached")
    return page


@pytest.mark.parametrize("viewport", WIDTHS)
def test_switching_creator_clears_every_input_and_result(two_creators, browser, viewport):
    page = _open(browser, two_creators, viewport)
    start = page.get_by_label("First day").input_value()
    page.get_by_label("Draft caption").fill("Lentil soup for the week. Save this! #mealprep")
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_selector("#result:not([hidden]) .tip")
    page.get_by_role("tab", name="Plan a week").click()
    page.get_by_label("Drafts, one caption per line").fill("one\ntwo\nthree")
    page.get_by_label("At most a day").fill("2")
    page.get_by_role("tab", name="Compare").click()
    page.get_by_label("Variant A").fill("first way")
    page.locator("#creator").select_option("second")
    assert page.get_by_label("Drafts, one caption per line").input_value() == ""
    assert page.get_by_label("At most a day").input_value() == ""
    assert page.get_by_label("First day").input_value() == start  # back to its default, not empty
    assert page.get_by_label("Variant A").input_value() == ""
    assert page.get_by_label("Draft caption").input_value() == ""
    assert page.locator("#result").is_hidden() and page.locator("#highlighted").inner_text() == ""
    page.close()


@pytest.mark.parametrize("viewport", WIDTHS)
def test_an_error_shows_beside_the_action(two_creators, browser, viewport):
    page = _open(browser, two_creators, viewport)
    page.get_by_role("tab", name="Plan a week").click()
    page.get_by_label("Drafts, one caption per line").fill("\n".join(f"draft {i}" for i in range(7)))
    page.get_by_label("Days", exact=True).fill("1")
    page.get_by_label("At most a day").fill("1")
    page.get_by_role("button", name="Plan", exact=True).click()
    page.wait_for_selector("#plan-button-error:not([hidden])")
    button, error = page.locator("#plan-button").bounding_box(), page.locator("#plan-button-error").bounding_box()
    assert 0 <= error["y"] - (button["y"] + button["height"]) < 40
    assert page.locator("#access-status.error").count() == 0
    page.get_by_label("Days", exact=True).fill("7")
    page.get_by_role("button", name="Plan", exact=True).click()
    page.wait_for_selector("#plan-result:not([hidden])")
    assert page.locator("#plan-button-error").is_hidden()  # a success clears it
    assert "a draft placed here" in page.locator("#plan-result .legend").inner_text()  # the grid's shading, said
    page.close()


@pytest.mark.parametrize("viewport", WIDTHS)
def test_marks_have_a_legend_and_tables_that_scroll_say_so(two_creators, browser, viewport):
    page = _open(browser, two_creators, viewport)
    page.get_by_label("Draft caption").fill("Lentil soup for the week. Save this for later! #mealprep")
    page.get_by_role("button", name="Check", exact=True).click()
    page.wait_for_selector("#result:not([hidden]) .tip")
    kinds = set(page.eval_on_selector_all("#highlighted mark", "ms => ms.map((m) => m.className)"))
    assert kinds == {"lever", "tag"}
    legend = page.locator("#highlight-legend").inner_text()
    assert "hashtags" in legend and "levers" in legend
    page.get_by_role("tab", name="What drives your saves").click()
    page.wait_for_selector(".heatmap")
    boxes = page.eval_on_selector_all(
        ".scroll-wrap",
        "ws => ws.map((w) => { const b = w.querySelector('.scroll'); const h = w.querySelector('.scroll-hint');"
        " return [b.scrollWidth - b.clientWidth > 1, !h.hidden && h.offsetParent !== null]; })",
    )
    assert boxes and all(scrolls == hinted for scrolls, hinted in boxes), boxes
    # A table wider than the screen (a long Vietnamese hashtag on a phone) says that it scrolls.
    made = "scroll(table('wide', ['tag'], [['#' + 'x'.repeat(400)]], { words: [0] }))"
    wide = page.evaluate_handle(f"document.querySelector('#insights-body').appendChild({made})")
    page.wait_for_function("w => !w.querySelector('.scroll-hint').hidden", arg=wide)
    assert "scroll sideways" in wide.evaluate("w => w.querySelector('.scroll-hint').textContent")
    page.close()


def test_one_average_and_the_heatmap_on_the_shrunk_estimate(two_creators, browser):
    page = _open(browser, two_creators, (1280, 900))
    page.get_by_role("tab", name="What drives your saves").click()
    page.wait_for_selector(".heatmap")
    insights = page.evaluate(
        "fetch('/v1/creators/demo-kitchen/insights', {headers: {'X-API-Key': '" + KEY + "'}}).then((r) => r.json())"
    )
    text = page.locator("#insights-body").inner_text()
    said = re.findall(r"your average \(?([0-9.]+)", text)
    assert said and set(said) == {f"{insights['baseline_saves_per_1k']:.2f}"}, said
    cells = page.eval_on_selector_all(
        ".heatmap td[title]", "tds => tds.map((t) => [t.title, getComputedStyle(t).backgroundColor])"
    )
    shade = [(float(re.search(r"about ([0-9.]+)×", t)[1]), float(bg.split(",")[-1].strip(" )"))) for t, bg in cells]
    estimates = {round(w["estimate_relative"], 2) for w in insights["heatmap"]}
    assert {e for e, _ in shade} <= estimates
    darkest = max(shade, key=lambda s: s[1])
    assert darkest[0] == max(e for e, _ in shade)
    page.close()
