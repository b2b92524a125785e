// Till's browser library: the part of Stripe.js that Checkout uses, so
// merchant code written for Stripe runs unchanged once the page loads this
// script (from Till, at /js/till.js) instead of js.stripe.com. One script
// answers for every Stripe.js release, so it keeps each release's names:
//
//   const stripe = Stripe("pk_test_…");            // or Till("pk_test_…")
//   stripe.redirectToCheckout({ sessionId });      // hosted (before clover)
//   const checkout = await stripe.createEmbeddedCheckoutPage({ fetchClientSecret, onComplete });
//   // before dahlia: await stripe.initEmbeddedCheckout({ … })
//   checkout.mount("#checkout");  checkout.unmount();  checkout.destroy();
//   // custom: stripe.initCheckoutElementsSdk (dahlia), initCheckout (below)
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
  // Loaded as Stripe.js from js.stripe.com (till serve --stripe-hosts), Till's
  // pages and client endpoints are on checkout.stripe.com, as Stripe's are.
  if (tillOrigin === "https://js.stripe.com") {
    tillOrigin = "https://checkout.stripe.com";
  }
  var secretPattern = /^(cs_(?:test|live)_[A-Za-z0-9]+)_secret_[A-Za-z0-9]+$/;
  var active = null; // Stripe allows one embedded checkout at a time

  // frameMessage returns the data of a message that Till's page in frame
  // sent, and null for any other: from another origin, from another window
  // (even one of Till's), or not one of Till's messages.
  function frameMessage(event, frame) {
    if (!frame || event.origin !== tillOrigin || event.source !== frame.contentWindow) {
      return null;
    }
    var data = event.data;
    return data && typeof data.type === "string" ? data : null;
  }

  // resizeFrame sets a frame's height to what its page measured, within
  // sane bounds.
  function resizeFrame(frame, height) {
    var h = Number(height);
    if (isFinite(h) && h > 0 && h < 100000) {
      frame.style.height = Math.ceil(h) + "px";
    }
  }

  // authenticate opens Till's authentication page (3-D Secure) in a modal
  // frame over the page, as Stripe.js does, and resolves with confirm()'s
  // answer once the shopper passed or failed it: the page posts it from
  // Till's origin, from that frame only.
  function authenticate(path) {
    return new Promise(function (resolve) {
      var overlay = document.createElement("div");
      overlay.setAttribute("data-till-authentication", "");
      overlay.setAttribute("role", "dialog");
      overlay.setAttribute("aria-modal", "true");
      overlay.setAttribute("aria-label", "3D Secure authentication");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.45);" +
        "display:flex;align-items:center;justify-content:center";
      var frame = document.createElement("iframe");
      frame.setAttribute("title", "3D Secure authentication");
      frame.setAttribute("name", "till-authentication");
      frame.style.cssText = "width:min(500px,100vw);height:min(600px,100vh);border:0;border-radius:8px;background:#fff";
      function onMessage(event) {
        var data = frameMessage(event, frame);
        if (data && data.type === "till:authentication-result") {
          window.removeEventListener("message", onMessage);
          overlay.parentNode.removeChild(overlay);
          resolve(data.result);
        }
      }
      window.addEventListener("message", onMessage);
      frame.src = tillOrigin + path + "&origin=" + encodeURIComponent(window.location.origin);
      overlay.appendChild(frame);
      document.body.appendChild(overlay);
    });
  }

  function integrationError(message) {
    var err = new Error(message);
    err.name = "IntegrationError";
    return err;
  }

  // resolveSecret is the client secret the options name: fetchClientSecret
  // (a function returning a Promise of it, before clover) or clientSecret
  // (the secret, or from clover on a Promise of it).
  function resolveSecret(options) {
    if (options.fetchClientSecret && options.clientSecret) {
      return Promise.reject(integrationError("Pass either fetchClientSecret or clientSecret, not both."));
    }
    if (typeof options.fetchClientSecret === "function") {
      return Promise.resolve().then(function () {
        return options.fetchClientSecret();
      });
    }
    var given = options.clientSecret;
    if (typeof given === "string" || (given && typeof given.then === "function")) {
      return Promise.resolve(given);
    }
    return Promise.reject(integrationError("Checkout needs clientSecret (the client secret, or a Promise of it) or fetchClientSecret (a function returning a Promise of it)."));
  }

  // navigateTop sends the merchant's whole page to url, or this frame when
  // the browser does not let a frame navigate its top window.
  function navigateTop(url) {
    try {
      window.top.location.href = url;
    } catch (e) {
      window.location.href = url;
    }
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
      var data = frameMessage(event, iframe);
      if (!data) {
        return;
      }
      if (data.type === "till:resize") {
        resizeFrame(iframe, data.height);
      } else if (data.type === "till:complete") {
        if (completed) {
          return;
        }
        completed = true;
        var target = data.returnUrl ? safeURL(data.returnUrl) : "";
        if (target) {
          navigateTop(target);
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
      // Stripe's name for the frame, which tests of embedded checkout find it by.
      iframe.setAttribute("name", "embedded-checkout");
      iframe.setAttribute("title", "Secure checkout");
      iframe.setAttribute("name", "embedded-checkout"); // what tests of Stripe's iframe select
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

  // ---- Hosted checkout: redirectToCheckout ------------------------------
  //
  //   const { error } = await stripe.redirectToCheckout({ sessionId });
  //
  // Till names the session's page (POST /c/api/redirect/{session}, a form
  // post with the publishable key, as Stripe.js sends: no preflight), and
  // the top window goes there. As in Stripe.js, the promise resolves only
  // when that fails, with {error} in Stripe's shape (an unknown session, a
  // wrong key, no network). Stripe deprecated the client-only integration
  // (lineItems, mode, successUrl…) and removed the method in clover; Till
  // answers the former with an error saying so.

  var clientOnlyOptions = ["lineItems", "items", "mode", "successUrl", "cancelUrl"];

  function redirectToCheckout(publishableKey, options) {
    options = options || {};
    if (typeof options.sessionId !== "string" || options.sessionId === "") {
      if (clientOnlyOptions.some(function (k) { return options[k] !== undefined; })) {
        return Promise.resolve({ error: { type: "invalid_request_error",
          message: "The client-only integration of redirectToCheckout (lineItems, mode, successUrl, cancelUrl) is deprecated " +
            "at Stripe and not offered by Till: create a Checkout Session on your server and pass its sessionId, or redirect to its url." } });
      }
      throw integrationError("redirectToCheckout needs sessionId, the id of a Checkout Session (cs_…).");
    }
    return fetch(tillOrigin + "/c/api/redirect/" + encodeURIComponent(options.sessionId), {
      method: "POST", body: new URLSearchParams({ key: publishableKey }), credentials: "omit",
    })
      .then(function (r) {
        return r.json();
      })
      .then(
        function (res) {
          var target = res && typeof res.url === "string" ? safeURL(res.url) : "";
          if (!target) {
            return { error: (res && res.error) || { type: "api_error", message: "The payment server gave no page for this session." } };
          }
          navigateTop(target);
          return new Promise(function () {}); // the page is on its way out
        },
        function () {
          return { error: { type: "api_connection_error", message: "Could not reach the payment server." } };
        }
      );
  }

  // ---- Custom checkout ---------------------------------------------------
  //
  // dahlia (stripe-js 9 on): initCheckoutElementsSdk; clover: initCheckout,
  // the same, synchronous, with the session's actions behind loadActions():
  //
  //   const checkout = stripe.initCheckoutElementsSdk({ clientSecret });  // a string or a Promise
  //   checkout.on("change", (session) => …);
  //   checkout.createPaymentElement().mount("#payment-element");
  //   checkout.createTermsElement().mount("#terms");  // consent_collection[terms_of_service]
  //   const loaded = await checkout.loadActions();  // {type:"success", actions} or {type:"error", error}
  //   await loaded.actions.updateEmail(email);      // updatePhoneNumber, updateBillingAddress, …
  //   await loaded.actions.updateLineItemQuantity({ lineItem, quantity });
  //   await loaded.actions.updateTaxIdInfo({ businessName, taxId: { type, value } });
  //   const result = await loaded.actions.confirm({ redirect: "if_required" });
  //   // {type:"success", session} or {type:"error", error:{code, message}}
  //
  // basil and before: initCheckout({ fetchClientSecret }) is a Promise of
  // the checkout, which has the actions itself and session() for
  // getSession(). Till's initCheckout answers both ways: it returns the
  // checkout at once, and awaiting it gives the loaded checkout.
  //
  // The client endpoints (/c/api/custom/{session}/…) take the publishable
  // key and the client secret in a JSON body, never a query string; every
  // answer, errors included, is JSON. Email, phone, billing address and tax
  // ID are checked by the server and kept here until confirm(), with the
  // Terms Element's box. The card fields
  // live in Till's iframe, which posts them to the confirm endpoint itself
  // when confirm() asks it to (postMessage to Till's origin; answers count
  // only from that origin and that frame).

  function CustomCheckout(publishableKey, clientSecret) {
    var self = this;
    var secret = "";
    var sessionID = "";
    var current = null;
    var listeners = [];
    var state = { email: "", phone: "", name: "", address: {}, shipping: { name: "", address: {} },
      taxIdInfo: null, termsAccepted: false };
    var element = null;
    var termsElement = null;
    var pending = {};
    var nextID = 1;

    function call(name, fields) {
      var body = { client_secret: secret };
      Object.keys(fields || {}).forEach(function (k) {
        body[k] = fields[k];
      });
      return fetch(tillOrigin + "/c/api/custom/" + encodeURIComponent(sessionID) + "/" + name, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: "Bearer " + publishableKey },
        body: JSON.stringify(body),
        credentials: "omit",
      })
        .then(function (r) {
          return r.json();
        })
        .catch(function () {
          return { type: "error", error: { code: "networkError", message: "Could not reach the payment server." } };
        });
    }

    function stateFields() {
      var a = state.address || {};
      var sa = state.shipping.address || {};
      var ti = state.taxIdInfo;
      return {
        business_name: ti ? ti.businessName : "", tax_id_type: ti ? ti.taxId.type : "", tax_id: ti ? ti.taxId.value : "",
        terms_of_service: state.termsAccepted ? "accepted" : "",
        email: state.email, phone: state.phone, name: state.name, line1: a.line1 || "", line2: a.line2 || "",
        city: a.city || "", state: a.state || "", country: a.country || "", postal_code: a.postal_code || "",
        shipping_name: state.shipping.name || "", shipping_line1: sa.line1 || "", shipping_line2: sa.line2 || "",
        shipping_city: sa.city || "", shipping_state: sa.state || "", shipping_country: sa.country || "",
        shipping_postal_code: sa.postal_code || "",
      };
    }

    function setSession(s) {
      if (s && !s.email && state.email) {
        s.email = state.email;
      }
      current = s;
      listeners.slice().forEach(function (cb) {
        try {
          cb(current);
        } catch (e) {
          setTimeout(function () {
            throw e;
          });
        }
      });
    }

    // loaded settles once the secret is known and the session read, with
    // null or with the error that stopped it. It never rejects, so an
    // integration that never asks (loadActions) logs no unhandled rejection.
    var loaded = clientSecret
      .then(function (s) {
        var m = typeof s === "string" ? secretPattern.exec(s) : null;
        if (!m) {
          throw integrationError("Invalid client secret: expected the client_secret of a Checkout Session (cs_…_secret_…).");
        }
        secret = s;
        sessionID = m[1];
        return call("session", stateFields());
      })
      .then(function (res) {
        if (!res || res.type === "error") {
          throw integrationError((res && res.error && res.error.message) || "Could not load the checkout session.");
        }
        setSession(res); // the first "change", for listeners added before loadActions
        return null;
      })
      .catch(function (err) {
        return err;
      });

    // whenLoaded runs next once the session is loaded; until then, and if
    // it never loads, the action answers as Stripe's do, with an error.
    function whenLoaded(next) {
      return loaded.then(function (err) {
        return err ? { type: "error", error: { code: null, message: err.message } } : next();
      });
    }

    function update(fields, keep) {
      return whenLoaded(function () {
        var f = stateFields();
        Object.keys(fields).forEach(function (k) {
          f[k] = fields[k];
        });
        return call("update", f).then(function (res) {
          if (res && res.type === "error") {
            return { type: "error", error: res.error };
          }
          keep();
          setSession(res);
          return { type: "success", session: current };
        });
      });
    }

    // _loadedCheckout is the Promise initCheckout's callers before clover
    // await: this checkout once loaded, or the error that stopped it.
    this._loadedCheckout = function () {
      return loaded.then(function (err) {
        if (err) {
          throw err;
        }
        return self;
      });
    };

    this.session = function () {
      return current;
    };

    this.on = function (event, cb) {
      if (event === "change" && typeof cb === "function") {
        listeners.push(cb);
      }
    };

    this.updateEmail = function (email) {
      email = String(email || "").trim();
      return update({ email: email }, function () {
        state.email = email;
      });
    };

    // sessionResult is an action's result from the endpoint's answer,
    // {type: "success", session} or {type: "error", error}: the session
    // answered becomes the current one.
    function sessionResult(failed) {
      return function (res) {
        if (!res || res.type !== "success") {
          return { type: "error", error: (res && res.error) || { code: null, message: failed } };
        }
        setSession(res.session);
        return { type: "success", session: current };
      };
    }

    // applyPromotionCode and removePromotionCode change the session's
    // discount, for a session created with allow_promotion_codes; a code
    // that cannot be applied resolves Stripe.js's {type: "error"}.
    function promotion(code) {
      return whenLoaded(function () {
        var f = stateFields();
        f.promotion_code = code;
        return call("promotion_code", f).then(sessionResult("The code could not be applied."));
      });
    }
    this.applyPromotionCode = function (code) {
      return promotion(String(code || "").trim());
    };
    this.removePromotionCode = function () {
      return promotion("");
    };

    // updateLineItemQuantity({lineItem, quantity}) changes the quantity of
    // a line created with adjustable_quantity, within its range
    // (session.lineItems[].adjustableQuantity); the session answered has
    // the new totals.
    this.updateLineItemQuantity = function (args) {
      args = args || {};
      if (typeof args.lineItem !== "string" || typeof args.quantity !== "number" || Math.floor(args.quantity) !== args.quantity) {
        throw integrationError("updateLineItemQuantity needs {lineItem: a line item's id, quantity: a whole number}.");
      }
      return whenLoaded(function () {
        var f = stateFields();
        f.line_item = args.lineItem;
        f.quantity = args.quantity;
        return call("line_item_quantity", f).then(sessionResult("The quantity could not be changed."));
      });
    };

    this.updatePhoneNumber = function (phone) {
      phone = String(phone || "").trim();
      return update({ phone: phone }, function () {
        state.phone = phone;
      });
    };

    this.updateBillingAddress = function (billing) {
      billing = billing || {};
      var a = billing.address || {};
      var next = {
        line1: a.line1 || "", line2: a.line2 || "", city: a.city || "", state: a.state || "",
        country: a.country || "", postal_code: a.postal_code || "",
      };
      var fields = { line1: next.line1, line2: next.line2, city: next.city, state: next.state, country: next.country, postal_code: next.postal_code };
      if (billing.name) {
        fields.name = String(billing.name);
      }
      return update(fields, function () {
        state.address = next;
        if (billing.name) {
          state.name = String(billing.name);
        }
      });
    };
    // The shipping name and address are kept here, like the billing
    // address, and checked by confirm(); the server answers with the taxes
    // of the address that chooses them (the shipping one on a session that
    // collects it). updateShippingOption stores the option chosen on the
    // session, whose total then includes it.
    this.updateShippingAddress = function (shipping) {
      shipping = shipping || {};
      var a = shipping.address || {};
      var next = {
        name: String(shipping.name || ""),
        address: {
          line1: a.line1 || "", line2: a.line2 || "", city: a.city || "", state: a.state || "",
          country: a.country || "", postal_code: a.postal_code || "",
        },
      };
      var sa = next.address;
      return update({
        shipping_name: next.name, shipping_line1: sa.line1, shipping_line2: sa.line2, shipping_city: sa.city,
        shipping_state: sa.state, shipping_country: sa.country, shipping_postal_code: sa.postal_code,
      }, function () {
        state.shipping = next;
      });
    };
    // updateTaxIdInfo({businessName, taxId: {type, value}}) keeps a
    // business's name and tax ID for confirm(), on a session created with
    // tax_id_collection; the server checks them (Stripe.js's invalidTaxId
    // error) and the session shows them as taxIdInfo. null removes them.
    this.updateTaxIdInfo = function (info) {
      var next = null;
      if (info) {
        var id = info.taxId || {};
        next = { businessName: String(info.businessName || ""), taxId: { type: String(id.type || ""), value: String(id.value || "") } };
      }
      var fields = { business_name: next ? next.businessName : "", tax_id_type: next ? next.taxId.type : "", tax_id: next ? next.taxId.value : "" };
      return update(fields, function () {
        state.taxIdInfo = next;
      });
    };
    this.updateShippingOption = function (id) {
      return whenLoaded(function () {
        return call("shipping_option", { shipping_rate: String(id || "") }).then(function (res) {
          if (res && res.type === "error") {
            return { type: "error", error: res.error };
          }
          setSession(res);
          return { type: "success", session: current };
        });
      });
    };

    // frameElement is an Element whose content is Till's page at
    // /c/custom/{session}{path}#{client_secret} in an iframe: it may be
    // created before the secret is known (from clover on, initialization is
    // synchronous), and mount() checks its target at once and puts the
    // iframe there once the session has loaded. The page's messages count
    // only from that iframe: resizes, and the others for handle.
    // destroyed clears the checkout's slot of the element.
    function frameElement(path, title, attribute, height, handle, destroyed) {
      var el = { iframe: null, target: null };
      function onLoad() {
        if (el.iframe && el.iframe.contentWindow) {
          el.iframe.contentWindow.postMessage({ type: "till:init" }, tillOrigin);
        }
      }
      function onMessage(event) {
        var data = frameMessage(event, el.iframe);
        if (data && data.type === "till:resize") {
          resizeFrame(el.iframe, data.height);
        } else if (data) {
          handle(data);
        }
      }
      el.mount = function (target) {
        if (el.target) {
          throw integrationError("This Element is already mounted.");
        }
        var node = typeof target === "string" ? document.querySelector(target) : target;
        if (!node || typeof node.appendChild !== "function") {
          throw integrationError("mount() needs a CSS selector or a DOM element that exists; got " + String(target) + ".");
        }
        el.target = node;
        loaded.then(function (err) {
          if (err || el.target !== node) {
            return;
          }
          var iframe = document.createElement("iframe");
          iframe.setAttribute("title", title);
          iframe.setAttribute(attribute, sessionID);
          iframe.style.cssText = "display:block;width:100%;border:0;height:" + height + "px;background:transparent";
          iframe.addEventListener("load", onLoad);
          window.addEventListener("message", onMessage);
          iframe.src = tillOrigin + "/c/custom/" + encodeURIComponent(sessionID) + path + "#" + encodeURIComponent(secret);
          el.iframe = iframe;
          node.appendChild(iframe);
        });
      };
      el.unmount = function () {
        el.target = null;
        window.removeEventListener("message", onMessage);
        if (el.iframe) {
          el.iframe.removeEventListener("load", onLoad);
          if (el.iframe.parentNode) {
            el.iframe.parentNode.removeChild(el.iframe);
          }
          el.iframe = null;
        }
      };
      el.destroy = function () {
        el.unmount();
        destroyed(el);
      };
      el.on = function () {};
      return el;
    }

    // createPaymentElement is the card fields (Till's /card page), which
    // confirm() asks to pay.
    this.createPaymentElement = function () {
      if (element) {
        throw integrationError("This checkout already has a Payment Element.");
      }
      element = frameElement("/card", "Secure card payment input frame", "data-till-payment-element", 360, function (data) {
        if (data.type === "till:confirm-result" && pending[data.id]) {
          var resolve = pending[data.id];
          delete pending[data.id];
          resolve(data.result);
        }
      }, function (el) {
        if (element === el) {
          element = null;
        }
      });
      return element;
    };
    this.getPaymentElement = function () {
      return element;
    };

    // createTermsElement is the box accepting the merchant's terms of
    // service (Till's /terms page), for a session created with
    // consent_collection[terms_of_service]=required; confirm() sends whether
    // it is ticked. Unmounted, it counts as unticked.
    this.createTermsElement = function () {
      if (termsElement) {
        throw integrationError("This checkout already has a Terms Element.");
      }
      var el = frameElement("/terms", "Terms of service", "data-till-terms-element", 80, function (data) {
        if (data.type === "till:terms") {
          state.termsAccepted = data.accepted === true;
        }
      }, function (done) {
        if (termsElement === done) {
          termsElement = null;
        }
      });
      var unmount = el.unmount;
      el.unmount = function () {
        state.termsAccepted = false;
        unmount();
      };
      termsElement = el;
      return el;
    };
    this.getTermsElement = function () {
      return termsElement;
    };
    // Till's card fields have one look of their own; appearance and fonts
    // change nothing, but integrations call these and must not break.
    this.changeAppearance = function () {};
    this.loadFonts = function () {};

    // confirm() asks the card iframe to pay. Like Stripe, it sends the
    // shopper to the session's return_url on success unless redirect is
    // "if_required" (cards never need a redirect), and resolves otherwise.
    this.confirm = function (options) {
      options = options || {};
      return whenLoaded(function () {
        if (!element || !element.iframe || !element.iframe.contentWindow) {
          return { type: "error", error: { code: "missingPaymentElement", message: "Mount a Payment Element before confirm()." } };
        }
        var fields = stateFields();
        if (typeof options.email === "string") {
          fields.email = options.email.trim();
        }
        if (typeof options.phoneNumber === "string") {
          fields.phone = options.phoneNumber.trim();
        }
        var id = nextID++;
        var frame = element.iframe.contentWindow;
        return new Promise(function (resolve) {
          pending[id] = resolve;
          frame.postMessage({ type: "till:confirm", id: id, key: publishableKey, fields: fields }, tillOrigin);
        }).then(function (res) {
          // The card's issuer asks the shopper to authenticate first.
          if (res && res.type === "requires_action" && typeof res.url === "string" && res.url.charAt(0) === "/") {
            return authenticate(res.url);
          }
          return res;
        }).then(function (res) {
          if (!res || typeof res.type !== "string") {
            return { type: "error", error: { code: "unknown", message: "The payment could not be completed." } };
          }
          if (res.type === "success") {
            var target = safeURL(options.returnUrl || res.returnUrl || "");
            setSession(res.session);
            if (target && options.redirect !== "if_required") {
              window.location.href = target;
            }
            return { type: "success", session: current };
          }
          if (current && res.error) {
            current.lastPaymentError = res.error;
            setSession(current);
          }
          return { type: "error", error: res.error };
        });
      });
    };

    // The actions loadActions() gives, from clover on.
    var actions = {
      getSession: this.session, confirm: this.confirm, updateEmail: this.updateEmail,
      updatePhoneNumber: this.updatePhoneNumber, updateBillingAddress: this.updateBillingAddress,
      updateShippingAddress: this.updateShippingAddress, updateShippingOption: this.updateShippingOption,
      applyPromotionCode: this.applyPromotionCode, removePromotionCode: this.removePromotionCode,
      updateLineItemQuantity: this.updateLineItemQuantity, updateTaxIdInfo: this.updateTaxIdInfo,
    };
    this.loadActions = function () {
      return whenLoaded(function () {
        return { type: "success", actions: actions };
      });
    };
  }

  // initCheckout answers clover's callers (the checkout, at once) and
  // earlier ones (await it: the loaded checkout, or a rejection). The
  // thenable is a view of the checkout whose then() resolves with the
  // checkout itself, which has no then() of its own to loop on.
  function initCheckout(publishableKey, options) {
    var checkout = new CustomCheckout(publishableKey, resolveSecret(options || {}));
    var handle = Object.create(checkout);
    handle.then = function (onLoaded, onFailed) {
      return checkout._loadedCheckout().then(onLoaded, onFailed);
    };
    handle.catch = function (onFailed) {
      return handle.then(undefined, onFailed);
    };
    return handle;
  }

  function Till(publishableKey, options) {
    if (typeof publishableKey !== "string" || !/^pk_(test|live)_/.test(publishableKey)) {
      throw integrationError("Invalid publishable key: expected pk_test_… or pk_live_….");
    }
    return {
      redirectToCheckout: function (opts) {
        return redirectToCheckout(publishableKey, opts);
      },
      initEmbeddedCheckout: initEmbeddedCheckout,
      createEmbeddedCheckoutPage: initEmbeddedCheckout,
      initCheckout: function (opts) {
        return initCheckout(publishableKey, opts);
      },
      initCheckoutElementsSdk: function (opts) {
        return new CustomCheckout(publishableKey, resolveSecret(opts || {}));
      },
      _registerWrapper: function () {},
      registerAppInfo: function () {},
      _tillOrigin: tillOrigin,
    };
  }
  Till.version = 4;

  window.Till = Till;
  window.Stripe = Till;
})();
