// The dashboard's settings: the hosted page's preview follows the branding
// as it is typed, reloaded a moment after the last keystroke with the
// fields in its query (the server applies each only if it would save it).
// Without this script the preview shows the saved branding.
(function () {
  "use strict";
  var form = document.querySelector("[data-preview-form]");
  var frame = document.querySelector('iframe[data-testid="preview"]');
  if (!form || !frame) {
    return;
  }
  var base = frame.getAttribute("data-src");
  var names = ["display_name", "logo_url", "accent_color"];
  var timer = 0;
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var query = new URLSearchParams();
      names.forEach(function (name) {
        query.set(name, form.elements[name].value);
      });
      frame.setAttribute("src", base + "?" + query.toString());
    }, 250);
  });
})();
