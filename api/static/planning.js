// saveworthy's page: the "Compare" and "Plan a week" views (issue 24). Plain JS over the same
// JSON API, sharing app.js's helpers ($, state, api, apiKey, el, fmt, signed, status, needCreator, scroll).
"use strict";

const MAX_VARIANTS = 6;
const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

// ---- compare ---------------------------------------------------------------------
function variantLetter(i) {
  return String.fromCharCode(65 + i);
}

function addVariant(text = "") {
  const list = $("#variants");
  const i = list.children.length;
  if (i >= MAX_VARIANTS) return;
  const id = `variant-${i}`;
  list.append(el("div", { class: "variant-field" },
    el("label", { for: id, text: `Variant ${variantLetter(i)}` }),
    el("textarea", { id, rows: "2", placeholder: i === 0 ? "Your caption" : "Another way to say it" })));
  list.lastElementChild.querySelector("textarea").value = text;
  $("#add-variant").disabled = list.children.length >= MAX_VARIANTS;
  $("#remove-variant").disabled = list.children.length <= 2;
}

function removeVariant() {
  const list = $("#variants");
  if (list.children.length > 2) list.lastElementChild.remove();
  $("#add-variant").disabled = false;
  $("#remove-variant").disabled = list.children.length <= 2;
}

function verdictClass(verdict) {
  return { clear: "verdict-clear", likely: "verdict-likely" }[verdict] || "verdict-close";
}

function stepItem(step) {
  const reasons = step.reasons.map((r) =>
    el("li", { text: `${r.variant}'s ${r.what}: ${signed(r.saves_per_1k)}/1k` }));
  return el("li", { class: "step" },
    el("p", {},
      el("strong", { text: `${step.higher} over ${step.lower}` }), ` ${signed(step.difference_saves_per_1k)}/1k `,
      el("span", { class: `badge ${verdictClass(step.verdict)}`, text: step.verdict }),
      // The chance counts the posts' own ups and downs; the resamples' agreement is the model's doubt only.
      ` a ${Math.round(step.chance * 100)}% chance it really saves more per view · ${Math.round(step.agreement * 100)}% of the model's resamples agree`),
    reasons.length ? el("ul", { class: "reasons", "aria-label": "What makes the difference" }, ...reasons) : "");
}

async function compareVariants(event) {
  event.preventDefault();
  if (needCreator()) return;
  const variants = [...document.querySelectorAll("#variants textarea")].map((t) => ({ caption: t.value }));
  const button = $("#compare-button");
  button.disabled = true;
  try {
    const result = await api(`/v1/creators/${encodeURIComponent(state.creator)}/compare`, { method: "POST", json: { variants } });
    const body = $("#compare-result");
    const ranked = el("ol", { class: "ranked" }, ...result.variants.map((v) =>
      el("li", { class: "variant-card" },
        el("p", { class: "variant-head" },
          el("span", { class: "rank", text: `#${v.rank}` }), " ",
          el("strong", { text: v.label }), " ",
          el("span", { class: "big small-big", text: fmt(v.predicted_saves_per_1k) }), " saves per 1,000 views"),
        el("p", { class: "muted", text: `80% range ${fmt(v.interval.low)}–${fmt(v.interval.high)} · better than ${Math.round(v.percentile)}% of your posts` }),
        el("p", { class: "variant-caption", text: v.caption || "(no caption)" }))));
    body.replaceChildren(
      ...result.warnings.map((w) => el("p", { class: "warning model-warning", text: w })),
      el("h2", { text: "Ranked, best first" }), ranked,
      ...(result.pairs_ordered_right ? [el("p", { class: "muted ranks", text: `How well it ranks you: ${result.pairs_ordered_right.sentence}` })] : []),
      el("h2", { text: "How sure each step is" }),
      el("ol", { class: "steps" }, ...result.steps.map(stepItem)));
    body.hidden = false;
    actionError(button, "");
  } catch (error) {
    actionError(button, error.message);
  } finally {
    button.disabled = false;
  }
}

// ---- plan ------------------------------------------------------------------------
function planRequest() {
  const drafts = $("#plan-drafts").value.split("\n").map((line) => line.trim()).filter(Boolean)
    .map((caption) => ({ caption }));
  const request = { drafts, start: $("#plan-start").value, days: Number($("#plan-days").value || 7) };
  if ($("#plan-per-day").value) request.per_day = Number($("#plan-per-day").value);
  if ($("#plan-gap").value) request.min_gap_hours = Number($("#plan-gap").value);
  request.avoid = [...document.querySelectorAll("#plan-avoid input:checked")].map((box) => box.value);
  return request;
}

function shortHours(hours) {
  return hours ? `${hours.slice(0, 2)}–${hours.slice(6, 8)}` : "any time";
}

function dayName(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return `${WEEKDAY_NAMES[(day.getUTCDay() + 6) % 7].slice(0, 3)} ${d}`;
}

