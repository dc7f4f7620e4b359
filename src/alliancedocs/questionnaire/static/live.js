// alliancedocs questionnaire: live checking on top of pages that work without it.
// On each change the page's answers are saved (the answers file is the save), and the
// server answers with the warnings for every question, which replace the ones shown.
(function () {
  "use strict";

  function focusTarget(id) {
    var target = document.getElementById(id);
    if (!target) { return false; }
    var group = target.closest(".form-group");
    (group || target).scrollIntoView();
    target.focus({ preventScroll: true });
    return true;
  }

  // Error summary links move focus to the field, not only scroll to it.
  document.addEventListener("click", function (event) {
    var link = event.target.closest(".error-summary a[href^='#']");
    if (link && focusTarget(link.getAttribute("href").slice(1))) {
      event.preventDefault();
    }
  });

  function toggleConditions(form) {
    form.querySelectorAll("[data-when]").forEach(function (group) {
      var name = group.getAttribute("data-when");
      var values = JSON.parse(group.getAttribute("data-when-values"));
      var controls = form.querySelectorAll("[name='" + name + "']");
      if (!controls.length) { return; }
      var value = null;
      controls.forEach(function (control) {
        if ((control.type !== "radio" && control.type !== "checkbox") || control.checked) {
          value = control.value;
        }
      });
      group.hidden = values.indexOf(value) < 0 && !group.hasAttribute("data-answered");
    });
  }

  function start() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    var form = document.querySelector("form[data-live]");
    if (!form) { return; }
    var status = document.getElementById("save-status");
    var pending = null;
    var busy = false;
    var again = false;
    var submitAfter = null;

    function save() {
      if (busy) { again = true; return; }
      busy = true;
      var body = new URLSearchParams(new FormData(form));
      body.set("action", "save");
      fetch(form.getAttribute("action"), {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (data) { return [response.status, data]; });
      }).then(function (result) {
        var data = result[1];
        if (data.conflict) {
          document.getElementById("conflict").innerHTML = data.conflict;
          status.textContent = "Not saved.";
          return;
        }
        if (!data.saved) { status.textContent = data.error || "Not saved."; return; }
        form.querySelector("input[name=version]").value = data.version;
        Object.keys(data.live).forEach(function (id) {
          var box = form.querySelector("[data-live-for='" + id + "']");
          if (box && box.innerHTML.trim() !== data.live[id].trim()) {
            box.innerHTML = data.live[id];
          }
        });
        status.textContent = "Saved.";
      }).catch(function () {
        status.textContent = "Not saved: the questionnaire is not running.";
      }).finally(function () {
        busy = false;
        if (submitAfter) {
          var submitter = submitAfter;
          submitAfter = null;
          form.requestSubmit(submitter);
        } else if (again) { again = false; save(); }
      });
    }

    form.addEventListener("change", function (event) {
      if (event.target.name && event.target.name.indexOf("ack.") === 0) { return; }
      toggleConditions(form);
      clearTimeout(pending);
      pending = setTimeout(save, 150);
    });
    // A full save waits for a live save in flight, so that it carries the new version.
    form.addEventListener("submit", function (event) {
      clearTimeout(pending);
      again = false;
      if (busy) {
        event.preventDefault();
        submitAfter = event.submitter || form.querySelector("#save-and-continue");
      }
    });
    toggleConditions(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
