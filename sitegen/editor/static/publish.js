// The publish's progress, asked of the editor every second while it runs; the page works
// without this too (its refresh link). When the publish ends, the publish page is opened
// for its summary and problems (a GET: reloading a refused POST would send it again).
(function () {
  "use strict";
  var job = document.getElementById("job");
  if (!job || job.getAttribute("data-state") !== "running") {
    return;
  }
  var bar = document.getElementById("job-bar");
  var line = document.getElementById("job-line");
  function poll() {
    fetch(job.getAttribute("data-status"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        bar.max = Math.max(state.bytes_total, 1);
        bar.value = state.bytes_done;
        line.textContent = state.status;
        if (state.state !== "running") {
          window.location.assign(job.getAttribute("data-page"));
        } else {
          window.setTimeout(poll, 1000);
        }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
