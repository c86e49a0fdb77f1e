"""POST /v1/creators/{id}/compare and /plan over HTTP: shapes, keys, limits, errors, exports (issue 24)."""

from __future__ import annotations

import csv
import io

from tests.helpers import ALICE, BOB

COMPARE = "/v1/creators/alice/compare"
PLAN = "/v1/creators/alice/plan"
CAPTION = "Sunday meal prep: five lunches in an hour"


def _plan_body(n: int = 3, **extra) -> dict:
    drafts = [{"caption": f"{CAPTION} #{i}", "id": f"d{i}"} for i in range(n)]
    return {"drafts": drafts, "start": "2025-06-02", **extra}


def test_compare_ranks_the_variants_with_agreement(planning_client):
    body = {"variants": [{"caption": CAPTION}, {"caption": CAPTION + ". Save this for later!"}, {"caption": CAPTION}]}
    response = planning_client.post(COMPARE, json=body, headers=ALICE)
    assert response.status_code == 200, response.text
    result = response.json()
    assert [v["rank"] for v in result["variants"]] == [1, 2, 3]
    assert {v["label"] for v in result["variants"]} == {"A", "B", "C"}
    for step in result["steps"]:
        assert 0.5 <= step["agreement"] <= 1 and step["summary"]
        assert step["verdict"] in ("clear", "likely", "too close to call", "no difference")
    # A and C are the same caption: next to each other, a coin flip.
    same = next(s for s in result["steps"] if {s["higher"], s["lower"]} == {"A", "C"})
    assert same["agreement"] == 0.5 and same["verdict"] == "no difference"
    scored = planning_client.post("/v1/creators/alice/score", json={"caption": CAPTION}, headers=ALICE).json()
    a = next(v for v in result["variants"] if v["label"] == "A")
    assert a["predicted_saves_per_1k"] == scored["predicted_saves_per_1k"]


def test_compare_takes_two_to_six_variants(planning_client):
    for n in (0, 1, 7):
        response = planning_client.post(
            COMPARE, json={"variants": [{"caption": f"v{i}"} for i in range(n)]}, headers=ALICE
        )
        assert response.status_code == 422, (n, response.text)
        assert response.json()["error"]["code"] == "invalid"
    same_ids = {"variants": [{"caption": "a", "id": "x"}, {"caption": "b", "id": "x"}]}
    response = planning_client.post(COMPARE, json=same_ids, headers=ALICE)
    assert response.status_code == 422 and "same label" in response.json()["error"]["message"]


def test_one_creators_key_cannot_compare_or_plan_for_another(planning_client):
    assert (
        planning_client.post(COMPARE, json={"variants": [{"caption": "a"}, {"caption": "b"}]}, headers=BOB).status_code
        == 403
    )
    assert planning_client.post(PLAN, json=_plan_body(), headers=BOB).status_code == 403
    assert planning_client.post(PLAN, json=_plan_body()).status_code == 401


def test_plan_as_json(planning_client):
    response = planning_client.post(PLAN, json=_plan_body(3, avoid=["sun"]), headers=ALICE)
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["creator_id"] == "alice" and len(plan["placements"]) == 3
    assert {p["id"] for p in plan["placements"]} == {"d0", "d1", "d2"}
    assert all(p["weekday"] != "Sunday" for p in plan["placements"])
    assert len(plan["calendar"]) == 7 and plan["calendar"][6]["avoided"]
    assert plan["windows"] and all(w["posts"] >= plan["min_window_posts"] for w in plan["windows"])
    for p in plan["placements"]:
        assert p["interval"]["low"] <= p["predicted_saves_per_1k"] <= p["interval"]["high"]


def test_plan_constraints_it_cannot_meet_are_422_with_what_to_loosen(planning_client):
    response = planning_client.post(PLAN, json=_plan_body(7, days=1, per_day=1), headers=ALICE)
    assert response.status_code == 422
    message = response.json()["error"]["message"]
    assert "7 drafts but room for only 1" in message and "Plan more days" in message
    for bad in (
        {"avoid": ["funday"]},
        {"days": 0},
        {"days": 40},
        {"per_day": 0},
        {"min_gap_hours": -1},
        {"surprise": True},
        {"start": "next week"},
    ):
        response = planning_client.post(PLAN, json=_plan_body(2, **bad), headers=ALICE)
        assert response.status_code == 422, (bad, response.text)
        assert "Traceback" not in response.text
    every_day = planning_client.post(PLAN, json=_plan_body(2, days=1, avoid=["mon"]), headers=ALICE)
    assert every_day.status_code == 422 and "avoided" in every_day.json()["error"]["message"]
    no_drafts = planning_client.post(PLAN, json={"drafts": [], "start": "2025-06-02"}, headers=ALICE)
    assert no_drafts.status_code == 422
    assert (
        planning_client.post(PLAN, content=b"{", headers={**ALICE, "content-type": "application/json"}).status_code
        == 400
    )


def test_plan_as_ics_and_csv(planning_client):
    from icalendar import Calendar

    response = planning_client.post(PLAN + "?format=ics", json=_plan_body(3), headers=ALICE)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "attachment" in response.headers["content-disposition"]
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert len(events) == 3 and all(CAPTION in str(e["DESCRIPTION"]) for e in events)

    response = planning_client.post(PLAN + "?format=csv", json=_plan_body(3), headers=ALICE)
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert sorted(r["id"] for r in rows) == ["d0", "d1", "d2"]
    assert planning_client.post(PLAN + "?format=xml", json=_plan_body(3), headers=ALICE).status_code == 422


def test_the_openapi_document_declares_both_routes(planning_client):
    paths = planning_client.get("/schema/openapi.json").json()["paths"]
    for path in ("/v1/creators/{creator_id}/compare", "/v1/creators/{creator_id}/plan"):
        operation = paths[path]["post"]
        assert operation["security"] == [{"ApiKey": []}]
        assert "422" in operation["responses"]


def test_a_plan_before_the_history_needs_force(planning_client):
    """Issue 30: a plan starting before the creator's first post was accepted silently."""
    early = planning_client.post(PLAN, json=_plan_body(3, start="2019-06-03"), headers=ALICE)
    assert early.status_code == 422 and "before alice's first post" in early.json()["error"]["message"]
    assert '"force": true' in early.json()["error"]["message"]
    forced = planning_client.post(PLAN, json=_plan_body(3, start="2019-06-03", force=True), headers=ALICE)
    assert forced.status_code == 200, forced.text
