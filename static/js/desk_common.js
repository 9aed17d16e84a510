/* What every desk script needs, written once: the CSRF token, a same-origin POST, the page's
 * JSON data islands and its message catalogue. Loaded first (defer keeps the order) by
 * templates/desk/base.html; the page scripts use `window.NewsroomDesk`. No inline JS (CSP). */
(function () {
  "use strict";

  /* The CSRF token of a form (or of the page's first form when none is given). */
  function csrfToken(scope) {
    var input = (scope || document).querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  /* The JSON a template wrote with `json_script`, or `fallback` when the page has none. */
  function data(id, fallback) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : fallback;
  }

  /* A translator over a catalogue of messages: say("saved_at", {time: "14:02"}) fills %(time)s. */
  function messages(id) {
    var catalogue = data(id, {});
    return function say(key, values) {
      var text = catalogue[key] || key;
      Object.keys(values || {}).forEach(function (name) {
        text = text.split("%(" + name + ")s").join(String(values[name]));
      });
      return text;
    };
  }

  /* POST `body` (FormData) to a same-origin address with the CSRF header; resolves to the Response.
     options: accept (an Accept header), scope (where to read the token), keepalive. */
  function post(url, body, options) {
    options = options || {};
    var headers = { "X-CSRFToken": csrfToken(options.scope), "X-Requested-With": "fetch" };
    if (options.accept) {
      headers.Accept = options.accept;
    }
    return fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: headers,
      keepalive: Boolean(options.keepalive),
    });
  }

  /* `post` asking for JSON: resolves to the parsed answer whatever the status (the desk's JSON
     answers carry their own message), rejects when the network failed or the answer is not JSON. */
  function postForJSON(url, body, options) {
    var settings = Object.assign({ accept: "application/json" }, options || {});
    return post(url, body, settings).then(function (response) {
      return response.json().then(function (answer) {
        answer.httpStatus = response.status;
        return answer;
      });
    });
  }

  window.NewsroomDesk = {
    csrfToken: csrfToken,
    data: data,
    messages: messages,
    post: post,
    postForJSON: postForJSON,
  };
})();
