// Progressive enhancement for the internal pages: live character counters against the
// standard's limits, and adding rows to list fields without a round trip. Everything works
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
})();
