// The review queue from the keyboard: j/k move, a approves (the selected reviews, or the current
// one), r rejects, e edits, o opens the denial, x selects, u undoes a bulk decision in its window,
// ? lists the keys. A bulk decision waits UNDO_MS before it is sent; single decisions are the
// page's own forms (the page comes back at the same place, ?at=).
(function () {
  'use strict';
  var UNDO_MS = 5000;
  var live = document.getElementById('announce');
  var help = document.getElementById('shortcuts');
  var undoButton = document.getElementById('bulk-undo');
  var reasonInput = document.getElementById('bulk-reason');
  var current = 0;
  var pending = null;

  function rows() { return Array.prototype.slice.call(document.querySelectorAll('tr.review-row')); }
  function say(text) { live.textContent = text; }
  function csrf() {
    var t = document.querySelector('input[name="_csrf"]');
    return t ? t.value : '';
  }

  function focusRow(i) {
    var r = rows();
    if (r.length === 0) return;
    current = Math.max(0, Math.min(i, r.length - 1));
    r.forEach(function (x) { x.classList.remove('current'); x.removeAttribute('aria-current'); });
    var row = r[current];
    row.classList.add('current');
    row.setAttribute('aria-current', 'true');
    row.focus();
    row.scrollIntoView({ block: 'nearest' });
  }

  function selected() {
    return rows().filter(function (r) {
      var box = r.querySelector('input.select');
      return box && box.checked && !r.classList.contains('pending');
    });
  }

  function updateBulk() {
    var n = selected().length;
    document.getElementById('bulk-count').textContent = n + ' selected';
    document.getElementById('bulk-approve').disabled = n === 0;
    document.getElementById('bulk-reject').disabled = n === 0;
  }

  function updateCount() {
    document.getElementById('review-count').textContent = rows().length + ' waiting';
  }

  function bulk(decision) {
    if (pending) { say('A bulk decision is waiting to be sent: undo it or wait.'); return; }
    var sel = selected();
    if (sel.length === 0) return;
    var reason = null;
    if (decision === 'reject') {
      reason = reasonInput.value.trim();
      if (!reason) {
        say('A bulk rejection needs a reason: type it in the reason field, then press Enter.');
        reasonInput.focus();
        return;
      }
    }
    var ids = sel.map(function (r) { return r.dataset.review; });
    sel.forEach(function (r) { r.classList.add('pending'); });
    undoButton.hidden = false;
    say((decision === 'approve' ? 'Approving ' : 'Rejecting ') + ids.length +
        (ids.length === 1 ? ' review' : ' reviews') + ' in ' + (UNDO_MS / 1000) +
        ' seconds: press u or Undo to cancel.');
    pending = {
      rows: sel,
      timer: setTimeout(function () { send(decision, ids, reason, sel); }, UNDO_MS)
    };
  }

  function undo() {
    if (!pending) return;
    clearTimeout(pending.timer);
    pending.rows.forEach(function (r) { r.classList.remove('pending'); });
    pending = null;
    undoButton.hidden = true;
    say('Undone: nothing was decided.');
    updateBulk();
    focusRow(current);
  }

  function send(decision, ids, reason, sel) {
    pending = null;
    undoButton.hidden = true;
    var first = rows().indexOf(sel[0]);
    fetch('/api/v1/reviews/bulk', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-TOKEN': csrf() },
      body: JSON.stringify({ decision: decision, ids: ids, reason: reason })
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (body) {
        if (!res.ok) {
          sel.forEach(function (r) { r.classList.remove('pending'); });
          say('Nothing was decided: ' + (body.detail || ('the service answered ' + res.status)));
          updateBulk();
          return;
        }
        var byId = {};
        body.results.forEach(function (x) { byId[x.id] = x; });
        sel.forEach(function (r) {
          var x = byId[r.dataset.review];
          if (x && x.status === 204) {
            r.remove();
          } else {
            r.classList.remove('pending');
            r.classList.add('failed');
            r.querySelector('input.select').checked = false;
            if (x) r.querySelector('.reason').textContent = x.detail;
          }
        });
        var failed = body.results.filter(function (x) { return x.status !== 204; });
        say((decision === 'approve' ? 'Approved ' : 'Rejected ') + body.decided +
            (body.decided === 1 ? ' review' : ' reviews') +
            (failed.length === 0 ? '.' : '; ' + failed.length + ' not decided: ' +
                failed.map(function (x) { return x.detail; }).join('; ')));
        if (decision === 'reject') reasonInput.value = '';
        updateCount();
        updateBulk();
        focusRow(first < 0 ? current : first);
      });
    }, function () {
      sel.forEach(function (r) { r.classList.remove('pending'); });
      say('Nothing was decided: the service could not be reached.');
      updateBulk();
    });
  }

  function openBox(selector) {
    var row = rows()[current];
    if (!row) return;
    var box = row.querySelector(selector);
    if (!box) return false;
    box.open = true;
    var input = box.querySelector('input[type="text"]');
    if (input) input.focus();
    return true;
  }

  document.addEventListener('change', function (e) {
    if (e.target.matches && e.target.matches('input.select')) updateBulk();
  });
  document.addEventListener('click', function (e) {
    var row = e.target.closest && e.target.closest('tr.review-row');
    if (row) current = rows().indexOf(row);
  });
  document.getElementById('bulk-approve').addEventListener('click', function () { bulk('approve'); });
  document.getElementById('bulk-reject').addEventListener('click', function () { bulk('reject'); });
  undoButton.addEventListener('click', undo);
  reasonInput.addEventListener('keydown', function (e) {
    if (e.key === 'Enter') { e.preventDefault(); bulk('reject'); }
  });

  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t.matches && t.matches('input, textarea, select')) {
      if (e.key === 'Escape') { t.blur(); focusRow(current); }
      return;
    }
    var row = rows()[current];
    switch (e.key) {
      case 'j': focusRow(current + 1); break;
      case 'k': focusRow(current - 1); break;
      case 'x':
        if (!row) return;
        var box = row.querySelector('input.select');
        box.checked = !box.checked;
        updateBulk();
        break;
      case 'a':
        if (selected().length > 0) bulk('approve');
        else if (row) row.querySelector('button.approve').click();
        break;
      case 'r':
        if (selected().length > 0) reasonInput.focus();
        else openBox('details.reject-box');
        break;
      case 'e':
        if (!openBox('details.edit')) say('This review has no fields to edit.');
        break;
      case 'o':
        if (row) window.location.href = row.querySelector('a.open-denial').href;
        break;
      case 'u': undo(); break;
      case '?': help.hidden = !help.hidden; break;
      case 'Escape': help.hidden = true; break;
      default: return;
    }
    e.preventDefault();
  });

  var at = parseInt(new URLSearchParams(window.location.search).get('at') || '0', 10);
  focusRow(isNaN(at) ? 0 : at);
  updateBulk();
})();
