// Till's browser library: the part of Stripe.js that embedded Checkout uses,
// so merchant code written for Stripe runs unchanged once the page loads
// this script (from Till, at /js/till.js) instead of js.stripe.com.
//
//   const stripe = Stripe("pk_test_…");            // or Till("pk_test_…")
//   const checkout = await stripe.initEmbeddedCheckout({ fetchClientSecret, onComplete });
//   // stripe-js 10: await stripe.createEmbeddedCheckoutPage({ … })
//   checkout.mount("#checkout");  checkout.unmount();  checkout.destroy();
//
// loadStripe() from @stripe/stripe-js uses window.Stripe when it is already
// defined, and calls _registerWrapper, a no-op here.
//
// The iframe is Till's page /c/embed/{session}#{client_secret}: the secret
// stays in the fragment, which no request carries. Messages from it count
// only when they come from Till's origin (where this script was loaded from)
// and from this iframe's window; messages to it go to Till's origin only.
(function () {
  "use strict";

  var script = document.currentScript;
  var tillOrigin = script && script.src ? new URL(script.src, window.location.href).origin : "";
  var secretPattern = /^(cs_(?:test|live)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/;
  var active = null; // Stripe allows one embedded checkout at a time

  function integrationError(message) {
    var err = new Error(message);
    err.name = "IntegrationError";
    return err;
  }

  function resolveSecret(options) {
    if (options.fetchClientSecret && options.clientSecret) {
      return Promise.reject(integrationError("Pass either fetchClientSecret or clientSecret, not both."));
    }
    if (typeof options.fetchClientSecret === "function") {
      return Promise.resolve().then(function () {
        return options.fetchClientSecret();
      });
    }
    if (typeof options.clientSecret === "string") {
      return Promise.resolve(options.clientSecret);
    }
    return Promise.reject(integrationError("initEmbeddedCheckout needs fetchClientSecret (a function returning a Promise of the client secret) or clientSecret."));
  }

  // safeURL accepts only absolute http(s) URLs for the top window.
  function safeURL(value) {
    try {
      var u = new URL(value);
      return u.protocol === "https:" || u.protocol === "http:" ? u.href : "";
    } catch (e) {
      return "";
    }
  }

  function EmbeddedCheckout(secret, sessionID, options) {
    var iframe = null;
    var destroyed = false;
    var completed = false;

    function onMessage(event) {
      if (!iframe || event.origin !== tillOrigin || event.source !== iframe.contentWindow) {
        return;
      }
      var data = event.data;
      if (!data || typeof data.type !== "string") {
        return;
      }
      if (data.type === "till:resize") {
        var h = Number(data.height);
        if (isFinite(h) && h > 0 && h < 100000) {
          iframe.style.height = Math.ceil(h) + "px";
        }
      } else if (data.type === "till:complete") {
        if (completed) {
          return;
        }
        completed = true;
        var target = data.returnUrl ? safeURL(data.returnUrl) : "";
        if (target) {
          try {
            window.top.location.href = target;
          } catch (e) {
            window.location.href = target;
          }
        } else if (typeof options.onComplete === "function") {
          options.onComplete();
        }
      }
    }

    // Every page that loads in the frame is told who its parent is; the
    // browser adds this page's origin to the message, and only Till's origin
    // may read it.
    function onLoad() {
      if (iframe && iframe.contentWindow) {
        iframe.contentWindow.postMessage({ type: "till:init" }, tillOrigin);
      }
    }

    this.mount = function (target) {
      if (destroyed) {
        throw integrationError("This Embedded Checkout was destroyed; create a new one.");
      }
      if (iframe) {
        throw integrationError("This Embedded Checkout is already mounted.");
      }
      var el = typeof target === "string" ? document.querySelector(target) : target;
      if (!el || typeof el.appendChild !== "function") {
        throw integrationError("mount() needs a CSS selector or a DOM element that exists; got " + String(target) + ".");
      }
      iframe = document.createElement("iframe");
      iframe.setAttribute("title", "Secure checkout");
      iframe.setAttribute("allow", "payment");
      iframe.setAttribute("data-till-checkout", sessionID);
      iframe.style.cssText = "display:block;width:100%;border:0;height:320px;background:transparent";
      iframe.addEventListener("load", onLoad);
      window.addEventListener("message", onMessage);
      iframe.src = tillOrigin + "/c/embed/" + encodeURIComponent(sessionID) + "#" + encodeURIComponent(secret);
      el.appendChild(iframe);
    };

    this.unmount = function () {
      window.removeEventListener("message", onMessage);
      if (iframe) {
        iframe.removeEventListener("load", onLoad);
        if (iframe.parentNode) {
          iframe.parentNode.removeChild(iframe);
        }
        iframe = null;
      }
    };

    this.destroy = function () {
      this.unmount();
      destroyed = true;
      if (active === this) {
        active = null;
      }
    };
  }

  function initEmbeddedCheckout(options) {
    options = options || {};
    if (active) {
      return Promise.reject(integrationError("You cannot have multiple Embedded Checkout objects; destroy() the first one."));
    }
    var placeholder = {};
    active = placeholder;
    return resolveSecret(options).then(
      function (secret) {
        var m = typeof secret === "string" ? secretPattern.exec(secret) : null;
        if (!m) {
          active = null;
          throw integrationError("Invalid client secret: expected the client_secret of a Checkout Session (cs_…_secret_…).");
        }
        var checkout = new EmbeddedCheckout(secret, m[1], options);
        active = checkout;
        return checkout;
      },
      function (err) {
        active = null;
        throw err;
      }
    );
  }

  function Till(publishableKey, options) {
    if (typeof publishableKey !== "string" || !/^pk_(test|live)_/.test(publishableKey)) {
      throw integrationError("Invalid publishable key: expected pk_test_… or pk_live_….");
    }
    return {
      initEmbeddedCheckout: initEmbeddedCheckout,
      createEmbeddedCheckoutPage: initEmbeddedCheckout,
      _registerWrapper: function () {},
      _tillOrigin: tillOrigin,
    };
  }
  Till.version = 3;

  window.Till = Till;
  window.Stripe = Till;
})();
