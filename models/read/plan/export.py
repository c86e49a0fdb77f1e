"""A plan as files a planner's tools take in: iCalendar (RFC 5545, one event per draft) and CSV.

The iCalendar file is written with the ``icalendar`` library, so escaping, line folding and
the required properties (VERSION, PRODID, UID, DTSTAMP) are its business, not ours. Times are
written in UTC, which every calendar converts to its viewer's zone; a plan by days only has
all-day events. A draft's UID stays the same when the same week is planned again for the same
creator, so re-importing updates the events instead of doubling them.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import UTC, date, datetime, timedelta

from models.read.plan.answer import Placement, Plan

EVENT_MINUTES = 30  # a timed event's length: the time to post, not a meeting
SUMMARY_CHARS = 60
ICS_MEDIA_TYPE = "text/calendar"  # the server adds "; charset=utf-8"
CSV_MEDIA_TYPE = "text/csv"
CSV_COLUMNS = (
    "date",
    "weekday",
    "hours",
    "at",
    "draft",
    "id",
    "caption",
    "predicted_saves_per_1k",
    "interval_low",
    "interval_high",
    "percentile",
    "expected_saves",
    "slot_vs_usual",
    "slot_within_noise",
    "move_to",
    "move_cost",
    "move_within_noise",
    "timezone",
)


def _summary(placement: Placement) -> str:
    caption = " ".join(placement.caption.split())
    if not caption:
        return f"Post {placement.label} (no caption)"
    short = caption if len(caption) <= SUMMARY_CHARS else caption[: SUMMARY_CHARS - 1].rstrip() + "…"
    return f"Post: {short}"


def _description(plan: Plan, placement: Placement) -> str:
    lines = [
        placement.caption or "(no caption)",
        "",
        f"Predicted {placement.predicted_saves_per_1k:.2f} saves per 1,000 views "
        f"(80% range {placement.interval.low:.2f}–{placement.interval.high:.2f}), "
        f"better than {placement.percentile:.0f}% of your posts.",
    ]
    if placement.hours:
        noise = " (within the noise)" if placement.slot_within_noise else ""
        effect = f"{placement.slot_effect_relative:.2f}×"
        clock = f" ({plan.clock})" if plan.clock else ""
        lines.append(f"Window {placement.weekday} {placement.hours}{clock}: {effect} your usual times{noise}.")
    if placement.move:
        unit = "saves" if plan.cost_unit == "saves" else "saves per 1k"
        noise = ", within the noise" if placement.move.within_noise else ""
        lines.append(f"Moving it to {placement.move.to} would cost {placement.move.cost:.2f} {unit}{noise}.")
    lines.append(f"Planned by saveworthy for {plan.creator_id} (model {plan.model_version}).")
    return "\n".join(lines)


def _uid(plan: Plan, placement: Placement) -> str:
    key = f"{plan.creator_id}|{plan.start}|{placement.id or placement.index}"
    return hashlib.sha256(key.encode()).hexdigest()[:32] + "@saveworthy"


def to_ics(plan: Plan, *, now: datetime | None = None) -> bytes:
    """The plan as an iCalendar file: one VEVENT per draft, the caption in its description."""
    from icalendar import Calendar, Event

    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//saveworthy//plan//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"saveworthy plan: {plan.creator_id}, week of {plan.start}")
    if plan.timezone:  # a hint for calendars that show a calendar's own zone; events stay in UTC
        calendar.add("x-wr-timezone", plan.timezone)
    for placement in plan.placements:
        event = Event()
        event.add("uid", _uid(plan, placement))
        event.add("dtstamp", stamp)
        event.add("summary", _summary(placement))
        event.add("description", _description(plan, placement))
        if placement.at:
            start = datetime.fromisoformat(placement.at).astimezone(UTC)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(minutes=EVENT_MINUTES))
        else:
            day = date.fromisoformat(placement.date)
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a reminder to post, not busy time
        calendar.add_component(event)
    return calendar.to_ical()


def to_csv(plan: Plan) -> str:
    """The plan as CSV, one row per draft in time order (a spreadsheet's planning sheet)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    zone = plan.timezone or f"UTC{plan.utc_offset}"  # what ``hours`` is in (``at`` carries its offset)
    for p in plan.placements:
        writer.writerow(
            (
                p.date,
                p.weekday,
                p.hours or "",
                p.at or "",
                p.label,
                p.id or "",
                p.caption,
                f"{p.predicted_saves_per_1k:.3f}",
                f"{p.interval.low:.3f}",
                f"{p.interval.high:.3f}",
                f"{p.percentile:.1f}",
                "" if p.expected_saves is None else f"{p.expected_saves:.1f}",
                f"{p.slot_effect_relative:.3f}",
                str(p.slot_within_noise).lower(),
                p.move.to if p.move else "",
                f"{p.move.cost:.3f}" if p.move else "",
                str(p.move.within_noise).lower() if p.move else "",
                zone,
            )
        )
    return buffer.getvalue()