function planGrid(plan) {
  // Days down, the plan's windows across: a phone keeps every column on screen.
  const hours = plan.by_hours ? [...new Set(plan.placements.map((p) => p.hours))].sort() : [null];
  const number = new Map(plan.placements.map((p, i) => [p, i + 1]));
  const grid = el("table", { class: "plan-grid" },
    el("caption", { text: `The week on ${plan.clock || "your clock"}${plan.by_hours ? ` (UTC${plan.utc_offset})` : ""}: draft number and predicted saves per 1,000 views` }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "day" }),
      ...hours.map((h) => el("th", { scope: "col", text: plan.by_hours ? shortHours(h) : "the day" })))));
  const body = el("tbody");
  for (const day of plan.calendar) {
    const row = el("tr", { class: day.avoided ? "avoided" : "" }, el("th", { scope: "row", text: dayName(day.date) }));
    for (const h of hours) {
      const here = plan.placements.filter((p) => p.date === day.date && (!plan.by_hours || p.hours === h));
      if (!here.length) {
        row.append(el("td", { class: "empty", text: day.avoided ? "off" : "" }));
        continue;
      }
      row.append(el("td", { class: "planned" }, ...here.map((p) =>
        el("span", { class: "slot", title: p.caption, text: `#${number.get(p)} ${fmt(p.predicted_saves_per_1k, 1)}` }))));
    }
    body.append(row);
  }
  grid.append(body);
  return grid;
}

function moveText(plan, p) {
  const slot = p.hours ? `slot ${fmt(p.slot_effect_relative)}× your usual times${p.slot_within_noise ? " (within the noise)" : ""} · ` : "";
  if (!p.move) return `${slot}nowhere else it could go`;
  const unit = plan.cost_unit === "saves" ? "saves" : "per 1k";
  return `${slot}moving it to ${p.move.to} costs ${fmt(p.move.cost)} ${unit}${p.move.within_noise ? " (within the noise)" : ""}`;
}

function planList(plan) {
  return el("ol", { class: "plan-list" }, ...plan.placements.map((p, i) => {
    const when = `${dayName(p.date)}${p.hours ? ` ${p.hours}` : ""}`;
    return el("li", { class: "plan-item" },
      el("p", { class: "variant-head" }, el("span", { class: "rank", text: `#${i + 1}` }), el("strong", { text: when }), ` · ${p.label} · `,
        el("strong", { text: fmt(p.predicted_saves_per_1k) }), ` saves per 1k (80% ${fmt(p.interval.low)}–${fmt(p.interval.high)})`,
        ""),
      el("p", { class: "variant-caption", text: p.caption || "(no caption)" }),
      el("p", { class: "muted", text: moveText(plan, p) }));
  }));
}

async function download(format) {
  // The same request, answered as a file: the key goes in the header, as for every call.
  const headers = { "Content-Type": "application/json" };
  if (apiKey()) headers["X-API-Key"] = apiKey();
  const response = await fetch(`/v1/creators/${encodeURIComponent(state.creator)}/plan?format=${format}`,
    { method: "POST", headers, body: JSON.stringify(planRequest()) });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error((body.error && body.error.message) || `download failed (${response.status})`);
  }
  const link = el("a", { href: URL.createObjectURL(await response.blob()), download: `saveworthy-plan.${format}` });
  document.body.append(link);
  link.click();
  link.remove();
}

async function planWeek(event) {
  event.preventDefault();
  if (needCreator()) return;
  const button = $("#plan-button");
  button.disabled = true;
  try {
    const plan = await api(`/v1/creators/${encodeURIComponent(state.creator)}/plan`, { method: "POST", json: planRequest() });
    const ics = el("button", { type: "button", class: "apply", text: "Download calendar (.ics)" });
    const csv = el("button", { type: "button", class: "apply", text: "Download sheet (.csv)" });
    ics.addEventListener("click", () => download("ics").then(() => actionError(ics, "")).catch((e) => actionError(ics, e.message)));
    csv.addEventListener("click", () => download("csv").then(() => actionError(csv, "")).catch((e) => actionError(csv, e.message)));
    const total = plan.total_expected_saves !== null
      ? `${fmt(plan.total_expected_saves, 1)} expected saves`
      : `${fmt(plan.total_saves_per_1k, 1)} saves per 1,000 views across the drafts`;
    $("#plan-result").replaceChildren(
      ...plan.warnings.map((w) => el("p", { class: "warning model-warning", text: w })),
      el("p", { text: `${plan.placements.length} drafts, at most ${plan.per_day} a day, ${plan.by_hours ? `in windows with ${plan.min_window_posts}+ of your posts` : "by the days you post on"}: ${total}.` }),
      scroll(planGrid(plan)),
      legend([["planned", "a draft placed here"], ...(plan.calendar.some((d) => d.avoided) ? [["avoided", "a day you keep free"]] : [])]),
      planList(plan),
      el("ul", { class: "plan-notes" }, ...plan.notes.map((n) => el("li", { text: n }))),
      el("div", { class: "downloads" }, ics, csv));
    $("#plan-result").hidden = false;
    actionError(button, "");
  } catch (error) {
    actionError(button, error.message);
  } finally {
    button.disabled = false;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  if (!$("#view-compare")) return;
  addVariant();
  addVariant();
  $("#add-variant").addEventListener("click", () => addVariant());
  $("#remove-variant").addEventListener("click", removeVariant);
  $("#compare-form").addEventListener("submit", compareVariants);
  const tomorrow = new Date(Date.now() + 86400000);
  // The default a form reset (a switch of creator) returns to.
  $("#plan-start").defaultValue = tomorrow.toISOString().slice(0, 10);
  $("#plan-form").addEventListener("submit", planWeek);
});
