// Till's test authentication page inside custom mode's modal: once the
// shopper passed or failed it, the page that comes back carries confirm()'s
// answer, and this posts it to the page that opened the modal (till.js),
// at the origin that page named when it opened it, and nowhere else.
(function () {
  "use strict";
  var el = document.getElementById("till-authentication-result");
  if (!el || window.parent === window) {
    return;
  }
  var origin = el.getAttribute("data-origin") || "";
  var result;
  try {
    result = JSON.parse(el.getAttribute("data-result") || "null");
  } catch (e) {
    result = null;
  }
  if (origin) {
    window.parent.postMessage({ type: "till:authentication-result", result: result }, origin);
  }
})();
