/* Feedback beside the text (templates/desk/_partials/_editor_feedback.html): "Show in text" selects a
 * comment's words in the body, reply and resolve post with fetch (the editor's own form is never
 * submitted or reloaded), and new comments arrive by polling every 15 s while the tab is visible.
 * Without this file the panel's forms post normally and come back to the editor (`next`). */
(function () {
  "use strict";

  var panel = document.getElementById("editor-comments");
  var desk = window.NewsroomDesk;
  if (!panel || !desk) {
    return;
  }
  var say = desk.messages("editor-messages");
  var list = panel.querySelector("[data-comment-list]");
  var live = panel.querySelector("[data-comments-live]");
  var body = document.getElementById("id_body");
  var commentField = document.getElementById("editor-comment-body");
  var errorLine = panel.querySelector("[data-comment-error]");
  var POLL_MS = 15000;

  // What is typed here belongs to the comment, not to the piece: the editor's autosave and
  // "unsaved changes" watch must not see it (the panel sits inside the editor's form in the page).
  ["input", "change"].forEach(function (type) {
    panel.addEventListener(type, function (event) {
      event.stopPropagation();
    });
  });

  function announce(text) {
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  }

  /* --- Show in text ---------------------------------------------------------------------- */

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function commonSuffix(a, b) {
    var count = 0;
    while (count < Math.min(a.length, b.length) && a[a.length - 1 - count] === b[b.length - 1 - count]) {
      count += 1;
    }
    return count;
  }

  function commonPrefix(a, b) {
    var count = 0;
    while (count < Math.min(a.length, b.length) && a[count] === b[count]) {
      count += 1;
    }
    return count;
  }

  /* Where the words are in the text now: the occurrence whose context matches best (as anchors.locate). */
  function locate(text, words, prefix, suffix) {
    var parts = words.trim().split(/\s+/).filter(Boolean);
    if (!parts.length) {
      return null;
    }
    var pattern = new RegExp(parts.map(escapeRegExp).join("\\s+"), "g");
    var best = null;
    var bestScore = -1;
    var match;
    while ((match = pattern.exec(text)) !== null) {
      var start = match.index;
      var end = start + match[0].length;
      var score = commonSuffix(text.slice(Math.max(0, start - 40), start), prefix) + commonPrefix(text.slice(end, end + 40), suffix);
      if (score > bestScore) {
        best = [start, end];
        bestScore = score;
      }
    }
    return best;
  }

  /* Scroll the text area so that `position` is in view: measure the text before it in a hidden copy. */
  function scrollTo(position) {
    var copy = document.createElement("textarea");
    var style = window.getComputedStyle(body);
    copy.style.cssText = "position:absolute;visibility:hidden;height:0;overflow:hidden;left:-9999px";
    copy.style.width = body.clientWidth + "px";
    ["font", "lineHeight", "padding", "letterSpacing", "wordSpacing", "whiteSpace", "boxSizing"].forEach(function (name) {
      copy.style[name] = style[name];
    });
    copy.value = body.value.slice(0, position);
    document.body.appendChild(copy);
    var offset = copy.scrollHeight;
    copy.remove();
    body.scrollTop = Math.max(0, offset - body.clientHeight / 3);
  }

  function showInText(button) {
    if (!body) {
      return;
    }
    var span = locate(body.value, button.dataset.anchorText || "", button.dataset.anchorPrefix || "", button.dataset.anchorSuffix || "");
    if (!span) {
      announce(say("words_not_found"));
      return;
    }
    body.scrollIntoView({ block: "center" });
    body.focus({ preventScroll: true });
    body.setSelectionRange(span[0], span[1]);
    scrollTo(span[0]);
  }

  /* --- reply, resolve, add ----------------------------------------------------------------- */

  var commentForm = document.getElementById("editor-comment-form");
  var hint = panel.querySelector("[data-reply-hint]");

  function setAnchor(text, prefix, suffix) {
    if (!commentForm) {
      return;
    }
    commentForm.querySelector("[data-reply-anchor=text]").value = text;
    commentForm.querySelector("[data-reply-anchor=prefix]").value = prefix;
    commentForm.querySelector("[data-reply-anchor=suffix]").value = suffix;
    hint.hidden = !text;
    panel.querySelector("[data-reply-words]").textContent = text;
  }

  function reply(button) {
    setAnchor(button.dataset.anchorText || "", button.dataset.anchorPrefix || "", button.dataset.anchorSuffix || "");
    var name = button.dataset.username;
    if (name && commentField.value.indexOf("@" + name) === -1) {
      commentField.value = "@" + name + " " + commentField.value;
    }
    commentField.focus();
    commentField.setSelectionRange(commentField.value.length, commentField.value.length);
  }

  function enhance(scope) {
    scope.querySelectorAll("[data-show-in-text], [data-comment-reply]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function known(id) {
    return Boolean(list.querySelector('[data-comment-id="' + id + '"]'));
  }

  function place(comment) {
    var holder = document.createElement("div");
    holder.innerHTML = comment.html.trim();
    var item = holder.firstElementChild;
    enhance(item);
    var existing = list.querySelector('[data-comment-id="' + comment.id + '"]');
    if (existing) {
      existing.replaceWith(item);
    } else {
      list.appendChild(item);
      panel.dataset.lastComment = String(Math.max(Number(panel.dataset.lastComment || 0), comment.id));
    }
    panel.querySelector("[data-no-comments]").hidden = true;
    return item;
  }

  function setOpen(count) {
    if (typeof count === "number") {
      panel.querySelector("[data-open-comments]").textContent = String(count);
    }
  }

  function showError(text) {
    if (errorLine) {
      errorLine.textContent = text;
      errorLine.hidden = !text;
    }
  }

  document.querySelectorAll("form[data-editor-comments-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var data = new FormData(form, event.submitter || undefined);
      var submitter = event.submitter;
      if (submitter) {
        submitter.disabled = true;
      }
      desk
        // getAttribute: the resolve forms carry a field named "action", which shadows `form.action`.
        .postForJSON(form.getAttribute("action"), data, { scope: form })
        .then(function (answer) {
          if (answer.httpStatus >= 400 || !answer.comment) {
            showError(answer.message || say("comment_failed"));
            announce(answer.message || say("comment_failed"));
            return;
          }
          showError("");
          var item = place(answer.comment);
          setOpen(answer.open);
          if (form === commentForm) {
            commentField.value = "";
            setAnchor("", "", "");
          }
          announce(answer.message + (answer.warning ? " " + answer.warning : ""));
          var focusTarget = item.querySelector("button:not([hidden])");
          if (form !== commentForm && focusTarget) {
            focusTarget.focus();
          }
        })
        .catch(function () {
          showError(say("comment_failed"));
          announce(say("comment_failed"));
        })
        .then(function () {
          if (submitter && submitter.isConnected) {
            submitter.disabled = false;
          }
        });
    });
  });

  panel.addEventListener("click", function (event) {
    var show = event.target.closest("[data-show-in-text]");
    if (show) {
      showInText(show);
      return;
    }
    var replyButton = event.target.closest("[data-comment-reply]");
    if (replyButton) {
      reply(replyButton);
      return;
    }
    if (event.target.closest("[data-reply-clear]")) {
      setAnchor("", "", "");
      commentField.focus();
    }
  });

  /* --- new comments while the page is open --------------------------------------------------- */

  var timer = null;
  var polling = null;

  function poll() {
    if (polling) {
      return polling;
    }
    var resolved = Array.prototype.map.call(list.querySelectorAll(".comment-resolved[data-comment-id]"), function (item) {
      return item.dataset.commentId;
    });
    var url =
      panel.dataset.threadUrl +
      "?after=" +
      encodeURIComponent(panel.dataset.lastComment || "0") +
      "&resolved=" +
      encodeURIComponent(resolved.join(","));
    polling = fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { comments: [] };
      })
      .then(function (answer) {
        var fresh = (answer.comments || []).filter(function (comment) {
          return !known(comment.id);
        });
        fresh.forEach(place);
        // Resolved or reopened by someone else: the comment's new state, in place (focus stays where it is).
        (answer.changed || []).forEach(function (comment) {
          if (known(comment.id) && !list.querySelector('[data-comment-id="' + comment.id + '"]').contains(document.activeElement)) {
            place(comment);
          }
        });
        setOpen(answer.open);
        if (fresh.length) {
          announce(say("new_comments", { count: fresh.length }));
        }
        return fresh.length;
      })
      .catch(function () {
        return 0;
      })
      .then(function (count) {
        polling = null;
        return count;
      });
    return polling;
  }

  function schedule() {
    window.clearInterval(timer);
    timer = null;
    if (!document.hidden) {
      timer = window.setInterval(poll, POLL_MS);
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      poll();
    }
    schedule();
  });

  enhance(panel);
  schedule();
  // For tests and other scripts: fetch new comments now (resolves to how many arrived).
  window.NewsroomEditorComments = { poll: poll, locate: locate };
})();
