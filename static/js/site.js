// Move focus to the error summary so screen-reader and keyboard users hear what went wrong,
// and make its links focus the field itself (not just scroll to it).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.setAttribute("data-seen", "");
  summary.focus();
  summary.querySelectorAll("a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView({ block: "center" });
      field.focus();
    });
  });
});

// After every htmx update, focus goes where the server says and the polite live region
// says what happened. The swapped-in element carries `data-focus` (ids, tried in turn: the
// first that exists takes focus) and `data-status` (the words for the live region, the
// page's live region, marked data-live). A new error summary takes focus first. Both attributes are removed once used, so an older mark never wins.
document.addEventListener("htmx:afterSettle", function () {
  var marked = document.querySelector("[data-focus], [data-status]");
  var live = document.querySelector("[data-live]");
  var status = marked ? marked.getAttribute("data-status") || "" : "";
  var ids = marked ? (marked.getAttribute("data-focus") || "").split(/\s+/) : [];
  if (marked) {
    marked.removeAttribute("data-focus");
    marked.removeAttribute("data-status");
  }
  if (live) {
    // Emptied first, so the same words twice are still announced.
    live.textContent = "";
    window.setTimeout(function () { live.textContent = status; }, 50);
  }
  var summary = document.querySelector("[data-error-summary]:not([data-seen])");
  if (summary) {
    summary.setAttribute("data-seen", "");
    summary.focus();
    return;
  }
  for (var i = 0; i < ids.length; i++) {
    var target = ids[i] && document.getElementById(ids[i]);
    if (target) {
      if (!target.matches("a, button, input, select, textarea, [tabindex]")) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
      return;
    }
  }
});

// "Print" buttons (data-print): the content security policy allows no inline onclick.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (!button) return;
  event.preventDefault();
  window.print();
});

// ---- Idle logout: a warning first, and nothing typed is lost -------------------------
// Staff are logged out after a set time without a request (StaffIdleTimeoutMiddleware).
// The dialog opens shortly before; "Stay logged in" (Enter, Space or Escape: one key)
// touches the session. If they are logged out anyway, what they typed in the page's forms
// is kept in this tab's sessionStorage and put back when they return to the same page.
(function () {
  var DRAFTS = "rc-drafts:";

  function typedFields() {
    var fields = [];
    Array.prototype.forEach.call(document.forms, function (form) {
      if (form.closest("dialog")) return;
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.name === "csrfmiddlewaretoken") return;
        if (/^(hidden|password|submit|button|reset|file|image)$/.test(el.type)) return;
        var entry = { form: form.getAttribute("action") || "", name: el.name };
        if (el.type === "radio" || el.type === "checkbox") {
          if (el.checked === el.defaultChecked) return;
          entry.value = el.value;
          entry.checked = el.checked;
        } else if (el.tagName === "SELECT") {
          var changed = Array.prototype.some.call(el.options, function (o) {
            return o.selected !== o.defaultSelected;
          });
          if (!changed) return;
          entry.value = el.value;
        } else {
          if (el.value === el.defaultValue) return;
          entry.value = el.value;
        }
        fields.push(entry);
      });
    });
    return fields;
  }

  function saveDrafts() {
    var fields = typedFields();
    if (!fields.length) return;
    try {
      sessionStorage.setItem(DRAFTS + location.pathname, JSON.stringify(fields));
    } catch (e) { /* storage full or off: nothing more we can do */ }
  }

  function restoreDrafts() {
    var key = DRAFTS + location.pathname;
    var saved;
    try {
      saved = JSON.parse(sessionStorage.getItem(key) || "null");
      sessionStorage.removeItem(key);
    } catch (e) { return; }
    if (!saved || !document.querySelector("#main")) return;
    var restored = 0;
    saved.forEach(function (entry) {
      var form = Array.prototype.find.call(document.forms, function (f) {
        return (f.getAttribute("action") || "") === entry.form;
      });
      if (!form) return;
      Array.prototype.forEach.call(form.elements, function (el) {
        if (el.name !== entry.name) return;
        if (el.type === "radio" || el.type === "checkbox") {
          if (el.value === entry.value) { el.checked = entry.checked; restored++; }
        } else if (!/^(hidden|password|submit|button|file)$/.test(el.type)) {
          el.value = entry.value;
          restored++;
        }
      });
    });
    var status = document.getElementById("drafts-restored");
    if (restored && status) {
      window.setTimeout(function () {
        status.innerHTML = "";
        var note = document.createElement("p");
        note.className = "alert alert-info";
        note.textContent = "What you typed before you were logged out is back in the form. " +
          "Check it, then save it.";
        status.appendChild(note);
      }, 100);
    }
  }

  document.addEventListener("DOMContentLoaded", restoreDrafts);

  // A logged-out htmx request answers HX-Redirect to the log-in page: keep the typing first.
  document.addEventListener("htmx:beforeOnLoad", function (event) {
    var xhr = event.detail.xhr;
    if (xhr && xhr.getResponseHeader("HX-Redirect")) saveDrafts();
  });

  document.addEventListener("DOMContentLoaded", function () {
    var dialog = document.getElementById("idle-warning");
    if (!dialog || !dialog.showModal) return;
    var timeout = Number(dialog.getAttribute("data-idle-timeout")) * 1000;
    var warning = Number(dialog.getAttribute("data-idle-warning")) * 1000;
    var form = dialog.querySelector("form");
    var button = dialog.querySelector("button");
    var warnTimer, endTimer;

    function restart() {
      window.clearTimeout(warnTimer);
      window.clearTimeout(endTimer);
      warnTimer = window.setTimeout(function () {
        if (!dialog.open) dialog.showModal();
        button.focus();
      }, Math.max(0, timeout - warning));
      endTimer = window.setTimeout(saveDrafts, timeout);
    }

    function stay() {
      fetch(form.getAttribute("action"), {
        method: "POST", body: new FormData(form), credentials: "same-origin",
      }).then(function (response) {
        if (response.status === 204) {
          dialog.close();
          restart();
          return;
        }
        saveDrafts();
        location.assign(dialog.getAttribute("data-login-url") + "?next=" +
          encodeURIComponent(location.pathname + location.search));
      });
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); stay(); });
    // Escape also means "I am here".
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay(); });
    document.addEventListener("htmx:afterRequest", restart);
    restart();
  });
})();

// Success and other messages sit in a polite live region that is full when the page loads,
// which screen readers do not read out: empty it and fill it again just after load, so the
// change is announced.
document.addEventListener("DOMContentLoaded", function () {
  var messages = document.querySelector("[data-announce]");
  if (!messages) return;
  var content = Array.prototype.slice.call(messages.childNodes);
  messages.textContent = "";
  window.setTimeout(function () {
    content.forEach(function (node) { messages.appendChild(node); });
  }, 100);
});
