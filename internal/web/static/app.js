// Progressive enhancement for the internal pages: live character counters against the
// standard's limits, adding rows to list fields without a round trip, and the classification
// questionnaire showing follow-up questions as soon as an answer changes. Everything works
// without this file.
(function () {
  'use strict';
  function textLength(s) {
    // The standard counts characters after removing HTML.
    return s.replace(/<[^>]*>/g, '').length;
  }
  document.querySelectorAll('[data-counter-for]').forEach(function (counter) {
    var input = document.getElementById(counter.getAttribute('data-counter-for'));
    if (!input) { return; }
    var max = parseInt(input.getAttribute('data-maxlen'), 10);
    var suffix = counter.textContent.replace(/^[^\/]*\/\s*\d+/, '');
    function update() {
      var n = textLength(input.value);
      counter.textContent = n + ' / ' + max + suffix;
      counter.classList.toggle('over', n > max);
    }
    input.addEventListener('input', update);
  });
  document.querySelectorAll('[data-rows]').forEach(function (group) {
    var button = group.querySelector('[data-more]');
    var count = group.querySelector('[data-rowcount]');
    var body = group.querySelector('tbody');
    if (!button || !count || !body) { return; }
    button.addEventListener('click', function (ev) {
      var rows = body.querySelectorAll('[data-row]');
      if (rows.length === 0) { return; }
      ev.preventDefault();
      var last = rows[rows.length - 1];
      var n = rows.length;
      var row = last.cloneNode(true);
      row.querySelectorAll('input, select').forEach(function (el) {
        el.name = el.name.replace(/\.\d+\./, '.' + n + '.');
        var label = el.getAttribute('aria-label');
        if (label) { el.setAttribute('aria-label', label.replace(/\d+(?=[^\d]*$)/, String(n + 1))); }
        el.value = '';
      });
      var first = row.querySelector('td');
      if (first && !first.querySelector('input')) { first.textContent = String(n + 1); }
      body.appendChild(row);
      count.value = String(n + 1);
      var focus = row.querySelector('input');
      if (focus) { focus.focus(); }
    });
  });
  // The questionnaire: every question is on the page; those that cannot change the outcome
  // are hidden and disabled (a disabled field is not sent, so it keeps its default, as the
  // server expects). Each conditional question carries its rule as JSON (classify.node):
  // re-evaluated here after every answer, with the answers as the server would read them.
  document.querySelectorAll('[data-questionnaire]').forEach(function (form) {
    var questions = Array.prototype.slice.call(form.querySelectorAll('fieldset[data-show-if]'));
    var status = form.querySelector('[data-questions-status]');
    var rules = questions.map(function (q) {
      try { return JSON.parse(q.getAttribute('data-show-if')); } catch (e) { return null; }
    });
    function fact(name) {
      var fs = form.querySelector('#q-' + name);
      var inputs = form.querySelectorAll('[name="' + name + '"]');
      var checked = [];
      inputs.forEach(function (el) { if (el.checked && !(fs && fs.disabled)) { checked.push(el.value); } });
      return checked;
    }
    function evaluate(n) {
      var v;
      switch (n.op) {
        case 'or': return evaluate(n.a) || evaluate(n.b);
        case 'and': return evaluate(n.a) && evaluate(n.b);
        case 'not': return !evaluate(n.a);
        case 'const': return n.value === true;
        case 'bool': return fact(n.fact)[0] === 'true';
        case 'any': return fact(n.fact).length > 0;
        case 'eq': v = fact(n.fact)[0] || 'none'; return v === n.value;
        case 'ne': v = fact(n.fact)[0] || 'none'; return v !== n.value;
        case 'in': v = fact(n.fact)[0] || 'none'; return n.values.indexOf(v) >= 0;
        case 'has': return fact(n.fact).indexOf(n.value) >= 0;
      }
      return true; // unknown: ask rather than hide
    }
    function update() {
      var shown = 0, hidden = 0;
      // Hiding a question resets its answer to the default, which may hide others: repeat
      // until nothing changes (at most once per question).
      for (var round = 0; round <= questions.length; round++) {
        var changed = false;
        questions.forEach(function (q, i) {
          if (!rules[i]) { return; }
          var show = evaluate(rules[i]);
          if (show === q.hidden) {
            q.hidden = !show;
            q.disabled = !show;
            changed = true;
            if (show) { shown++; } else { hidden++; }
          }
        });
        if (!changed) { break; }
      }
      if (status && (shown || hidden)) {
        status.textContent = shown ? status.getAttribute('data-more') : status.getAttribute('data-fewer');
      }
    }
    form.addEventListener('change', function (ev) {
      if (ev.target && ev.target.closest && ev.target.closest('fieldset.question')) { update(); }
    });
    var button = form.querySelector('[data-update]');
    if (button && rules.every(function (r) { return r !== null; })) { button.hidden = true; }
  });
})();
