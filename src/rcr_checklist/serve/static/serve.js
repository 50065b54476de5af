// rcr-checklist serve: save as you answer and show or hide questions as the facts change.
// Progressive enhancement only: without this script every page is a plain form that saves
// when submitted. No network other than this server; no inline script (CSP 'self').
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }  // after a refused save, start at the list of problems
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) { return; }
  var status = document.getElementById("save-status");
  var timer = null;
  var busy = false;
  var again = false;

  function say(text) { if (status) { status.textContent = text; } }

  form.addEventListener("change", function (event) {
    // Evidence rows are added and removed with the page's buttons (the list's shape changes).
    if (event.target.closest("[data-no-autosave]")) { return; }
    clearTimeout(timer);
    timer = setTimeout(send, 120);
  });

  function send() {
    if (busy) { again = true; return; }
    busy = true;
    say("Saving…");
    var data = new FormData(form);
    data.set("action", "autosave");
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new URLSearchParams(data),
      headers: { "X-Autosave": "1" },
      credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok && response.headers.get("content-type") !== "application/json") {
        throw new Error("the server answered " + response.status);
      }
      return response.json();
    }).then(apply).catch(function (error) {
      say("Not saved (" + error.message + "). Use the Save button.");
    }).then(function () {
      busy = false;
      if (again) { again = false; send(); }
    });
  }

  function apply(result) {
    var shown = {};
    result.visible.forEach(function (id) { shown[id] = true; });
    var count = 0;
    var reload = false;
    form.querySelectorAll("fieldset[data-question]").forEach(function (fieldset) {
      var id = fieldset.getAttribute("data-question");
      var on = shown[id] === true;
      fieldset.hidden = !on;
      fieldset.disabled = !on;
      if (on) {
        count += 1;
        var num = fieldset.querySelector("legend .num");
        if (num) { num.textContent = count + "."; }
      }
      if (id in result.evidence &&
          String(result.evidence[id]) !== fieldset.getAttribute("data-evidence")) {
        reload = true;
      }
    });
    var none = document.getElementById("none-visible");
    if (none && result.visible.length !== undefined && form.querySelector("fieldset[data-question]")) {
      none.hidden = count > 0;
    }
    Object.keys(result.was).forEach(function (name) {
      var input = form.elements.namedItem(name);
      if (input) { input.value = result.was[name]; }
    });
    form.querySelectorAll("p.error").forEach(function (p) {
      var message = result.errors[p.id] || "";
      p.textContent = message;
      p.hidden = !message;
    });
    var score = document.getElementById("score-panel");
    if (score) { score.innerHTML = result.score; }
    var progress = document.getElementById("progress");
    if (progress) { progress.textContent = result.progress; }
    var nav = document.getElementById("nav-panel");
    if (nav) { nav.innerHTML = result.nav; }
    say(result.status);
    if (result.saved && status) {
      status.setAttribute("data-saves", String(Number(status.getAttribute("data-saves") || 0) + 1));
    }
    if (reload && result.saved) { window.location.reload(); }
  }
}());
