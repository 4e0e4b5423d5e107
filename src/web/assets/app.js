// The dashboard's only script (served as /assets/app.js, CSP script-src 'self'). The pages work
// without it; it adds controls that answer in place, confirmations, and live state over SSE.
/* global document, window, EventSource, fetch, URLSearchParams, FormData, HTMLFormElement, HTMLInputElement */
'use strict';

(function () {
  // Sliders and colour pickers send on change, so their Set buttons are only for pages without script.
  document.documentElement.classList.add('js');

  function field(card, name) {
    return card.querySelector('[data-field="' + name + '"]');
  }

  function showError(card, problem) {
    var box = card && field(card, 'error');
    if (!box) return;
    box.textContent = '';
    if (!problem) return;
    var div = document.createElement('div');
    div.className = 'error';
    var strong = document.createElement('strong');
    strong.textContent = problem.what;
    div.appendChild(strong);
    div.appendChild(document.createTextNode(' ' + problem.todo));
    box.appendChild(div);
  }

  function update(card, d) {
    if (!card) return;
    field(card, 'name').textContent = d.name;
    var summary = field(card, 'summary');
    if (summary.textContent !== d.summary) summary.textContent = d.summary;
    field(card, 'offline').hidden = d.online;
    card.setAttribute('data-online', String(d.online));
    if (!d.light) return;
    var l = d.light;
    var swatch = field(card, 'swatch');
    swatch.style.background = l.hex;
    swatch.classList.toggle('off', !l.on);
    var power = card.querySelector('form[data-live="power"]');
    if (power) {
      power.querySelector('input[name="powerState"]').value = l.on ? 'OFF' : 'ON';
      var button = power.querySelector('button');
      button.textContent = l.on ? 'Turn off' : 'Turn on';
      button.setAttribute('aria-pressed', String(l.on));
      button.classList.toggle('secondary', l.on);
    }
    var range = card.querySelector('input[name="brightness"]');
    // Never move a control out from under the user's hand.
    if (range && document.activeElement !== range) range.value = String(l.brightness);
    var label = field(card, 'brightness-value');
    if (label) label.textContent = l.brightness + '%';
    var color = card.querySelector('input[name="color"]');
    if (color && document.activeElement !== color) color.value = l.white ? '#ffffff' : l.hex;
  }

  function sendControl(form) {
    var card = form.closest('[data-device-id]');
    var body = new URLSearchParams(new FormData(form));
    form.setAttribute('aria-busy', 'true');
    return fetch(form.action, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
        'x-csrf-token': body.get('_csrf') || '',
      },
      body: body,
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return null;
          })
          .then(function (data) {
            if (res.ok && data && data.device) {
              showError(card, null);
              update(card, data.device);
            } else if (res.status === 401) {
              window.location.assign('/signin?next=/dashboard');
            } else {
              showError(
                card,
                (data && data.error) || {
                  what: 'The server gave an unexpected answer (' + res.status + ').',
                  todo: 'Reload the page and try again.',
                },
              );
            }
          });
      })
      .catch(function () {
        showError(card, {
          what: 'My Lights could not be reached.',
          todo: 'Check your connection and try again.',
        });
      })
      .finally(function () {
        form.removeAttribute('aria-busy');
      });
  }

  document.addEventListener('submit', function (ev) {
    var form = ev.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      ev.preventDefault();
      return;
    }
    if (form.hasAttribute('data-live')) {
      ev.preventDefault();
      sendControl(form);
    }
  });

  document.addEventListener('change', function (ev) {
    var input = ev.target;
    if (input instanceof HTMLInputElement && input.hasAttribute('data-auto-submit') && input.form) {
      input.form.requestSubmit();
    }
  });

  document.addEventListener('input', function (ev) {
    var input = ev.target;
    if (input instanceof HTMLInputElement && input.name === 'brightness') {
      var card = input.closest('[data-device-id]');
      var label = card && field(card, 'brightness-value');
      if (label) label.textContent = input.value + '%';
    }
  });

  var list = document.getElementById('devices');
  var status = document.getElementById('live-status');
  if (!list || !window.EventSource) return;
  var liveText = status ? status.textContent : '';
  var events = new EventSource('/events');
  events.addEventListener('open', function () {
    if (status && status.textContent !== liveText) status.textContent = liveText;
    document.body.setAttribute('data-live', 'connected');
  });
  events.addEventListener('error', function () {
    document.body.setAttribute('data-live', 'reconnecting');
    if (status) status.textContent = 'Live updates paused: reconnecting to My Lights…';
  });
  events.addEventListener('signed-out', function () {
    events.close();
    window.location.assign('/signin?next=/dashboard');
  });
  events.addEventListener('device', function (ev) {
    var msg = JSON.parse(ev.data);
    var id = msg.device ? msg.device.id : msg.deviceId;
    var card = document.getElementById('dev-' + id);
    if (msg.change === 'removed') {
      if (card) card.remove();
      return;
    }
    if (!card && msg.html) {
      list.insertAdjacentHTML('beforeend', msg.html);
      var empty = document.getElementById('no-devices');
      if (empty) empty.remove();
      return;
    }
    update(card, msg.device);
  });
})();
