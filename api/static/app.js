// saveworthy's page: plain JS over the same JSON API scripts use. No framework, no CDN.
"use strict";

const $ = (sel) => document.querySelector(sel);
const state = { creator: null, keysRequired: true };

function apiKey() {
  return $("#api-key").value.trim();
}

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (apiKey()) headers["X-API-Key"] = apiKey();
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(options.json);
  }
  const response = await fetch(path, { ...options, headers });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const message = (body.error && body.error.message) || `request failed (${response.status})`;
    throw Object.assign(new Error(message), { status: response.status });
  }
  return body;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function fmt(x, digits = 2) {
  const text = Number(x).toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text; // never "-0.00": it rounds to nothing
}

function signed(x) {
  const text = fmt(x);
  return text.startsWith("-") || Number(text) === 0 ? text : `+${text}`;
}

function plural(count, word, many) {
  // "1 creator", "2 creators", "1,500 rows": as models/core/words.py says it.
  return `${count.toLocaleString("en-US")} ${count === 1 ? word : many || `${word}s`}`;
}

function pct(x) {
  const rounded = Math.round(x * 100);
  return `${rounded > 0 ? "+" : ""}${rounded === 0 ? 0 : rounded}%`; // "0%", never "+0%" or "-0%"
}

function status(message, isError = false) {
  const node = $("#access-status");
  node.textContent = message;
  node.classList.toggle("error", isError);
}

function actionError(button, message) {
  // An action's error sits beside the button that caused it (the status line is at the top of
  // the page, far from a Plan or Check button on a phone); "" clears it.
  const id = `${button.id}-error`;
  let node = document.getElementById(id);
  if (!node) {
    node = el("p", { id, class: "error action-error", role: "alert" });
    button.after(node);
  }
  node.textContent = message;
  node.hidden = !message;
}

function needCreator() {
  // True (and says what to do first) when no creator is chosen: every view that calls the API needs one.
  if (state.creator) return false;
  status(apiKey() ? "Choose a creator first." : "Enter your API key and press Load first.", true);
  return true;
}

// ---- creators -------------------------------------------------------------------
// Load with the key in the field (or none, on a server run with --no-auth). A server with
// keys answers 401 until a key is entered: say so, rather than show an empty list.
async function loadCreators() {
  const select = $("#creator");
  try {
    const { creators } = await api("/v1/creators");
    const previous = select.value;
    select.replaceChildren(...creators.map((c) => el("option", { value: c.creator_id, text: `${c.creator_id} (${plural(c.n_posts, "post")})` })));
    if (previous && creators.some((c) => c.creator_id === previous)) select.value = previous;
    if (!apiKey()) $("#api-key").placeholder = "not needed: this server runs without keys";
    status(creators.length ? `${plural(creators.length, "creator")} with a trained model.` : "No trained creator yet: upload a history.");
    setCreator(select.value || null, { reload: true });
  } catch (error) {
    select.replaceChildren();
    setCreator(null);
    if (error.status === 401) {
      status(apiKey() ? "That API key was not accepted. Check it and press Load." : "Enter your API key and press Load to see your creators.", Boolean(apiKey()));
      if (!apiKey()) $("#api-key").focus();
    } else {
      status(error.message, true);
    }
  }
}

// Everything on screen that belongs to a creator: their check result, insights and upload job.
// Switching creator clears it (and reloads the insights if they are showing), so one creator's
// numbers never sit under another's name.
function setCreator(creator, { reload = false } = {}) {
  const changed = creator !== state.creator;
  const previous = state.creator;
  state.creator = creator;
  if (!changed && !reload) return;
  if (changed) {
    // Every input was typed for the previous creator (a plan's drafts, a caption, a file): a
    // switch starts clean, so nothing of theirs is sent for the new one. The first choice keeps
    // what was typed before any creator was loaded.
    if (previous !== null) {
      for (const form of document.querySelectorAll("main form")) form.reset();
      for (const node of document.querySelectorAll(".action-error")) node.hidden = true;
    }
    // The Compare and Plan a week results (planning.js) were the previous creator's too.
    for (const id of ["#result", "#compare-result", "#plan-result"]) $(id).hidden = true;
    for (const id of ["#predicted", "#interval", "#percentile", "#warnings", "#similar", "#highlighted", "#highlight-legend", "#signals", "#tips",
      "#job", "#compare-result", "#plan-result"]) $(id).replaceChildren();
    $("#insights-body").replaceChildren(el("p", { class: "muted", text: creator ? "Loading…" : "Choose a creator and press Load." }));
  }
  if (creator && !$("#view-insights").hidden) loadInsights();
}

