/* Never lose typed work: autosave, the browser's own copy while offline, and a prompt before leaving.
 *
 * While someone types, the editor form is posted to the autosave endpoint every few seconds
 * (per user and piece, not a version). When that fails — offline, server gone — the form is
 * kept in localStorage and offered back when the editor is opened again. Leaving with unsaved
 * changes (closing the tab, or any link on the desk) asks first. Loaded with defer; no inline JS. */
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

  function changed() {
    dirty = true;
    unsynced = true;
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
    keepInBrowser(true); // if the save never arrives, the text is still here next time
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

  function differs(copy) {
    var current = formObject();
    return Object.keys(copy.data || {}).some(function (name) {
      if (/^(bylines|placements)-/.test(name) || name === "base_version") {
        return false;
      }
      return normalise((copy.data[name] || [])[0]) !== normalise((current[name] || [])[0]);
    });
  }

  function apply(copy) {
    Object.keys(copy.data || {}).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (!field || field.type === "file") {
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

  if (url) {
    // A new piece's browser copy is done with once the piece is saved and open here.
    try {
      var newCopy = JSON.parse(window.localStorage.getItem("newsroom-autosave-new") || "null");
      if (newCopy && (newCopy.submitted || !differs(newCopy))) {
        window.localStorage.removeItem("newsroom-autosave-new");
      }
    } catch (error) {
      /* nothing kept */
    }
  }

  function savedSince(copy) {
    // A copy taken when the form was sent is done with once the piece is at a newer version.
    var base = form.elements.namedItem("base_version");
    var copied = parseInt(((copy.data || {}).base_version || ["0"])[0], 10);
    return copy.submitted && base && parseInt(base.value, 10) > copied;
  }

  if (kept && panel) {
    if (differs(kept) && !savedSince(kept)) {
      var when = panel.querySelector("[data-browser-restore-when]");
      if (when) {
        when.textContent = say("kept_in_browser_at", { time: new Date(kept.at).toLocaleTimeString() });
      }
      panel.hidden = false;
      panel.querySelector("[data-browser-restore-apply]").addEventListener("click", function () {
        apply(kept);
        panel.hidden = true;
        changed();
      });
      panel.querySelector("[data-browser-restore-discard]").addEventListener("click", function () {
        forgetBrowserCopy();
        panel.hidden = true;
      });
    } else {
      forgetBrowserCopy(); // the copy is what is stored now: nothing to offer
    }
  }
})();
