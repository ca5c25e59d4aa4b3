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