// ---- caption check --------------------------------------------------------------
function draftFromForm() {
  const draft = { caption: $("#caption").value };
  const planned = $("#planned-at").value;
  if (planned) {
    const offsetMin = -new Date(planned).getTimezoneOffset();
    const sign = offsetMin >= 0 ? "+" : "-";
    const abs = Math.abs(offsetMin);
    draft.planned_at = `${planned}:00${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  }
  if ($("#sound").value) draft.sound = $("#sound").value;
  if ($("#duration").value) draft.duration_s = Number($("#duration").value);
  draft.text_overlay = $("#overlay").checked;
  return draft;
}

function highlight(caption, signals) {
  // Mark what the API found, by its spans: offsets in code points into the caption as sent,
  // so "lưu lại" is marked although the detector matched it as "luu lai". Hashtags and
  // mentions are marked here. Two kinds of mark, each in the legend below the caption: what a lever of the guide found
  // ("lever"), and the hashtags and @mentions the model reads as such ("tag").
  const chars = Array.from(caption);
  const marked = new Array(chars.length).fill("");
  for (const match of caption.matchAll(/[#@][\p{L}\p{M}\p{N}_.]*[\p{L}\p{M}\p{N}_]/gu)) {
    const start = Array.from(caption.slice(0, match.index)).length;
    const length = Array.from(match[0]).length;
    for (let i = start; i < start + length; i++) marked[i] = "tag";
  }
  for (const signal of signals) {
    for (const { start, end } of signal.spans || []) for (let i = start; i < Math.min(end, chars.length); i++) marked[i] = "lever";
  }
  const container = $("#highlighted");
  container.replaceChildren();
  let run = "";
  chars.forEach((ch, i) => {
    run += ch;
    if (i + 1 === chars.length || marked[i + 1] !== marked[i]) {
      container.append(marked[i] ? el("mark", { class: marked[i], text: run }) : run);
      run = "";
    }
  });
  const meaning = { lever: "what the guide's levers found (a save call, a question, how-to words…)", tag: "hashtags and @mentions, read as such" };
  $("#highlight-legend").replaceChildren(...Object.entries(meaning).filter(([kind]) => marked.includes(kind))
    .map(([kind, text]) => el("li", {}, el("mark", { class: `key ${kind}`, text: "abc" }), ` ${text}`)));
}

const BADGES = { history: "from your history", population: "from other creators", prior: "prior (not learned)" };

function evidenceText(tip) {
  // One sentence per source, built from the evidence's numbers: what this creator's posts
  // show, then, when the impact does not come from them, where it comes from instead.
  const { posts_with: withIt, posts_without: without, note } = tip.evidence;
  const [first, ...others] = note.split("; ");
  // A lever the history never records (no text_overlay column) has nothing on either side:
  // say so, rather than "0 of your 0 posts".
  const own = withIt + without === 0 ? "your history does not record this (no such column)" : first;
  const sourceSaid = (clause) => clause.startsWith("too few to measure");
  const { population_creators: creators, population_posts: posts, prior_relative: prior } = tip.evidence;
  let source = others.filter(sourceSaid);
  // "from other creators": the note's own clause says across whom (for a lever: the creators whose posts had it).
  if (tip.source === "prior") {
    const few = creators != null ? `, and the posts of only ${plural(creators, "other creator")} had it (${plural(posts, "post")})` : "";
    source = [`too few to measure${few}, so this uses the guide's stated prior${prior ? ` of ${pct(prior)}` : ""}, not your posts`];
  }
  return `${[own, ...source, ...others.filter((c) => !sourceSaid(c))].join("; ")}.`;
}

