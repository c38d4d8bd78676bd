// LlmObserve console: the few things pages do after they are drawn (charts, live lists, the
// tenant switcher). Pages are rendered on the server (plain links and form posts); this file only
// enhances them, once per page load.
(function () {
  'use strict';
  const timers = [];

  function clearTimers() {
    while (timers.length) clearInterval(timers.pop());
  }

  function poll(fn, ms) {
    fn();
    timers.push(setInterval(fn, ms));
  }

  function charts() {
    if (!window.Chart) return;
    document.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      canvas.dataset.drawn = '1';
      const config = JSON.parse(canvas.dataset.chart);
      config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options || {});
      new window.Chart(canvas, config);
    });
  }

  function cell(row, text, className) {
    const td = document.createElement('td');
    if (className) td.className = className;
    td.textContent = text == null ? '' : String(text);
    row.appendChild(td);
    return td;
  }

  // Findings stored after the page was drawn are added on top of the list, newest first.
  function liveFindings() {
    const table = document.querySelector('[data-live-findings]');
    if (!table) return;
    const tbody = table.querySelector('tbody');
    const status = document.getElementById('live-status');
    poll(async function () {
      const response = await fetch('/live/findings?after=' + encodeURIComponent(table.dataset.after), { headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      const page = await response.json();
      table.dataset.after = page.next;
      page.items.forEach(function (f) {
        const row = document.createElement('tr');
        row.className = 'new';
        row.dataset.findingId = f.id;
        row.dataset.testid = 'finding-row';
        const sev = cell(row, '');
        const badge = document.createElement('span');
        badge.className = 'badge sev-' + f.severity;
        badge.textContent = f.severity;
        sev.appendChild(badge);
        const title = cell(row, '');
        const link = document.createElement('a');
        link.href = '/findings/' + f.id;
        link.textContent = f.title;
        title.appendChild(link);
        cell(row, f.category);
        cell(row, f.ruleId, 'mono');
        cell(row, [f.namespace, f.pod].filter(Boolean).join('/') || '—');
        cell(row, f.model || '—');
        cell(row, new Date(f.capturedAt).toISOString().replace('T', ' ').slice(0, 19) + 'Z', 'mono');
        tbody.insertBefore(row, tbody.firstChild);
      });
      if (page.items.length && status) {
        status.textContent = page.items.length + ' new finding(s) arrived.';
        const empty = document.querySelector('[data-live-empty]');
        if (empty) empty.hidden = true;
        table.hidden = false;
      }
    }, 2000);
  }

  // Onboarding: the last step turns green when the cluster's first collector reports.
  function clusterStatus() {
    const box = document.querySelector('[data-cluster-status]');
    if (!box) return;
    poll(async function () {
      if (box.classList.contains('ok')) return;
      const response = await fetch('/live/clusters/' + box.dataset.clusterStatus, { headers: { Accept: 'application/json' } });
      if (!response.ok) return;
      const s = await response.json();
      if (s.reporting) {
        box.classList.remove('waiting');
        box.classList.add('ok');
        box.querySelector('[data-status-text]').textContent =
          'Connected: node ' + s.firstNode + ' sent its first heartbeat. Its LLM traffic will appear under Exchanges.';
      }
    }, 2000);
  }

  function tenantSwitcher() {
    document.querySelectorAll('form[data-autosubmit] select').forEach(function (select) {
      select.addEventListener('change', function () { select.form.requestSubmit(); });
    });
  }

  function init() {
    clearTimers();
    charts();
    liveFindings();
    clusterStatus();
    tenantSwitcher();
  }

  document.addEventListener('DOMContentLoaded', init);
})();
