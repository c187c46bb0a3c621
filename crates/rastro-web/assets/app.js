// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // The language switcher applies on change instead of needing its button.
  var sw = document.getElementById("lang-switch");
  if (sw && sw.form) {
    sw.addEventListener("change", function () { sw.form.submit(); });
  }
  // Import progress: poll the job and show how far it got, then reload to show the report.
  var job = document.querySelector("[data-job]");
  if (job) {
    var bar = job.querySelector("progress");
    var label = job.querySelector(".job-label");
    var poll = function () {
      fetch(job.getAttribute("data-job"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (state) {
          if (bar && state.total) { bar.max = state.total; bar.value = state.done; }
          if (label) { label.textContent = state.label || ""; }
          if (state.finished) { window.location.reload(); } else { setTimeout(poll, 400); }
        })
        .catch(function () { setTimeout(poll, 1500); });
    };
    setTimeout(poll, 300);
  }
  // Selects that only change the view submit themselves.
  Array.prototype.forEach.call(document.querySelectorAll("select[data-autosubmit]"), function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });
})();