function tipItem(tip, maxImpact) {
  const impact = tip.expected_impact;
  const width = maxImpact > 0 ? Math.max(4, Math.round((100 * Math.max(impact.saves_per_1k, 0)) / maxImpact)) : 4;
  const item = el("li", { class: `tip ${tip.source}` });
  const head = el("div", { class: "tip-head" },
    el("h3", { text: tip.title }),
    el("span", { class: `badge ${tip.source}`, text: BADGES[tip.source] || tip.source }),
    el("span", { class: `badge conf-${tip.confidence}`, text: `${tip.confidence} confidence` }));
  const bar = el("div", { class: "bar", role: "img",
    "aria-label": `expected ${signed(impact.saves_per_1k)} saves per 1,000 views` },
    el("span", { style: `width:${width}%` }));
  item.append(head,
    el("p", { class: "advice", text: tip.advice }),
    bar,
    el("p", { class: "muted", text: `${signed(impact.saves_per_1k)} per 1k (${pct(impact.relative)}), 80% range ${fmt(impact.interval.low)} to ${fmt(impact.interval.high)}` }),
    el("p", { class: "muted", text: `Evidence: ${evidenceText(tip)}` }),
    el("details", {}, el("summary", { text: "Why this works" }), el("p", { text: tip.why })));
  if (tip.apply) {
    const button = el("button", { type: "button", class: "apply", text: "Apply" });
    button.addEventListener("click", () => applyTip(tip.apply));
    item.append(button);
  }
  return item;
}

function applyTip(change) {
  if (change.caption !== undefined) $("#caption").value = change.caption;
  if (change.hashtags) {
    const have = $("#caption").value;
    const add = change.hashtags.filter((t) => !have.toLowerCase().includes(`#${t}`)).map((t) => `#${t}`);
    $("#caption").value = `${have.trimEnd()} ${add.join(" ")}`.trim();
  }
  if (change.text_overlay !== undefined) $("#overlay").checked = Boolean(change.text_overlay);
  if (change.sound) $("#sound").value = change.sound;
  if (change.planned_at) plannedAt(new Date(change.planned_at));
  else if (change.planned_weekday) nextWindow(change.planned_weekday, change.planned_hours);
  scoreDraft();
}

