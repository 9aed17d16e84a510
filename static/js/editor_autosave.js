/* Never lose typed work: autosave, the browser's own copy, and a prompt before leaving.
 *
 * Every keystroke is kept in localStorage at once; the form is posted to the autosave endpoint
 * every few seconds (per user and piece, not a version), and once more as the page goes (pagehide,
 * with a keepalive request). Reopening the editor makes one offer at most: the server's copy
 * (rendered with the page) or, when it is newer and differs, the copy only this browser has —
 * never a copy of text already saved (its form's save token is among the user's stored saves).
 * Leaving with unsaved changes (any link on the desk, closing the tab) asks first. Loaded with defer. */
(function () {
  "use strict";

  var form = document.getElementById("article-form");
  if (!form) {
    return;
  }
  var desk = window.NewsroomDesk;
  var say = desk.messages("editor-messages");
  var statusLine = form.querySelector("[data-autosave-status]");
  var url = form.dataset.autosaveUrl || "";
  var storageKey = "newsroom-autosave-" + (form.dataset.autosaveKey || "new");
  var INTERVAL = 2000; // at most one autosave every two seconds while typing
  var dirty = false;
  var leaving = false;
  var timer = null;
  var inFlight = false;
  var again = false;
  var unsynced = false; // changes the server has not got yet
  var submitting = false; // the form is on its way: its copy is marked as sent, nothing overwrites it
  var offerPending = false; // a copy from earlier is on offer: it stays as it is until restored or discarded

  function setStatus(key, state) {
    if (!statusLine) {
      return;
    }
    statusLine.textContent = say(key);
    statusLine.dataset.state = state;
  }

  function formObject() {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== "string" || name === "csrfmiddlewaretoken") {
        return;
      }
      (data[name] = data[name] || []).push(value);
    });
    return data;
  }

  /* --- the browser's own copy ---------------------------------------------------------- */

  function keepInBrowser(submitted) {
    if (offerPending) {
      return false;
    }
    try {
      var copy = { at: Date.now(), data: formObject(), submitted: Boolean(submitted) };
      window.localStorage.setItem(storageKey, JSON.stringify(copy));
      return true;
    } catch (error) {
      return false; // storage full or disabled: the server copy and the prompt still guard the text
    }
  }

  function browserCopy() {
    try {
      return JSON.parse(window.localStorage.getItem(storageKey) || "null");
    } catch (error) {
      return null;
    }
  }

  function forgetBrowserCopy() {
    try {
      window.localStorage.removeItem(storageKey);
    } catch (error) {
      /* nothing kept */
    }
  }

  /* --- autosave to the server ----------------------------------------------------------- */

  function autosave() {
    timer = null;
    if (submitting) {
      return; // the save itself carries this text
    }
    if (!url) {
      // A new piece has no server copy until its first save: the browser keeps it.
      setStatus(keepInBrowser() ? "browser_only" : "not_kept", "offline");
      return;
    }
    if (inFlight) {
      again = true;
      return;
    }
    if (navigator.onLine === false) {
      keepInBrowser();
      setStatus("offline", "offline");
      return;
    }
    var body = form.elements.namedItem("body");
    var limit = body ? parseInt(body.dataset.maxChars || "0", 10) : 0;
    if (limit && body.value.length > limit) {
      // The server would refuse it: do not send megabytes for nothing (the size error is shown).
      setStatus(keepInBrowser() ? "too_long_kept" : "not_kept", "offline");
      return;
    }
    inFlight = true;
    unsynced = false;
    setStatus("saving", "saving");
    desk
      .post(url, new FormData(form), { scope: form, accept: "application/json" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("autosave refused: " + response.status);
        }
        if (!unsynced) {
          forgetBrowserCopy();
        }
        setStatus("all_saved", "saved");
      })
      .catch(function () {
        unsynced = true;
        keepInBrowser();
        setStatus(navigator.onLine === false ? "offline" : "not_kept", "offline");
      })
      .then(function () {
        inFlight = false;
        if (again) {
          again = false;
          schedule();
        }
      });
  }

  function schedule() {
    if (!timer) {
      timer = window.setTimeout(autosave, INTERVAL);
    }
  }

  // Every keystroke is kept at once, so a tab closed a moment later loses nothing; a very long body
  // (copying it takes milliseconds) is kept a moment after typing pauses, and as the page goes.
  var LONG_BODY = 200000;
  var keepTimer = null;

  function keepSoon() {
    var text = form.elements.namedItem("body");
    if (!text || text.value.length < LONG_BODY) {
      keepInBrowser();
      return;
    }
    window.clearTimeout(keepTimer);
    keepTimer = window.setTimeout(function () {
      keepInBrowser();
    }, 300);
  }

  function changed() {
    dirty = true;
    unsynced = true;
    keepSoon();
    schedule();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("click", function (event) {
    if (event.target.closest("[data-formset-add], [data-formset-up], [data-formset-down]")) {
      changed();
    }
  });
  window.addEventListener("online", function () {
    if (browserCopy() && url) {
      autosave();
    }
  });
  // Other scripts (restoring a copy) announce changes they make themselves.
  form.addEventListener("editor:changed", changed);

  /* --- leaving with unsaved changes ------------------------------------------------------ */

  form.addEventListener("submit", function (event) {
    if (event.defaultPrevented) {
      return; // refused before sending (the body is too long): still editing
    }
    leaving = true;
    submitting = true;
    window.clearTimeout(keepTimer);
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    keepInBrowser(true); // if the save never arrives, the text is still here next time
  });

  // The page is going (tab closed, reload, navigation): the last keystrokes go to the server too.
  window.addEventListener("pagehide", function () {
    if (!unsynced || submitting) {
      return;
    }
    keepInBrowser();
    if (!url) {
      return; // a new piece: this browser's copy is all there is until the first save
    }
    try {
      var sent = navigator.sendBeacon && navigator.sendBeacon(url, new FormData(form));
      if (!sent) {
        desk.post(url, new FormData(form), { scope: form, keepalive: true }).catch(function () {});
      }
    } catch (error) {
      /* the browser copy still has it */
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty && !leaving) {
      if (unsynced) {
        keepInBrowser();
      }
      event.preventDefault();
      event.returnValue = "";
    }
  });

  var dialog = document.getElementById("leave-dialog");
  var target = null;
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[href]");
    if (!link || !dirty || leaving || !dialog || typeof dialog.showModal !== "function") {
      return;
    }
    var href = link.getAttribute("href");
    if (href.charAt(0) === "#" || link.target === "_blank" || link.hasAttribute("download")) {
      return;
    }
    if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
      return; // opens elsewhere: this page stays
    }
    event.preventDefault();
    target = link.href;
    dialog.showModal();
  });
  if (dialog) {
    dialog.addEventListener("close", function () {
      if (dialog.returnValue === "leave" && target) {
        leaving = true;
        if (unsynced) {
          keepInBrowser();
        }
        if (url) {
          // Best effort: the last keystrokes reach the server even as the page goes.
          desk.post(url, new FormData(form), { scope: form, keepalive: true }).catch(function () {});
        }
        window.location.href = target;
      }
      target = null;
    });
  }

  /* --- a copy kept in this browser: offer it back ----------------------------------------- */

  var panel = document.querySelector("[data-browser-restore]");
  var kept = browserCopy();

  function normalise(value) {
    return String(value || "").replace(/\r\n/g, "\n").trim();
  }

  // Not the piece's text: the version a copy started from and the form's own save token.
  var NOT_TEXT = /^(?:base_version|save_token)$/;

  function differs(copy) {
    var current = formObject();
    return Object.keys(copy.data || {}).some(function (name) {
      if (/^(bylines|placements)-/.test(name) || NOT_TEXT.test(name)) {
        return false;
      }
      return normalise((copy.data[name] || [])[0]) !== normalise((current[name] || [])[0]);
    });
  }

  function apply(copy) {
    Object.keys(copy.data || {}).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (!field || field.type === "file" || NOT_TEXT.test(name)) {
        return;
      }
      var value = copy.data[name][0];
      if (field.type === "checkbox") {
        field.checked = value === "on";
      } else if (typeof field.value === "string") {
        field.value = value;
      }
      if (field.dispatchEvent) {
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    });
  }

  function readJSON(id) {
    var element = document.getElementById(id);
    try {
      return element ? JSON.parse(element.textContent) : null;
    } catch (error) {
      return null;
    }
  }

  var savedTokens = readJSON("saved-tokens") || [];
  var serverCopy = readJSON("server-copy"); // the server's unsaved copy, when the page offers it
  var serverOffer = document.querySelector("[data-restore-offer]");

  function alreadySaved(copy) {
    var token = ((copy.data || {}).save_token || [""])[0];
    return Boolean(token) && savedTokens.indexOf(token) !== -1;
  }

  function sameText(copy, other) {
    return Object.keys(other.data || {}).every(function (name) {
      return normalise(((copy.data || {})[name] || [""])[0]) === normalise((other.data[name] || [""])[0]);
    });
  }

  function savedSince(copy) {
    // A copy taken when the form was sent is done with once the piece is at a newer version.
    var base = form.elements.namedItem("base_version");
    var copied = parseInt(((copy.data || {}).base_version || ["0"])[0], 10);
    return copy.submitted && base && parseInt(base.value, 10) > copied;
  }

  function differingLabels(copy) {
    var current = formObject();
    var labels = [];
    Object.keys(copy.data || {}).forEach(function (name) {
      if (/^(bylines|placements)-/.test(name) || NOT_TEXT.test(name)) {
        return;
      }
      if (normalise((copy.data[name] || [])[0]) === normalise((current[name] || [])[0])) {
        return;
      }
      var label = form.querySelector('label[for="id_' + name + '"]');
      labels.push(label ? label.textContent.replace(/\*/g, "").trim() : name);
    });
    return labels;
  }

  function when(at) {
    // The newsroom's time zone and the page's language: "4. Dez., 14:02", "4 Dec, 14:02".
    var options = { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (form.dataset.timeZone) {
      options.timeZone = form.dataset.timeZone;
    }
    // The desk's English writes the day first, as its server-side dates do ("4 Dec, 14:02").
    var language = document.documentElement.lang === "en" ? "en-GB" : document.documentElement.lang || undefined;
    try {
      return new Intl.DateTimeFormat(language, options).format(new Date(at));
    } catch (error) {
      delete options.timeZone; // an unknown zone name: the browser's own rather than nothing
      return new Intl.DateTimeFormat(language, options).format(new Date(at));
    }
  }

  // A new piece's copy is done with once that piece is saved (its token is among the stored saves).
  if (url) {
    try {
      var newCopy = JSON.parse(window.localStorage.getItem("newsroom-autosave-new") || "null");
      if (newCopy && (alreadySaved(newCopy) || newCopy.submitted || !differs(newCopy))) {
        window.localStorage.removeItem("newsroom-autosave-new");
      }
    } catch (error) {
      /* nothing kept */
    }
  }

  if (kept) {
    var offer =
      !alreadySaved(kept) &&
      !savedSince(kept) &&
      differs(kept) &&
      // The server has this very text: its offer is the one.
      !(serverCopy && sameText(kept, serverCopy));
    // Both differ and the server's is clearly the newer (typed elsewhere later): it is offered first, and
    // this copy waits for the next time (a few seconds of leeway for the clocks of browser and server).
    var serverFirst = offer && serverCopy && serverCopy.at > kept.at + 5000;
    if (!offer) {
      forgetBrowserCopy();
    } else if (panel && !serverFirst) {
      offerPending = true; // typing now must not overwrite the copy on offer
      if (serverOffer) {
        serverOffer.hidden = true; // one offer at a time: this browser's copy is the newer one
      }
      var heading = panel.querySelector("[data-browser-restore-when]");
      if (heading) {
        heading.textContent = say("kept_in_browser_at", { time: when(kept.at) });
      }
      var what = panel.querySelector("[data-browser-restore-differs]");
      if (what) {
        what.textContent = say("differs", { fields: differingLabels(kept).join(", ") });
      }
      panel.hidden = false;
      panel.querySelector("[data-browser-restore-apply]").addEventListener("click", function () {
        offerPending = false;
        apply(kept);
        panel.hidden = true;
        changed();
      });
      panel.querySelector("[data-browser-restore-discard]").addEventListener("click", function () {
        offerPending = false;
        forgetBrowserCopy();
        panel.hidden = true;
        if (dirty) {
          keepInBrowser(); // what was typed meanwhile is kept from now on
        }
      });
    }
  }
})();
