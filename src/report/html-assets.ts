/**
 * The style sheet and the script of the HTML report. Both are fixed text: no value from a
 * report ever goes into them, so the hashes in the report's Content-Security-Policy allow
 * exactly these two blocks and nothing else.
 */

/** The report's style sheet (inline; the CSP allows it by its hash). */
export const HTML_STYLE = `
:root { color-scheme: light dark; --fg: #1d2430; --bg: #ffffff; --muted: #5b6472; --line: #d8dde5; --panel: #f4f6f9; --accent: #2457c5; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e3e7ee; --bg: #14181f; --muted: #9aa3b2; --line: #323a47; --panel: #1c222c; --accent: #7ea6ff; }
}
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { max-width: 72rem; margin: 0 auto; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
code, pre { font: 13px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
pre { white-space: pre-wrap; word-break: break-word; margin: 0; }
.meta { color: var(--muted); margin: 0; }
.meta dt { display: inline; font-weight: 600; }
.meta dd { display: inline; margin: 0 1rem 0 .25rem; white-space: nowrap; }
.summary { display: flex; flex-wrap: wrap; gap: 1rem; align-items: stretch; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: .75rem 1rem; }
.score { font-size: 2.25rem; font-weight: 700; line-height: 1.1; }
.score.good { color: #1f8a3b; } .score.fair { color: #b7791f; } .score.poor { color: #c53030; }
.counts { list-style: none; margin: 0; padding: 0; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
.charts figure { margin: 0; }
.charts figcaption { font-weight: 600; margin-bottom: .25rem; }
.chart text { fill: var(--fg); font: 12px system-ui, sans-serif; }
.chart .track { fill: var(--line); }
form.filters { display: flex; flex-wrap: wrap; gap: .75rem; align-items: end; margin: .5rem 0 .75rem; }
form.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
form.filters input, form.filters select { font: inherit; padding: .25rem .4rem; min-width: 9rem; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: .4rem .5rem; border-bottom: 1px solid var(--line); }
th { font-size: .85rem; color: var(--muted); }
tbody[hidden] { display: none; }
tr.detail td { padding-top: 0; border-bottom: 1px solid var(--line); }
tr.head td { border-bottom: none; }
details summary { cursor: pointer; color: var(--accent); }
details dl { margin: .5rem 0; }
details dt { font-weight: 600; margin-top: .5rem; }
details dd { margin: .15rem 0 0 1rem; }
.evidence { margin: 0; padding-left: 1.1rem; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 999px; font-size: .8rem; font-weight: 600; color: #fff; white-space: nowrap; }
.sev-critical { background: #7b1fa2; } .sev-high { background: #c53030; } .sev-medium { background: #b7791f; } .sev-low { background: #2b6cb0; } .sev-info { background: #718096; }
.st-fail { color: #c53030; font-weight: 600; } .st-error { color: #b7791f; font-weight: 600; } .st-pass { color: #1f8a3b; } .st-skip { color: var(--muted); } .st-waived { color: #2b6cb0; }
.st-not-run { color: var(--muted); font-style: italic; }
.muted { color: var(--muted); }
.counts.inline li { display: inline-block; margin-right: 1rem; }
tr.section th { font-size: .95rem; color: var(--fg); background: var(--panel); }
.rules { list-style: none; margin: 0; padding: 0; }
.empty[hidden] { display: none; }
`;

/** The filter of the findings table: plain DOM, reads only the data attributes of the rows. */
export const HTML_SCRIPT = `
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var shown = document.getElementById('shown');
  var empty = document.getElementById('empty');
  if (!form || !shown || !empty) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll('tbody.finding'));
  function value(name) {
    var el = form.elements.namedItem(name);
    return el && 'value' in el ? String(el.value) : '';
  }
  function apply() {
    var status = value('status');
    var severity = value('severity');
    var family = value('family');
    var words = value('q').toLowerCase().split(/\\s+/).filter(Boolean);
    var count = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute('data-search') || '';
      var visible =
        (!status || row.getAttribute('data-status') === status) &&
        (!severity || row.getAttribute('data-severity') === severity) &&
        (!family || row.getAttribute('data-family') === family) &&
        words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !visible;
      if (visible) count += 1;
    });
    shown.textContent = String(count);
    empty.hidden = count > 0;
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  apply();
})();
`;