function plannedAt(date) {
  // The tip's concrete slot, shown in the browser's time (the input has no zone).
  const pad = (n) => String(n).padStart(2, "0");
  $("#planned-at").value =
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function nextWindow(weekday, hours) {
  // The next such weekday, at the start of the window, in the browser's time.
  const days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
  const target = days.indexOf(weekday);
  const hour = Number(hours.slice(0, 2)) + 1;
  const date = new Date();
  date.setDate(date.getDate() + ((target - date.getDay() + 7) % 7 || 7));
  date.setHours(hour, 0, 0, 0);
  const pad = (n) => String(n).padStart(2, "0");
  $("#planned-at").value = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(hour)}:00`;
}

async function scoreDraft(event) {
  if (event) event.preventDefault();
  if (needCreator()) return;
  const button = $("#score-button");
  button.disabled = true;
  const creator = state.creator;
  const draft = draftFromForm();
  try {
    const score = await api(`/v1/creators/${encodeURIComponent(creator)}/score`, { method: "POST", json: draft });
    if (creator !== state.creator) return; // the creator changed while this was scored: not theirs
    $("#result").hidden = false;
    $("#predicted").textContent = fmt(score.predicted_saves_per_1k);
    $("#interval").textContent = `${fmt(score.interval.low)}–${fmt(score.interval.high)}`;
    $("#percentile").textContent = `${Math.round(score.percentile)}%`;
    $("#warnings").textContent = score.warnings.join(" ");
    $("#similar").textContent = score.similar_posts ? score.similar_posts.sentence : "";
    $("#ranks").textContent = score.pairs_ordered_right ? `How well it ranks you: ${score.pairs_ordered_right.sentence}` : "";
    highlight(draft.caption, score.signals);
    $("#signals").replaceChildren(...score.signals.map((s) => el("li", { text: s.detail ? `${s.label}: ${s.detail}` : s.label })));
    const max = Math.max(0, ...score.tips.map((t) => t.expected_impact.saves_per_1k));
    $("#tips").replaceChildren(...(score.tips.length ? score.tips.map((t) => tipItem(t, max)) : [el("li", { text: "No tip would clearly help this draft." })]));
    actionError(button, "");
  } catch (error) {
    actionError(button, error.message);
  } finally {
    button.disabled = false;
  }
}

// ---- insights -------------------------------------------------------------------
function scroll(node) {
  // A wide table scrolls inside its own box; the page itself never gets wider than the phone.
  // When it does scroll, it says so: a hint above it and a shade on the side that hides more.
  const box = el("div", { class: "scroll", tabindex: "0" }, node);
  const hint = el("p", { class: "scroll-hint muted", text: "Wider than the screen: scroll sideways for more →" });
  hint.hidden = true;
  const update = () => {
    const more = box.scrollWidth - box.clientWidth > 1;
    hint.hidden = !more;
    box.classList.toggle("scrolls", more);
    box.classList.toggle("at-end", box.scrollLeft + box.clientWidth >= box.scrollWidth - 1);
  };
  box.addEventListener("scroll", update, { passive: true });
  new ResizeObserver(update).observe(box);
  return el("div", { class: "scroll-wrap" }, hint, box);
}

function table(caption, headers, rows, { words = [] } = {}) {
  // Cells of the `words` columns (hashtags, theme names) wrap between words only, never inside one.
  const cell = (c, i) => el("td", { text: String(c), ...(words.includes(i) ? { class: "words" } : {}) });
  return el("table", {},
    el("caption", { text: caption }),
    el("thead", {}, el("tr", {}, ...headers.map((h) => el("th", { scope: "col", text: h })))),
    el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map(cell)))));
}

function themesTable(themes) {
  // Each theme on a row, its example captions on the row below at the table's full width: a
  // column of its own left them a few words wide on a phone, and cut their hashtags in two.
  const body = el("tbody");
  for (const t of themes) {
    body.append(el("tr", {},
      el("td", { class: "words", text: t.name || "(no words set it apart)" }),
      el("td", { text: String(t.posts) }),
      el("td", { text: `${fmt(t.relative_save_rate)}×` })));
    if (t.examples.length) {
      body.append(el("tr", { class: "examples" },
        el("td", { colspan: "3", text: `e.g. ${t.examples.slice(0, 2).map((e) => `“${e}”`).join(" / ")}` })));
    }
  }
  return el("table", { class: "themes" },
    el("caption", { text: "Themes by save rate" }),
    el("thead", {}, el("tr", {}, ...["theme", "posts", "vs your other posts"].map((h) => el("th", { scope: "col", text: h })))),
    body);
}

function heatmap(cells, clock) {
  const days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  // A history of dates without times says which days, not which hours: one column, "any time".
  const byDay = cells.length > 0 && cells.every((c) => c.hours === "unknown");
  const blocks = byDay ? ["unknown"] : ["00", "03", "06", "09", "12", "15", "18", "21"];
  const caption = byDay
    ? "Save rate by day (your history has dates, not times): darker is better, number is posts"
    : `Save rate by day and time (${clock || "your clock"}): darker is better, number is posts`;
  const grid = el("table", { class: `heatmap${byDay ? " by-day" : ""}` }, el("caption", { text: caption }));
  grid.append(el("thead", {}, el("tr", {}, el("th", { scope: "col", text: "" }), ...blocks.map((b) => el("th", { scope: "col", text: byDay ? "any time" : `${b}h` })))));
  const body = el("tbody");
  for (const day of days) {
    const row = el("tr", {}, el("th", { scope: "row", text: day.slice(0, 3) }));
    for (const block of blocks) {
      const cell = cells.find((c) => c.weekday === day && c.hours.startsWith(block));
      if (!cell) { row.append(el("td", { class: "empty", text: "" })); continue; }
      // Shaded by the shrunk estimate insights and the best-time tip quote, so a cell of one
      // lucky post is not the darkest (it was, by its raw rate).
      const strength = heatStrength(cell.estimate_relative);
      row.append(el("td", {
        style: `background: ${heatColour(strength)}; color: ${strength > 0.5 ? "#fff" : "#1f1147"}`,
        title: `${byDay ? `${day}s` : `${day} ${cell.hours}`}: ${plural(cell.posts, "post")}, about ${fmt(cell.estimate_relative)}× the saves of other ${byDay ? "days" : "times"} (${fmt(cell.relative_save_rate)}× as posted, shrunk since few posts swing it)`,
        text: String(cell.posts),
      }));
    }
    body.append(row);
  }
  grid.append(body);
  const key = [0.8, 1, 1.2].map((x) => el("li", {},
    el("span", { class: "key heat", style: `background: ${heatColour(heatStrength(x))}` }), `${fmt(x)}×`));
  return el("div", {}, grid, el("ul", { class: "legend", "aria-label": "Shade: the saves of your others, shrunk" }, ...key,
    el("li", { text: "the saves of your other posts, shrunk towards 1× where posts are few; the number is posts" })));
}

function heatStrength(estimate) {
  // Shrunk estimates sit near 1×: 0.7× is the palest, 1.3× and above the darkest.
  return Math.max(0, Math.min(1, (estimate - 0.7) / 0.6));
}

function heatColour(strength) {
  return `rgba(124, 58, 237, ${0.1 + 0.8 * strength})`;
}

// ---- charts: inline SVG drawn here, sized to the box they sit in (no library, no CDN) ----
const SVG = "http://www.w3.org/2000/svg";

function svg(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function chartWidth(container) {
  // The chart is drawn at the width it is shown at, so its text stays readable on a phone.
  return Math.max(260, Math.min(900, Math.floor((container.clientWidth || 600) - 20)));
}

function legend(items) {
  return el("ul", { class: "legend" }, ...items.map(([cls, text]) => el("li", {}, el("span", { class: `key ${cls}` }), text)));
}

function timelineChart(timeline, container) {
  // Saves per 1k over time: the training posts, then the held-out posts beside what the
  // model predicted for them when it had seen only the earlier ones.
  const points = timeline.points;
  const width = chartWidth(container), height = 230;
  const pad = { left: 40, right: 10, top: 12, bottom: 36 };
  const values = points.flatMap((p) => [p.actual_saves_per_1k, p.predicted_saves_per_1k ?? 0]);
  const top = Math.max(timeline.creator_mean_saves_per_1k, ...values) * 1.08 || 1;
  const x = (i) => pad.left + (points.length < 2 ? 0.5 : i / (points.length - 1)) * (width - pad.left - pad.right);
  const y = (v) => pad.top + (1 - v / top) * (height - pad.top - pad.bottom);
  const chart = svg("svg", { class: "chart timeline", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `Saves per 1,000 views over time, ${points.length} points; the latest posts beside the model's predictions` });
  for (const tick of [0, top / 2, top]) {
    chart.append(svg("line", { class: "grid", x1: pad.left, x2: width - pad.right, y1: y(tick), y2: y(tick) }));
    chart.append(svg("text", { class: "tick", x: pad.left - 4, y: y(tick) + 4, "text-anchor": "end" }, tick === 0 ? "0" : fmt(tick, tick < 10 ? 1 : 0)));
  }
  const split = points.findIndex((p) => p.predicted_saves_per_1k !== null);
  if (split > 0) {
    const at = (x(split - 1) + x(split)) / 2;
    chart.append(svg("rect", { class: "held-out-zone", x: at, y: pad.top, width: width - pad.right - at, height: height - pad.top - pad.bottom }));
    const roomy = width - pad.right - at > 150;
    chart.append(svg("text", { class: "tick split", x: roomy ? at + 4 : width - pad.right - 4, y: pad.top + 12,
      "text-anchor": roomy ? "start" : "end" }, `held out from ${points[split].at}`));
  }
  chart.append(svg("line", { class: "mean", x1: pad.left, x2: width - pad.right,
    y1: y(timeline.creator_mean_saves_per_1k), y2: y(timeline.creator_mean_saves_per_1k) }));
  const actual = points.map((p, i) => `${x(i).toFixed(1)},${y(p.actual_saves_per_1k).toFixed(1)}`);
  chart.append(svg("polyline", { class: "actual-line", points: actual.join(" ") }));
  const predicted = points.map((p, i) => [p, i]).filter(([p]) => p.predicted_saves_per_1k !== null);
  chart.append(svg("polyline", { class: "predicted-line",
    points: predicted.map(([p, i]) => `${x(i).toFixed(1)},${y(p.predicted_saves_per_1k).toFixed(1)}`).join(" ") }));
  points.forEach((p, i) => {
    const dot = svg("circle", { class: "actual", cx: x(i), cy: y(p.actual_saves_per_1k), r: 2.6 });
    dot.append(svg("title", {}, `${p.at}: ${fmt(p.actual_saves_per_1k)} saves per 1k (${p.posts} post${p.posts === 1 ? "" : "s"})`));
    chart.append(dot);
  });
  for (const [p, i] of predicted) {
    const mark = svg("rect", { class: "predicted", x: x(i) - 2.6, y: y(p.predicted_saves_per_1k) - 2.6, width: 5.2, height: 5.2 });
    mark.append(svg("title", {}, `${p.at}: predicted ${fmt(p.predicted_saves_per_1k)}, actual ${fmt(p.actual_saves_per_1k)}`));
    chart.append(mark);
  }
  for (const [i, anchor] of [[0, "start"], [points.length - 1, "end"]]) {
    chart.append(svg("text", { class: "tick date", x: x(i), y: height - pad.bottom + 16, "text-anchor": anchor }, points[i].at));
  }
  chart.append(svg("text", { class: "tick", x: pad.left, y: height - 4 }, "saves per 1,000 views, consecutive posts pooled"));
  return el("figure", { class: "figure" },
    el("figcaption", { text: "Saves per 1,000 views over time, and how the model did on your latest posts" }),
    chart,
    legend([["actual", "your posts (actual)"], ["predicted", "model's prediction, trained only on earlier posts"],
      ["mean", `average of the posts it learned from (${fmt(timeline.creator_mean_saves_per_1k)}): a simple guess it must beat`]]));
}

