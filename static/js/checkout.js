// Till checkout: progressive enhancement of the server-rendered payment form.
//
// The form works without this file: the server validates every field and
// re-renders it with messages. This adds card-number spacing, "MM / YY"
// masking, live checks that mirror the server's (Luhn, expiry not in the past,
// CVC length) with the page's own translated messages, the total of the
// shipping option chosen and the taxes of the address typed shown at once,
// a busy Pay button that
// says "Processing" and ignores a second submit, and focus on the error
// summary after a failed submit. No dependencies, no inline handlers (the CSP
// forbids them).
(function () {
  "use strict";

  var form = document.querySelector("form.pay-form");

  // After a failed submit the server renders an error summary: move focus
  // there so keyboard and screen-reader users land on what went wrong.
  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }

  function digitsOf(s) {
    return String(s).replace(/\D+/g, "");
  }

  function isAmex(digits) {
    return /^3[47]/.test(digits);
  }

  // ---------- Checks (the server's rules) ----------

  function luhn(digits) {
    var sum = 0;
    var double = false;
    for (var i = digits.length - 1; i >= 0; i--) {
      var d = digits.charCodeAt(i) - 48;
      if (double) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      double = !double;
    }
    return sum % 10 === 0;
  }

  function validCardNumber(value) {
    var digits = digitsOf(value);
    return digits.length >= 12 && digits.length <= 19 && luhn(digits);
  }

  // "MM / YY", "MM/YY" or "MM / YYYY"; valid through the last day of the month.
  function validExpiry(value) {
    var m = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(value);
    if (!m) {
      return false;
    }
    var month = parseInt(m[1], 10);
    var year = parseInt(m[2], 10);
    if (m[2].length === 2) {
      year += 2000;
    }
    if (month < 1 || month > 12) {
      return false;
    }
    var now = new Date();
    var thisYear = now.getFullYear();
    var thisMonth = now.getMonth() + 1;
    return year > thisYear || (year === thisYear && month >= thisMonth);
  }

  function validCVC(value, cardValue) {
    var want = isAmex(digitsOf(cardValue)) ? 4 : 3;
    return new RegExp("^\\d{" + want + "}$").test(String(value).trim());
  }

  // ---------- Formatting ----------

  // Groups of 4 (Amex 4-6-5), at most 19 digits (Amex 15).
  function formatCardNumber(digits) {
    if (isAmex(digits)) {
      digits = digits.slice(0, 15);
      return [digits.slice(0, 4), digits.slice(4, 10), digits.slice(10)]
        .filter(Boolean)
        .join(" ");
    }
    digits = digits.slice(0, 19);
    return digits.replace(/(\d{4})(?=\d)/g, "$1 ");
  }

  // "MM / YY". A first digit above 1 can only be a month: "4" → "04 / ".
  function formatExpiry(value, deleting) {
    var digits = digitsOf(value);
    // A pasted four-digit year: "12/2030" → "1230".
    if (digits.length === 6 && /^\d\d20\d\d$/.test(digits)) {
      digits = digits.slice(0, 2) + digits.slice(4);
    }
    if (digits.length === 1 && digits > "1") {
      digits = "0" + digits;
    }
    digits = digits.slice(0, 4);
    if (digits.length < 2) {
      return digits;
    }
    if (digits.length === 2) {
      return deleting ? digits : digits + " / ";
    }
    return digits.slice(0, 2) + " / " + digits.slice(2);
  }

  // Re-format an input's value and put the caret back after the same number
  // of digits it followed before, so typing in the middle stays in place.
  function reformat(input, format) {
    var value = input.value;
    var caret = input.selectionStart;
    var atEnd = caret === null || caret === value.length;
    var digitsBefore = caret === null ? 0 : digitsOf(value.slice(0, caret)).length;
    var next = format(value);
    if (next === value) {
      return;
    }
    input.value = next;
    if (atEnd || document.activeElement !== input) {
      return;
    }
    var pos = 0;
    var seen = 0;
    while (pos < next.length && seen < digitsBefore) {
      if (/\d/.test(next.charAt(pos))) {
        seen++;
      }
      pos++;
    }
    try {
      input.setSelectionRange(pos, pos);
    } catch (e) {
      // Some input types don't support selection; the value is still right.
    }
  }

  // ---------- Messages ----------

  function errorPrefix() {
    return (form && form.getAttribute("data-error-prefix")) || "";
  }

  function describedBy(input) {
    var v = input.getAttribute("aria-describedby");
    return v ? v.split(/\s+/).filter(Boolean) : [];
  }

  function setDescribedBy(input, ids) {
    if (ids.length) {
      input.setAttribute("aria-describedby", ids.join(" "));
    } else {
      input.removeAttribute("aria-describedby");
    }
  }

  // The field's message element: the server's when it rendered one, or a new
  // one made the same way (visually hidden "Error:" prefix, then the text).
  function errorElement(input, create) {
    var id = input.id + "-error";
    var el = document.getElementById(id);
    if (!el && create) {
      el = document.createElement("p");
      el.id = id;
      el.className = "field-error";
      el.setAttribute("data-testid", "field-error");
      input.parentNode.insertBefore(el, input.nextSibling);
    }
    return el;
  }

  function showError(input, message) {
    var el = errorElement(input, true);
    el.textContent = "";
    var prefix = errorPrefix();
    if (prefix) {
      var span = document.createElement("span");
      span.className = "visually-hidden";
      span.textContent = prefix + " ";
      el.appendChild(span);
    }
    el.appendChild(document.createTextNode(message));
    el.hidden = false;
    input.setAttribute("aria-invalid", "true");
    var ids = describedBy(input);
    if (ids.indexOf(el.id) < 0) {
      ids.unshift(el.id);
      setDescribedBy(input, ids);
    }
    var field = input.closest(".field");
    if (field) {
      field.classList.add("field-invalid");
    }
  }

  function clearError(input) {
    var el = errorElement(input, false);
    input.removeAttribute("aria-invalid");
    if (el) {
      el.hidden = true;
      setDescribedBy(
        input,
        describedBy(input).filter(function (id) {
          return id !== el.id;
        })
      );
    }
    var field = input.closest(".field");
    if (field) {
      field.classList.remove("field-invalid");
    }
  }

  // ---------- Wiring ----------

  function setUpCardFields() {
    var number = form.querySelector('input[data-card="number"]');
    var expiry = form.querySelector('input[data-card="expiry"]');
    var cvc = form.querySelector('input[data-card="cvc"]');

    // Formatting adds spaces and " / ": make room if the server's maxlength
    // counted digits only.
    if (number && number.maxLength > 0 && number.maxLength < 23) {
      number.maxLength = 23;
    }
    if (expiry && expiry.maxLength > 0 && expiry.maxLength < 7) {
      expiry.maxLength = 7;
    }

    var checks = [];
    if (number) {
      checks.push([number, validCardNumber]);
      number.addEventListener("input", function () {
        reformat(number, function (v) {
          return formatCardNumber(digitsOf(v));
        });
      });
      reformat(number, function (v) {
        return formatCardNumber(digitsOf(v));
      });
    }
    if (expiry) {
      checks.push([expiry, validExpiry]);
      expiry.addEventListener("input", function (event) {
        var deleting = event.inputType && event.inputType.indexOf("delete") === 0;
        reformat(expiry, function (v) {
          return formatExpiry(v, deleting);
        });
      });
    }
    if (cvc) {
      checks.push([
        cvc,
        function (v) {
          return validCVC(v, number ? number.value : "");
        },
      ]);
      // Digits only, at most 4 (Amex); the length check itself is on blur.
      cvc.addEventListener("input", function () {
        var d = digitsOf(cvc.value).slice(0, 4);
        if (d !== cvc.value) {
          cvc.value = d;
        }
      });
    }

    // Check on blur; once a field shows a message, re-check as the shopper
    // types so the message goes away as soon as the value is right. An empty
    // field is left to the server ("Enter your card number.").
    checks.forEach(function (pair) {
      var input = pair[0];
      var valid = pair[1];
      var message = input.getAttribute("data-msg-invalid") || "";
      function check(showNew) {
        if (input.value.trim() === "") {
          if (showNew) {
            return;
          }
          clearError(input);
          return;
        }
        if (valid(input.value)) {
          clearError(input);
        } else if (showNew && message) {
          showError(input, message);
        }
      }
      input.addEventListener("blur", function () {
        check(true);
      });
      input.addEventListener("input", function () {
        if (input.getAttribute("aria-invalid") === "true") {
          check(false);
        }
      });
    });

    // A new card number changes what a valid CVC is.
    if (number && cvc) {
      number.addEventListener("blur", function () {
        if (cvc.value.trim() !== "" && cvc.getAttribute("aria-invalid") === "true") {
          if (validCVC(cvc.value, number.value)) {
            clearError(cvc);
          }
        }
      });
    }
  }

  // The error summary's links move focus to their field (and bring its label
  // into view), rather than only scrolling to it.
  function setUpErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (!summary) {
      return;
    }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) {
        return;
      }
      event.preventDefault();
      var label = document.querySelector('label[for="' + input.id + '"]');
      (label || input).scrollIntoView({ block: "center" });
      input.focus({ preventScroll: true });
    });
  }

  // While the payment runs the button says so in place of "Pay $39.98", in
  // an element of its own with the id Stripe's page gives it; the verb and
  // the amount come back when the page returns from the bfcache.
  function showProcessing(button, label, on) {
    var text = button.querySelector(".SubmitButton-TextContainer");
    if (!text || !label) {
      return;
    }
    var processing = document.getElementById("submit-button-processing-label");
    if (on && !processing) {
      processing = document.createElement("span");
      processing.id = "submit-button-processing-label";
      processing.className = "SubmitButton-Text SubmitButton-Text--pre";
      processing.textContent = label;
      text.appendChild(processing);
    }
    Array.prototype.forEach.call(text.children, function (el) {
      el.hidden = on ? el !== processing : el === processing;
    });
  }

  // On submit the browser has already built the form data by the time the
  // submit event's task ends; disabling the button then cannot drop a field.
  // The first submit goes through untouched, later ones are cancelled.
  function setUpSubmit() {
    var button = form.querySelector('button[type="submit"]');
    var status = document.getElementById("processing-status");
    var label = form.getAttribute("data-processing-label") || "";
    var submitting = false;

    form.addEventListener("submit", function (event) {
      if (submitting) {
        event.preventDefault();
        return;
      }
      submitting = true;
      if (button) {
        button.setAttribute("aria-busy", "true");
        button.classList.add("is-busy");
        showProcessing(button, label, true);
        window.setTimeout(function () {
          button.disabled = true;
        }, 0);
      }
      if (status && label) {
        // Set on the next frame so screen readers notice the change.
        window.setTimeout(function () {
          status.textContent = label;
        }, 50);
      }
    });

    // Back from the next page through the bfcache: the form is usable again.
    window.addEventListener("pageshow", function (event) {
      if (!event.persisted) {
        return;
      }
      submitting = false;
      if (button) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
        button.classList.remove("is-busy");
        showProcessing(button, label, false);
      }
      if (status) {
        status.textContent = "";
      }
    });
  }

  // ---------- Totals ----------

  // showTotals puts the server's summary after a change (a quantity, an
  // address that changed the taxes) in place: each line's amount, the
  // subtotal, discount, taxes (their row hidden while there are none, its
  // label naming the rates), the total and the Pay button's amount, and the
  // shipping options' amounts; the form's taxChoice says which taxes the
  // page now shows, as the payment checks.
  function showTotals(body) {
    var shown = document.querySelector('[data-testid="total"]');
    var before = shown && shown.textContent;
    var set = function (selector, text) {
      Array.prototype.forEach.call(document.querySelectorAll(selector), function (el) {
        el.textContent = text;
      });
    };
    (body.items || []).forEach(function (line) {
      var row = document.querySelector('[data-line-item="' + line.id + '"]');
      var amount = row && row.querySelector('[data-testid="line-item-amount"]');
      if (amount) {
        amount.textContent = line.amount;
      }
    });
    set('[data-testid="subtotal"]', body.subtotal);
    set('[data-testid="total"]', body.total);
    set('[data-testid="tax"]', body.tax);
    set('[data-testid="discount"]', body.discount);
    set(".SubmitButton-Amount", body.total);
    var taxRow = document.querySelector('[data-testid="tax-row"]');
    if (taxRow) {
      taxRow.hidden = !body.tax_label;
      if (body.tax_label) {
        set('[data-testid="tax-label"]', body.tax_label);
      }
    }
    var choice = form && form.querySelector('input[name="taxChoice"]');
    if (choice && body.tax_choice) {
      choice.value = body.tax_choice;
    }
    // The shipping options' amounts with the change; one chosen but not
    // yet sent shows its own total.
    (body.shipping_options || []).forEach(function (o) {
      Array.prototype.forEach.call(document.querySelectorAll('input[name="shippingRate"]'), function (radio) {
        if (radio.value === o.id) {
          radio.setAttribute("data-shipping", o.shipping);
          radio.setAttribute("data-total", o.total);
          if (radio.checked) {
            set('[data-testid="shipping-amount"]', o.shipping);
            set('[data-testid="total"]', o.total);
            set(".SubmitButton-Amount", o.total);
          }
        }
      });
    });
    announceTotal(before);
  }

  // announceTotal says the total in the summary's live region when it is
  // no longer the one shown before a change.
  function announceTotal(before) {
    var shown = document.querySelector('[data-testid="total"]');
    var region = document.querySelector('[data-testid="total-announcement"]');
    if (shown && region && shown.textContent !== before) {
      region.textContent = region.getAttribute("data-label") + " " + shown.textContent;
    }
  }

  // ---------- Address posts ----------

  // postWithoutCard posts the form, never its card fields, to one of the
  // page's JSON endpoints (the address's taxes, its layout) and gives the
  // answer's JSON, or null for any other answer or none.
  function postWithoutCard(action) {
    var body = new FormData(form);
    ["cardNumber", "cardExpiry", "cardCvc", "action"].forEach(function (name) {
      body.delete(name);
    });
    return fetch(action, {
      method: "POST",
      headers: { Accept: "application/json" },
      body: new URLSearchParams(body),
      credentials: "same-origin",
    })
      .then(function (res) {
        var json = (res.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        return res.ok && json ? res.json() : null;
      })
      .catch(function () {
        return null;
      });
  }

  // ---------- Taxes ----------

  // On a session whose taxes depend on the shopper's address, a change of
  // the country, state or postal code (of either address: the server knows
  // which one chooses the rates) asks the server for the totals there, and
  // they show at once. The card fields are never sent. One request at a
  // time: a change made while one is on its way is sent once it has been
  // answered, with the form as it is then. A refusal (an attempt holds the
  // session) leaves the page as it is; the payment then says if the total
  // changed. Totals the page shows that are not yet the session's (those of
  // the address the form came with) are asked for at once. The changes are
  // heard on the form, as the address's parts are laid out anew with a
  // country; a country's change asks once they are (the update returned is
  // what setUpAddressLayout calls then), not with the parts of the country
  // before.
  function setUpTaxes() {
    var action = form.getAttribute("data-tax-action");
    if (!action) {
      return null;
    }
    var busy = false;
    var again = false;
    var update = function () {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      postWithoutCard(action)
        .then(function (answer) {
          if (answer) {
            showTotals(answer);
          }
        })
        .finally(function () {
          busy = false;
          if (again) {
            again = false;
            update();
          }
        });
    };
    var fields = ["billingCountry", "billingAdministrativeArea", "billingPostalCode", "shippingCountry",
      "shippingAdministrativeArea", "shippingPostalCode", "sameAsShipping"];
    form.addEventListener("change", function (event) {
      var id = event.target.id;
      if (fields.indexOf(id) < 0 || (isCountrySelect(id) && layoutBox(id))) {
        return;
      }
      update();
    });
    if (form.hasAttribute("data-tax-pending")) {
      update();
    }
    return update;
  }

  // ---------- Address layout ----------

  // The address parts a country select lays out: its address's box, when
  // the server can lay it out (the form names where to ask).
  var countryBoxes = { billingCountry: "billing", shippingCountry: "shipping" };

  function isCountrySelect(id) {
    return Object.prototype.hasOwnProperty.call(countryBoxes, id);
  }

  function layoutBox(id) {
    if (!form.getAttribute("data-address-action")) {
      return null;
    }
    return form.querySelector('[data-address-parts="' + countryBoxes[id] + '"]');
  }

  // replaceParts puts an address's new parts in its box, keeping what the
  // shopper typed while they were on their way (the server's carry what was
  // typed before) in each field the new parts still have, and the focus in
  // the field that had it.
  function replaceParts(box, html) {
    var typed = {};
    Array.prototype.forEach.call(box.querySelectorAll("input, select"), function (el) {
      typed[el.id] = el.value;
    });
    var focused = document.activeElement && box.contains(document.activeElement) ? document.activeElement.id : "";
    box.innerHTML = html;
    Array.prototype.forEach.call(box.querySelectorAll("input, select"), function (el) {
      if (!Object.prototype.hasOwnProperty.call(typed, el.id)) {
        return;
      }
      if (el.tagName === "SELECT" && !el.querySelector('option[value="' + CSS.escape(typed[el.id]) + '"]')) {
        return;
      }
      el.value = typed[el.id];
    });
    var again = focused && document.getElementById(focused);
    if (again && box.contains(again)) {
      again.focus();
    }
  }

  // A country picked for either address lays that address out as the
  // country writes it (which fields, their labels, which are required, a
  // state select or none): the server renders the parts from the form as
  // typed, so what was typed in a part that stays is kept, and they take
  // the place of the page's. The country select itself stays, and with it
  // the focus. The same country picked again asks for nothing; an answer
  // to a country since changed again is dropped. Once laid out (or not,
  // the server unreachable), the taxes (taxesChanged, when they follow the
  // address) are asked for at the new address.
  function setUpAddressLayout(taxesChanged) {
    var action = form.getAttribute("data-address-action");
    if (!action) {
      return;
    }
    var asked = {};
    form.addEventListener("change", function (event) {
      var id = event.target.id;
      var box = isCountrySelect(id) && layoutBox(id);
      if (!box) {
        return;
      }
      var country = event.target.value;
      if (country === box.getAttribute("data-country")) {
        asked[id] = (asked[id] || 0) + 1;
        if (taxesChanged) {
          taxesChanged();
        }
        return;
      }
      var ask = (asked[id] || 0) + 1;
      asked[id] = ask;
      postWithoutCard(action)
        .then(function (answer) {
          var parts = answer && answer[countryBoxes[id]];
          if (typeof parts === "string" && asked[id] === ask) {
            replaceParts(box, parts);
            box.setAttribute("data-country", country);
          }
        })
        .finally(function () {
          if (taxesChanged && asked[id] === ask) {
            taxesChanged();
          }
        });
    });
  }

  // ---------- Quantities ----------

  // A line item's quantity form posts without this script (its Update
  // button, then a fresh page). Here a changed quantity is posted asking
  // for JSON, and the line's amount, the subtotal, the total and the Pay
  // button's amount change in place; a refused quantity shows the server's
  // message under the input.
  function setUpQuantities() {
    var forms = document.querySelectorAll("form.qty-form");
    Array.prototype.forEach.call(forms, function (qform) {
      var input = qform.querySelector(".qty-input");
      var item = qform.closest("[data-line-item]");
      var message = document.createElement("p");
      message.className = "field-error qty-error";
      message.id = input.id + "-error";
      message.setAttribute("role", "alert");
      message.hidden = true;
      qform.appendChild(message);
      // One request at a time: a change made while one is on its way
      // (clicks on the input's arrows) is sent once it has been answered,
      // with the quantity the input shows then.
      var busy = false;
      var again = false;
      var update = function (event) {
        if (event) {
          event.preventDefault();
        }
        if (busy) {
          again = true;
          return;
        }
        busy = true;
        fetch(qform.action, {
          method: "POST",
          headers: { Accept: "application/json" },
          body: new URLSearchParams(new FormData(qform)),
          credentials: "same-origin",
        })
          .then(function (res) {
            // Anything but the JSON answer (a page about the session, which
            // was paid or expired meanwhile): post the form as it would
            // be without this script.
            if ((res.headers.get("Content-Type") || "").indexOf("application/json") !== 0) {
              qform.submit();
              return null;
            }
            return res.json().then(function (body) {
              return { ok: res.ok, body: body };
            });
          })
          .then(function (r) {
            if (!r) {
              return;
            }
            if (!r.ok) {
              message.textContent = (r.body.error && r.body.error.message) || "";
              message.hidden = false;
              input.setAttribute("aria-invalid", "true");
              input.setAttribute("aria-describedby", message.id);
              return;
            }
            message.hidden = true;
            input.removeAttribute("aria-invalid");
            input.removeAttribute("aria-describedby");
            showTotals(r.body);
          })
          .finally(function () {
            busy = false;
            if (again) {
              again = false;
              update();
            }
          });
      };
      qform.addEventListener("submit", update);
      input.addEventListener("change", function () {
        if (item && input.value !== "") {
          update();
        }
      });
    });
  }

  // A shipping option's radio carries the summary's amounts with it: a
  // change shows them at once (the server takes the choice with the form),
  // so the button that asks the server for them is not needed.
  function setUpShipping() {
    var radios = form.querySelectorAll('input[name="shippingRate"]');
    if (!radios.length) {
      return;
    }
    var update = form.querySelector('button[name="action"][value="update"]');
    if (update) {
      update.hidden = true;
    }
    function show(radio) {
      var shipping = document.querySelector('[data-testid="shipping-amount"]');
      var total = document.querySelector('[data-testid="total"]');
      var amount = form.querySelector(".SubmitButton-Amount");
      var before = total && total.textContent;
      if (shipping) {
        shipping.textContent = radio.getAttribute("data-shipping");
      }
      [total, amount].forEach(function (el) {
        if (el) {
          el.textContent = radio.getAttribute("data-total");
        }
      });
      announceTotal(before);
    }
    Array.prototype.forEach.call(radios, function (radio) {
      radio.addEventListener("change", function () {
        if (radio.checked) {
          show(radio);
        }
      });
    });
  }

  function init() {
    setUpQuantities();
    if (form) {
      setUpShipping();
      setUpAddressLayout(setUpTaxes());
      setUpCardFields();
      setUpErrorSummary();
      setUpSubmit();
    }
    focusErrorSummary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
