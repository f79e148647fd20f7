// explaint report: draws the attention viewer from the page's own JSON block.
(function () {
  'use strict';
  var block = document.getElementById('example-data');
  if (!block) { return; }
  var example = JSON.parse(block.textContent);
  var words = example.words || [];
  var raw = example.raw || [];
  var rollout = example.rollout || [];
  var layerSelect = document.getElementById('viewer-layer');
  var headSelect = document.getElementById('viewer-head');
  var layers = typeof example.layers === 'number' ? example.layers : raw.length;
  var heads = typeof example.heads === 'number' ? example.heads
      : (raw.length > 0 ? raw[0].length : 0);

  function fill(select, count) {
    for (var i = 0; i < count; i++) {
      var option = document.createElement('option');
      option.value = String(i);
      option.textContent = String(i);
      select.appendChild(option);
    }
  }

  // One table: rows attend (query), columns are attended (key); darker is more weight.
  function matrix(target, weights, label) {
    target.textContent = '';
    if (!Array.isArray(weights) || weights.length === 0) {
      target.textContent = 'not available';
      return;
    }
    var table = document.createElement('table');
    table.className = 'attention';
    table.setAttribute('aria-label', label);
    var head = table.createTHead().insertRow();
    head.appendChild(document.createElement('th'));
    words.forEach(function (word) {
      var th = document.createElement('th');
      th.textContent = word;
      head.appendChild(th);
    });
    var body = table.createTBody();
    words.forEach(function (query, q) {
      var row = body.insertRow();
      var th = document.createElement('th');
      th.textContent = query;
      row.appendChild(th);
      words.forEach(function (key, k) {
        var cell = row.insertCell();
        var w = (weights[q] || [])[k];
        if (typeof w === 'number') {
          cell.style.backgroundColor = 'rgba(8, 48, 107, ' + Math.max(0, Math.min(1, w)) + ')';
          cell.title = query + ' \u2192 ' + key + ': ' + w.toFixed(3);
        } else {
          cell.title = 'not available';
        }
      });
    });
    target.appendChild(table);
  }

  function draw() {
    var layer = Number(layerSelect.value);
    var h = Number(headSelect.value);
    document.getElementById('viewer-raw-caption').textContent =
        'Raw attention, layer ' + layer + ', head ' + h;
    document.getElementById('viewer-rollout-caption').textContent =
        'Rollout up to layer ' + layer;
    matrix(document.getElementById('viewer-raw'), (raw[layer] || [])[h], 'raw attention');
    matrix(document.getElementById('viewer-rollout'), rollout[layer], 'rollout');
  }

  fill(layerSelect, layers);
  fill(headSelect, heads);
  layerSelect.addEventListener('change', draw);
  headSelect.addEventListener('change', draw);
  draw();
})();