function driversChart(drivers, container) {
  // Each driver's effect with its 80% range: a bar from zero, a whisker for the range.
  const width = chartWidth(container), row = 44, pad = { left: 8, right: 52, top: 8, bottom: 24 };
  const height = pad.top + row * drivers.length + pad.bottom;
  const lows = drivers.map((d) => Math.min(0, d.effect_low)), highs = drivers.map((d) => Math.max(0, d.effect_high));
  const min = Math.min(0, ...lows), max = Math.max(0.01, ...highs);
  const x = (v) => pad.left + ((v - min) / (max - min)) * (width - pad.left - pad.right);
  const chart = svg("svg", { class: "chart drivers", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `Top save drivers: ${drivers.map((d) => `${d.label} ${pct(d.effect_relative)}`).join(", ")}` });
  drivers.forEach((d, i) => {
    const top = pad.top + i * row;
    chart.append(svg("text", { class: "label", x: pad.left, y: top + 13 }, d.label));
    const from = x(Math.min(0, d.effect_relative)), to = x(Math.max(0, d.effect_relative));
    const bar = svg("rect", { class: `bar ${d.effect_relative >= 0 ? "up" : "down"}`, x: from, y: top + 19, width: Math.max(1, to - from), height: 14 });
    bar.append(svg("title", {}, `${d.label}: ${pct(d.effect_relative)} (80% range ${pct(d.effect_low)} to ${pct(d.effect_high)}; ${d.posts_with} posts with, ${d.posts_without} without)`));
    chart.append(bar);
    const mid = top + 26;
    chart.append(svg("line", { class: "whisker", x1: x(d.effect_low), x2: x(d.effect_high), y1: mid, y2: mid }));
    for (const v of [d.effect_low, d.effect_high]) chart.append(svg("line", { class: "whisker", x1: x(v), x2: x(v), y1: mid - 5, y2: mid + 5 }));
    chart.append(svg("text", { class: "value", x: x(Math.max(0, d.effect_high)) + 4, y: mid + 4 }, pct(d.effect_relative)));
  });
  chart.append(svg("line", { class: "zero", x1: x(0), x2: x(0), y1: pad.top, y2: height - pad.bottom }));
  const zeroAnchor = x(0) < pad.left + 40 ? "start" : x(0) > width - pad.right - 40 ? "end" : "middle";
  chart.append(svg("text", { class: "tick", x: x(0), y: height - 6, "text-anchor": zeroAnchor }, "no effect"));
  return el("figure", { class: "figure" },
    el("figcaption", { text: "Top save drivers: the model's effect, holding the rest equal" }),
    chart,
    legend([["bar", "effect on your save rate"], ["whisker", "80% range"]]));
}

