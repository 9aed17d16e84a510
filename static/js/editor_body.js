/* The body editor: toolbar and shortcuts for our markup, a live preview, clean paste, a size check.
 *
 * The body stays plain text (checks, diffs and imports read it); this only writes the markup the
 * renderer understands. The preview is rendered by the server with the public page's own renderer
 * and partial. Loaded with defer; no inline JS (CSP). Without it the text area works as before. */
(function () {
  "use strict";

  var form = document.getElementById("article-form");
  var body = document.getElementById("id_body");
  if (!form || !body) {
    return;
  }
  var desk = window.NewsroomDesk;
  var say = desk.messages("editor-messages");
  var config = desk.data("body-editor-config", {});
  var debris = config.debris ? new RegExp("^(?:" + config.debris + ")$", "i") : null;
  var sizeError = document.querySelector("[data-body-size-error]");
  var maxChars = parseInt(body.dataset.maxChars || "0", 10);
  var maxBytes = parseInt(body.dataset.maxBytes || "0", 10);

  /* --- writing into the text area (kept on the undo stack where the browser allows) ------- */

  function replaceRange(start, end, text, selectFrom, selectTo) {
    body.focus();
    body.setSelectionRange(start, end);
    var done = false;
    try {
      done = document.execCommand("insertText", false, text);
    } catch (error) {
      done = false;
    }
    if (!done) {
      body.setRangeText(text, start, end, "end");
      body.dispatchEvent(new Event("input", { bubbles: true }));
    }
    body.setSelectionRange(start + selectFrom, start + selectTo);
  }

  function wrap(before, after) {
    var start = body.selectionStart;
    var end = body.selectionEnd;
    var selected = body.value.slice(start, end);
    // A selection's surrounding spaces stay outside the markers (** bold** does not render).
    var lead = selected.match(/^\s*/)[0];
    var trail = selected.match(/\s*$/)[0];
    var inner = selected.trim();
    if (inner && selected.slice(lead.length).indexOf(before) === 0 && inner.slice(-after.length) === after) {
      var bare = inner.slice(before.length, inner.length - after.length);
      replaceRange(start, end, lead + bare + trail, lead.length, lead.length + bare.length);
      return;
    }
    replaceRange(
      start,
      end,
      lead + before + inner + after + trail,
      lead.length + before.length,
      lead.length + before.length + inner.length
    );
  }

  function link() {
    var start = body.selectionStart;
    var end = body.selectionEnd;
    var selected = body.value.slice(start, end).trim();
    var text = selected || say("link_text");
    var markup = "[" + text + "](https://)";
    if (selected) {
      // The words are there: put the cursor on the address.
      replaceRange(start, end, markup, text.length + 3, text.length + 11);
    } else {
      replaceRange(start, end, markup, 1, 1 + text.length);
    }
  }

  function prefixLines(prefix, pattern) {
    var value = body.value;
    var start = value.lastIndexOf("\n", body.selectionStart - 1) + 1;
    var endIndex = value.indexOf("\n", Math.max(body.selectionEnd - (body.selectionEnd > start ? 1 : 0), start));
    var end = endIndex === -1 ? value.length : endIndex;
    var lines = value.slice(start, end).split("\n");
    if (
      lines.every(function (line) {
        return !line.trim();
      })
    ) {
      // An empty line: "click, then type". Write the marker and leave the cursor after it; a line of
      // text just above gets a blank line between, so the block does not run into that paragraph.
      var above = value.slice(0, Math.max(start - 1, 0)).split("\n").pop();
      var marker = (start > 0 && above.trim() && !pattern.test(above) ? "\n" : "") + prefix;
      replaceRange(start, end, marker, marker.length, marker.length);
      return;
    }
    var all = lines.every(function (line) {
      return !line.trim() || pattern.test(line);
    });
    var changed = lines
      .map(function (line) {
        if (!line.trim()) {
          return line;
        }
        return all ? line.replace(pattern, "") : prefix + line.replace(pattern, "");
      })
      .join("\n");
    replaceRange(start, end, changed, changed.length, changed.length);
  }

  var actions = {
    bold: function () {
      wrap("**", "**");
    },
    italic: function () {
      wrap("*", "*");
    },
    link: link,
    subheading: function () {
      prefixLines("## ", /^\s*#+\s+/);
    },
    quote: function () {
      prefixLines("> ", /^\s*>\s?/);
    },
    list: function () {
      prefixLines("- ", /^\s*(?:[-*+]|\d+[.)])\s+/);
    },
  };

  var toolbar = document.querySelector("[data-body-toolbar]");
  if (toolbar) {
    toolbar.hidden = false;
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("[data-markup]");
      if (button && actions[button.dataset.markup]) {
        actions[button.dataset.markup]();
      }
    });
  }

  var shortcuts = { b: "bold", i: "italic", k: "link" };
  var altShortcuts = { 2: "subheading", q: "quote", l: "list" };
  body.addEventListener("keydown", function (event) {
    if (!(event.ctrlKey || event.metaKey)) {
      return;
    }
    var key = event.key.toLowerCase();
    var code = (event.code || "").replace(/^(Key|Digit)/, "").toLowerCase();
    var action = event.altKey ? altShortcuts[code] || altShortcuts[key] : event.shiftKey ? null : shortcuts[key];
    if (action) {
      event.preventDefault();
      actions[action]();
    }
  });

  /* --- live preview ------------------------------------------------------------------------- */

  var pane = document.querySelector("[data-preview-pane]");
  var preview = document.querySelector("[data-preview]");
  var previewUrl = form.dataset.previewUrl;
  var previewTimer = null;
  var sequence = 0;

  function refreshPreview() {
    previewTimer = null;
    if (!preview || !previewUrl || pane.hidden || tooLong()) {
      return; // nothing to show for a body the server would refuse
    }
    var mine = ++sequence;
    preview.setAttribute("aria-busy", "true");
    desk
      .post(previewUrl, new FormData(form), { scope: form })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("preview refused: " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        if (mine === sequence) {
          // Our own server's rendering: sanitised body (nh3) inside an escaped template.
          preview.innerHTML = html;
          preview.setAttribute("aria-busy", "false");
        }
      })
      .catch(function () {
        if (mine === sequence) {
          preview.textContent = say("preview_failed");
          preview.setAttribute("aria-busy", "false");
        }
      });
  }

  function schedulePreview() {
    window.clearTimeout(previewTimer);
    // Short pieces update almost at once; very long ones less often.
    previewTimer = window.setTimeout(refreshPreview, body.value.length > 200000 ? 1500 : 250);
  }

  if (pane && preview) {
    pane.hidden = false;
    form.addEventListener("input", function (event) {
      if (/^(kicker|headline|teaser|dateline|body|date|section)$/.test(event.target.name || "")) {
        schedulePreview();
      }
    });
    form.addEventListener("change", schedulePreview);
    refreshPreview();
    var toggle = document.querySelector("[data-preview-toggle]");
    var panes = document.querySelector("[data-body-panes]");
    if (toggle) {
      toggle.addEventListener("click", function () {
        var show = pane.hidden;
        pane.hidden = !show;
        toggle.setAttribute("aria-pressed", show ? "true" : "false");
        panes.classList.toggle("body-panes-single", !show);
        if (show) {
          refreshPreview();
        }
      });
    }
  }

  /* --- size: checked here before anything is sent ------------------------------------------ */


  function tooLong() {
    var length = body.value.length;
    if (maxChars && length > maxChars) {
      return true;
    }
    // Form-encoded, non-ASCII text grows: estimate from the UTF-8 size (3x for percent-escapes).
    return maxBytes && length * 3 > maxBytes && new Blob([body.value]).size * 3 > maxBytes;
  }

  function showSize() {
    var over = tooLong();
    if (over) {
      sizeError.textContent = say("too_long", { count: body.value.length.toLocaleString(), max: maxChars.toLocaleString() });
    } else if (sizeError.dataset.client) {
      sizeError.textContent = "";
    }
    sizeError.dataset.client = over ? "1" : "";
    body.classList.toggle("is-invalid", over);
    body.setAttribute("aria-invalid", over ? "true" : "false");
    return over;
  }

  if (sizeError) {
    body.addEventListener("input", function () {
      if (body.value.length > maxChars * 0.9 || sizeError.dataset.client) {
        showSize();
      }
    });
    // Capture: runs before the autosave script's submit handler, which then sees the refusal.
    form.addEventListener(
      "submit",
      function (event) {
        if (showSize()) {
          event.preventDefault();
          body.focus();
          sizeError.scrollIntoView({ block: "center" });
        }
      },
      true
    );
  }

  /* --- paste from a word processor or a web page -------------------------------------------- */

  var SKIP = /^(SCRIPT|STYLE|HEAD|TITLE|META|LINK|NOSCRIPT|TEMPLATE|BUTTON|NAV|ASIDE|FOOTER|FORM|SVG|IMG|FIGURE|IFRAME|VIDEO|AUDIO|SELECT|INPUT)$/;
  var BLOCK = /^(P|DIV|SECTION|ARTICLE|HEADER|MAIN|BLOCKQUOTE|LI|UL|OL|H[1-6]|TABLE|TR|PRE|DL|DT|DD|FIGCAPTION)$/;

  function isBold(node) {
    var weight = node.style && node.style.fontWeight;
    return /^(B|STRONG)$/.test(node.nodeName) ? weight !== "normal" && weight !== "400" : weight === "bold" || parseInt(weight, 10) >= 600;
  }

  function isItalic(node) {
    return /^(I|EM)$/.test(node.nodeName) || (node.style && node.style.fontStyle === "italic");
  }

  function inline(node) {
    if (node.nodeType === Node.TEXT_NODE) {
      return node.nodeValue.replace(/\s+/g, " ");
    }
    if (node.nodeType !== Node.ELEMENT_NODE || SKIP.test(node.nodeName)) {
      return "";
    }
    if (node.nodeName === "BR") {
      return "\n";
    }
    var text = Array.prototype.map.call(node.childNodes, inline).join("");
    if (!text.trim()) {
      return text;
    }
    var lead = text.match(/^\s*/)[0];
    var trail = text.match(/\s*$/)[0];
    var core = text.trim();
    if (node.nodeName === "A") {
      var href = node.getAttribute("href") || "";
      if (/^(https?:|mailto:)/i.test(href)) {
        core = "[" + core + "](" + href + ")";
      }
    } else if (isBold(node)) {
      core = "**" + core + "**";
    } else if (isItalic(node)) {
      core = "*" + core + "*";
    }
    return lead + core + trail;
  }

  function blocks(node, out, context) {
    Array.prototype.forEach.call(node.childNodes, function (child) {
      if (child.nodeType === Node.ELEMENT_NODE && SKIP.test(child.nodeName)) {
        return;
      }
      if (child.nodeType === Node.ELEMENT_NODE && BLOCK.test(child.nodeName)) {
        var hasBlocks = Array.prototype.some.call(child.children, function (grand) {
          return BLOCK.test(grand.nodeName);
        });
        var name = child.nodeName;
        var inner = {
          quote: context.quote || name === "BLOCKQUOTE",
          list: name === "OL" ? "ol" : name === "UL" ? "ul" : context.list,
        };
        if (hasBlocks && name !== "LI") {
          blocks(child, out, inner);
          return;
        }
        var text = inline(child).replace(/[ \t]+\n/g, "\n").trim();
        if (!text) {
          return;
        }
        if (/^H[1-6]$/.test(name)) {
          text = "## " + text.replace(/\s*\n\s*/g, " ");
        } else if (name === "LI") {
          text = (context.list === "ol" ? "1. " : "- ") + text.replace(/\s*\n\s*/g, " ");
        }
        if (inner.quote) {
          text = text
            .split("\n")
            .map(function (line) {
              return "> " + line;
            })
            .join("\n");
        }
        out.push({ text: text, item: name === "LI" });
        return;
      }
      var loose = inline(child).trim();
      if (loose) {
        out.push({ text: loose, item: false });
      }
    });
  }

  function dropDebris(lines) {
    return lines.filter(function (line) {
      var content = line.replace(/^\s*(?:#+|>|[-*+]|\d+[.)])\s*/, "").replace(/[*_]/g, "").trim().replace(/\.$/, "");
      return !(debris && content && debris.test(content));
    });
  }

  function fromHtml(html) {
    var doc = new DOMParser().parseFromString(html, "text/html"); // inert: nothing runs, nothing loads
    var out = [];
    blocks(doc.body, out, { quote: false, list: null });
    var text = "";
    out.forEach(function (block, index) {
      var lines = dropDebris(block.text.split("\n"));
      if (!lines.length) {
        return;
      }
      var previous = out[index - 1];
      text += text ? (block.item && previous && previous.item ? "\n" : "\n\n") : "";
      text += lines.join("\n");
    });
    return text;
  }

  body.addEventListener("paste", function (event) {
    var data = event.clipboardData;
    if (!data) {
      return;
    }
    var html = data.getData("text/html");
    var text;
    if (html) {
      text = fromHtml(html);
    } else {
      var plain = data.getData("text/plain").replace(/\r\n?/g, "\n");
      var kept = dropDebris(plain.split("\n"));
      if (kept.length === plain.split("\n").length) {
        return; // nothing to clean: the browser pastes as usual
      }
      text = kept.join("\n");
    }
    event.preventDefault();
    replaceRange(body.selectionStart, body.selectionEnd, text, text.length, text.length);
  });
})();
