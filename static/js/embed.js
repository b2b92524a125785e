// Till embedded checkout: the pages inside the merchant's iframe, and custom
// mode's Terms Element, which loads the same way.
//
// till.js mounts /c/embed/{session}#{client_secret} (or
// /c/custom/{session}/terms#…). On that first page this script takes the
// secret from the fragment, removes it from the address, and posts it to the
// server in a form body (never a query string); the form that comes back
// carries it on every submit. No cookies, so third-party cookie blocking
// changes nothing.
//
// Messages: till.js sends {type:"till:init"} to this frame each time a page
// loads in it. Only a message from the parent window counts, and its origin,
// which the browser vouches for, is the only origin this frame ever posts
// to: {type:"till:resize", height} as the content changes,
// {type:"till:complete", returnUrl} once the session is paid, and, from the
// Terms Element, {type:"till:terms", accepted} as its box changes.
(function () {
  "use strict";

  // The first page: load the form with the secret from the fragment.
  var open = document.getElementById("till-open");
  if (open) {
    var secret = "";
    try {
      secret = decodeURIComponent(window.location.hash.slice(1));
    } catch (e) {
      secret = "";
    }
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname);
    }
    if (/^cs_(test|live)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$/.test(secret)) {
      open.elements.client_secret.value = secret;
      open.submit();
    } else {
      var status = document.querySelector('[data-testid="embed-status"]');
      if (status) {
        status.textContent = status.getAttribute("data-missing") || "";
      }
    }
  }

  if (window.parent === window) {
    return; // not framed: nobody to talk to
  }

  var parentOrigin = null;
  var lastHeight = -1;

  function post(message) {
    if (parentOrigin) {
      window.parent.postMessage(message, parentOrigin);
    }
  }

  function contentHeight() {
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  }

  function sendHeight() {
    var h = contentHeight();
    if (h !== lastHeight) {
      lastHeight = h;
      post({ type: "till:resize", height: h });
    }
  }

  function announceComplete() {
    var done = document.querySelector("[data-till-complete]");
    if (done) {
      post({ type: "till:complete", returnUrl: done.getAttribute("data-return-url") || "" });
    }
  }

  var termsBox = document.querySelector("#till-terms input[type=checkbox]");

  function announceTerms() {
    if (termsBox) {
      post({ type: "till:terms", accepted: termsBox.checked });
    }
  }

  function start() {
    lastHeight = -1;
    sendHeight();
    if (window.ResizeObserver) {
      new ResizeObserver(sendHeight).observe(document.documentElement);
    } else {
      window.addEventListener("resize", sendHeight);
    }
    announceComplete();
    announceTerms();
    if (termsBox) {
      termsBox.addEventListener("change", announceTerms);
    }
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data || event.data.type !== "till:init") {
      return;
    }
    if (typeof event.origin !== "string" || event.origin === "null") {
      return;
    }
    if (parentOrigin === null) {
      parentOrigin = event.origin;
      start();
    }
  });
})();