function qualityParts(ins) {
  const quality = ins.quality || {};
  const check = ins.model_check || {};
  if (!quality.model) {
    return quality.error ? [el("p", { class: "warning", text: `No quality report: ${quality.error}` })] : [];
  }
  const rows = [["saveworthy", fmt(quality.model.spearman), fmt(quality.model.mae_saves_per_1k)]];
  for (const [name, s] of Object.entries(quality.baselines)) rows.push([name.replace("_", " "), fmt(s.spearman), fmt(s.mae_saves_per_1k)]);
  // A weak model's figures are said once, in the warnings at the top of insights.
  const verdict = check.beats_mean ? [el("p", { class: "ok", text: check.summary })] : [];
  return [scroll(table(`Model quality: ${quality.note}`, ["method", "rank correlation", "mean abs. error /1k"], rows)), ...verdict];
}

function trackRecordPanel(record) {
  // Drafts checked here (or by the API and CLI) before they were posted, and what the posts really saved.
  const rows = record.pairs.map((p) => [p.posted_at.slice(0, 10), fmt(p.predicted_saves_per_1k),
    `${fmt(p.low)}–${fmt(p.high)}`, fmt(p.saved_per_1k), p.inside ? "yes" : "no"]);
  const parts = [el("h3", { text: "Track record: drafts checked before you posted them" }),
    el("p", { class: "track-sentence", text: record.sentence })];
  if (rows.length) {
    parts.push(scroll(table("Each checked draft and what the post really saved (per 1,000 views)",
      ["posted", "predicted", "80% range", "saved", "inside"], rows)));
  }
  parts.push(el("p", { class: "muted", text: `${plural(record.drafts_waiting, "checked draft")} waiting to be posted; kept ${record.kept_days} days, matched by caption (no caption text is kept).` }));
  return el("section", { class: "track-record", id: "track-record" }, ...parts);
}

