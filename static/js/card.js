// Till custom checkout: the card fields' iframe that till.js's
// createPaymentElement() mounts at /c/custom/{session}/card#{client_secret}.
//
// The card number, expiry and CVC stay in this frame (Till's origin): the
// merchant's page never reads them. This script takes the client secret
// from the fragment and removes it from the address.
//
// Messages: till.js sends {type:"till:init"} when the frame loads. Only a
// message from the parent window counts, and its origin (which the browser
// vouches for) is the only origin this frame ever talks to afterwards:
// {type:"till:resize", height} as the content changes, and, for each
// {type:"till:confirm", id, key, fields} from that origin, the result of
// posting the card fields with the secret to Till's confirm endpoint as
// {type:"till:confirm-result", id, result}.
(function () {
  "use strict";

  var form = document.getElementById("till-card");
  if (!form) {
    return;
  }
  var secret = "";
  try {
    secret = decodeURIComponent(window.location.hash.slice(1));
  } catch (e) {
    secret = "";
  }
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname);
  }
  if (!/^cs_(test|live)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+$/.test(secret)) {
    secret = "";
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
  });

  if (window.parent === window) {
    return; // not framed: nobody to talk to
  }

  var parentOrigin = null;
  var lastHeight = -1;
  var busy = false;
  var errorBox = document.getElementById("card-error");

  function post(message) {
    if (parentOrigin) {
      window.parent.postMessage(message, parentOrigin);
    }
  }

  function sendHeight() {
    var h = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (h !== lastHeight) {
      lastHeight = h;
      post({ type: "till:resize", height: h });
    }
  }

  function value(name) {
    var el = form.elements[name];
    return el ? String(el.value || "").trim() : "";
  }

  var passed = ["email", "phone", "name", "line1", "line2", "city", "state", "country", "postal_code",
    "shipping_name", "shipping_line1", "shipping_line2", "shipping_city", "shipping_state", "shipping_country",
    "shipping_postal_code", "business_name", "tax_id_type", "tax_id", "terms_of_service"];

  function confirm(data) {
    var fields = data.fields && typeof data.fields === "object" ? data.fields : {};
    var body = { client_secret: secret, key: typeof data.key === "string" ? data.key : "" };
    passed.forEach(function (k) {
      if (typeof fields[k] === "string") {
        body[k] = fields[k];
      }
    });
    ["card_number", "card_expiry", "card_cvc", "card_name"].forEach(function (k) {
      body[k] = value(k);
    });
    if (value("country")) {
      body.country = value("country").toUpperCase();
    }
    if (value("postal_code")) {
      body.postal_code = value("postal_code");
    }
    busy = true;
    errorBox.textContent = "";
    fetch(form.getAttribute("data-action"), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      credentials: "omit",
    })
      .then(function (r) {
        return r.json();
      })
      .catch(function () {
        return { type: "error", error: { code: "networkError", message: "Could not reach the payment server. Try again." } };
      })
      .then(function (result) {
        busy = false;
        if (result && result.type === "error" && result.error) {
          errorBox.textContent = result.error.message || "";
        }
        post({ type: "till:confirm-result", id: data.id, result: result });
      });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data || typeof event.data.type !== "string") {
      return;
    }
    if (typeof event.origin !== "string" || event.origin === "null") {
      return;
    }
    var data = event.data;
    if (data.type === "till:init") {
      if (parentOrigin === null) {
        parentOrigin = event.origin;
        sendHeight();
        if (window.ResizeObserver) {
          new ResizeObserver(sendHeight).observe(document.documentElement);
        } else {
          window.addEventListener("resize", sendHeight);
        }
      }
      return;
    }
    if (data.type === "till:confirm" && event.origin === parentOrigin) {
      if (busy) {
        post({ type: "till:confirm-result", id: data.id, result: { type: "error", error: { code: "confirmInProgress", message: "A payment is already in progress." } } });
        return;
      }
      confirm(data);
    }
  });
})();
