// Move focus to the error summary so screen-reader and keyboard users hear what went wrong,
// and make its links focus the field itself (not just scroll to it).
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
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

// After htmx replaces the plan, put focus back where the keyboard user was (e.g. on the
// "Move up" button of the section they moved) and announce what happened.
document.addEventListener("htmx:afterSwap", function (event) {
  var trigger = event.detail.requestConfig && event.detail.requestConfig.elt;
  var body = document.getElementById("plan-body");
  var live = document.getElementById("plan-live");
  if (live && body) live.textContent = body.getAttribute("data-status") || "";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); return; }
  if (!trigger || !trigger.getAttribute) return;
  var target = document.getElementById(trigger.getAttribute("data-refocus") || "") ||
    document.getElementById(trigger.getAttribute("data-refocus-fallback") || "");
  if (target) target.focus();
});

// "Print" buttons (data-print): the content security policy allows no inline onclick.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (!button) return;
  event.preventDefault();
  window.print();
});