async function loadInsights() {
  const creator = state.creator;
  if (!creator) return;
  const target = $("#insights-body");
  try {
    const path = `/v1/creators/${encodeURIComponent(creator)}`;
    const [ins, record] = await Promise.all([api(`${path}/insights`), api(`${path}/track-record`).catch(() => null)]);
    if (creator !== state.creator) return; // another creator was chosen meanwhile
    target.replaceChildren(
      el("p", { text: `${ins.n_posts} ${ins.n_posts === 1 ? "post" : "posts"}: your median post ${fmt(ins.median_saves_per_1k)} saves per 1,000 views (what a check compares with); your average ${fmt(ins.baseline_saves_per_1k)} (your saves ÷ your views).` }),
      ...(ins.pairs_ordered_right ? [el("p", { class: "ranks", text: `How well it ranks you: ${ins.pairs_ordered_right.sentence}` })] : []),
      ...ins.warnings.map((w) => el("p", { class: "warning model-warning", text: w })));
    const parts = [];
    if (ins.timeline) parts.push(timelineChart(ins.timeline, target));
    parts.push(ins.top_drivers.length
      ? driversChart(ins.top_drivers, target)
      : el("p", { class: "muted", text: "No lever stands out yet: none has a clear effect on your saves." }));
    if (ins.best_windows.length) {
      parts.push(
        scroll(table(ins.best_windows.every((w) => w.hours === "unknown")
          ? "Best posting days (your history has dates, not times), ranked by the model's estimate of the day itself"
          : `Best posting windows (${ins.clock || "your time"}), ranked by the model's estimate of the time itself`,
          ["window", "posts", "model", "estimate", "raw rate"],
          ins.best_windows.slice(0, 5).map((w) => [w.hours === "unknown" ? `${w.weekday}s` : `${w.weekday} ${w.hours}`, w.posts,
            `${fmt(w.effect_relative)}×`, `${fmt(w.estimate_relative)}×`, `${fmt(w.relative_save_rate)}×`]))));
    } else {
      parts.push(el("p", { class: "muted", text: "No posting time of yours stands out yet once what you posted is held equal." }));
    }
    if (ins.windows_note) parts.push(el("p", { class: "muted windows-note", text: ins.windows_note }));
    parts.push(
      scroll(heatmap(ins.heatmap, ins.clock)),
      scroll(table("Hashtags by save rate (estimate: shrunk towards 1× where posts are few)", ["hashtag", "posts", "estimate", "80% range", "raw rate"],
        ins.hashtags.map((h) => [`#${h.hashtag}${h.not_reusable ? ` (not advised: ${h.not_reusable})` : ""}`, h.posts, `${fmt(h.estimate_relative)}×`, `${fmt(h.estimate_low)}–${fmt(h.estimate_high)}×`, `${fmt(h.relative_save_rate)}×`]), { words: [0] })),
      scroll(themesTable(ins.themes)),
      ...qualityParts(ins));
    if (record) parts.push(trackRecordPanel(record));
    target.append(...parts);
  } catch (error) {
    if (creator === state.creator) target.replaceChildren(el("p", { class: "error", text: error.message }));
  }
}

// ---- upload ---------------------------------------------------------------------
function rejectedTable(report) {
  // Identical reasons are one line: how many rows, and a few of them by row number.
  const rows = report.rejected_rows || [];
  const groups = report.rejected_groups || [];
  if (!rows.length) return "";
  const examples = (g) => g.examples.map((e) => `row ${e.row}${e.value ? ` (${e.value})` : ""}`).join(", ")
    + (g.count > g.examples.length ? ", …" : "");
  return scroll(table(`${plural(rows.length, "rejected row")}`, ["rows", "column", "reason", "for example"],
    groups.map((g) => [g.count, g.column || "", g.reason, examples(g)])));
}

async function uploadHistory(event) {
  event.preventDefault();
  if (!state.creator && $("#creator").value) setCreator($("#creator").value);
  if (needCreator()) return;
  const file = $("#history-file").files[0];
  if (!file) return;
  const box = $("#job");
  try {
    const headers = apiKey() ? { "X-API-Key": apiKey() } : {};
    const response = await fetch(`/v1/creators/${encodeURIComponent(state.creator)}/history`, { method: "POST", headers, body: file });
    const job = await response.json();
    if (!response.ok) throw new Error(job.error ? job.error.message : "upload failed");
    box.replaceChildren(el("p", { text: `Training job ${job.job_id}: ${job.state}…` }));
    let current = job;
    while (current.state === "queued" || current.state === "running") {
      await new Promise((r) => setTimeout(r, 1000));
      current = await api(`/v1/jobs/${job.job_id}`);
      box.replaceChildren(el("p", { text: `Training job ${job.job_id}: ${current.state}…` }), el("progress", { "aria-label": "training" }));
    }
    const report = current.report || {};
    box.replaceChildren(
      el("p", { class: current.state === "succeeded" ? "ok" : "error",
        text: current.state === "succeeded" ? `Trained on ${report.posts} posts (version ${report.version}).` : `Failed: ${current.error}` }),
      rejectedTable(report));
    await loadCreators();
  } catch (error) {
    box.replaceChildren(el("p", { class: "error", text: error.message }));
  }
}

// ---- tabs (WAI-ARIA pattern: arrows move between tabs) -------------------------
function selectTab(tab) {
  for (const t of document.querySelectorAll('[role="tab"]')) {
    const selected = t === tab;
    t.setAttribute("aria-selected", String(selected));
    t.tabIndex = selected ? 0 : -1;
    document.getElementById(t.getAttribute("aria-controls")).hidden = !selected;
  }
  tab.focus();
  if (tab.id === "tab-insights") loadInsights();
}

document.addEventListener("DOMContentLoaded", () => {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => selectTab(tab));
    tab.addEventListener("keydown", (e) => {
      if (e.key === "ArrowRight") selectTab(tabs[(i + 1) % tabs.length]);
      if (e.key === "ArrowLeft") selectTab(tabs[(i - 1 + tabs.length) % tabs.length]);
    });
  });
  $("#api-key").value = sessionStorage.getItem("saveworthy-key") || "";
  $("#access").addEventListener("submit", async (e) => {
    e.preventDefault();
    sessionStorage.setItem("saveworthy-key", apiKey());
    await loadCreators();
  });
  $("#creator").addEventListener("change", () => setCreator($("#creator").value || null));
  $("#draft-form").addEventListener("submit", scoreDraft);
  $("#upload-form").addEventListener("submit", uploadHistory);
  start();
});

async function start() {
  // Ask the open /health whether this server needs a key: with keys and none entered yet,
  // wait for one rather than call /v1 and collect a 401.
  try {
    const health = await (await fetch("/health")).json();
    state.keysRequired = health.keys_required !== false;
  } catch {
    state.keysRequired = true;
  }
  if (state.keysRequired && !apiKey()) {
    status("Enter your API key and press Load to see your creators.");
    $("#api-key").focus();
    return;
  }
  await loadCreators();
}
