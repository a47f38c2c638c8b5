/*
 * SEND disagreement guide: the chat widget a council embeds with one tag.
 *
 *   <script src="https://bot.example.gov.uk/chat/widget.js"
 *           data-server-url="https://bot.example.gov.uk" defer></script>
 *
 * Optional: data-title, data-greeting, data-colour (a dark colour: white text sits on it), and
 * data-fault-text: what to say when the assistant cannot be reached at all (say who else can help:
 * the council's page fills it from content/, see scripts/serve_demo.py). When the assistant answers
 * but cannot handle the message, the widget shows the message it sends instead.
 * Talks to Rasa's REST channel. The conversation id and transcript live in sessionStorage, so
 * they follow the family from page to page and are forgotten when the tab closes.
 * Every piece of text is added as text, never as HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.sendGuideChat) return;
  window.sendGuideChat = true;

  var base = script.src.replace(/[^/]*$/, "");
  var serverUrl = (script.getAttribute("data-server-url") || "").replace(/\/+$/, "");
  var endpoint = serverUrl + "/webhooks/rest/webhook";
  var title = script.getAttribute("data-title") || "Help with a SEND disagreement";
  var greeting = script.getAttribute("data-greeting") || "";
  var colour = script.getAttribute("data-colour") || "";
  var STORE = "send-guide-chat";
  var TIMEOUT_MS = 20000;
  // No council's facts here: who to call lives in content/ and reaches the page as data-fault-text.
  var FAULT_TEXT = script.getAttribute("data-fault-text") ||
    "Sorry, the assistant is not answering at the moment. Your message has not been lost: try again in a minute.";

  // --- state kept for this tab only ---------------------------------------------------------

  function newId() {
    var bytes = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function load() {
    try {
      var saved = JSON.parse(sessionStorage.getItem(STORE));
      if (saved && saved.sender && Array.isArray(saved.transcript)) return saved;
    } catch (e) { /* a broken entry starts a new conversation */ }
    return { sender: newId(), transcript: [], open: false, draft: "" };
  }

  var state = load();
  function save() {
    try { sessionStorage.setItem(STORE, JSON.stringify(state)); } catch (e) { /* storage full or blocked */ }
  }

  // --- building the widget -----------------------------------------------------------------

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var name in attrs || {}) node.setAttribute(name, attrs[name]);
    if (text) node.textContent = text;
    return node;
  }

  var css = el("link", { rel: "stylesheet", href: base + "widget.css" });
  document.head.appendChild(css);

  var root = el("div", { "class": "sg-chat" });
  if (colour) root.style.setProperty("--sg-colour", colour);
  var launcher = el("button", { type: "button", "class": "sg-launcher", "aria-expanded": "false", "aria-controls": "sg-panel" });
  launcher.appendChild(el("span", { "class": "sg-launcher-icon", "aria-hidden": "true" }, "?"));
  launcher.appendChild(el("span", {}, "Chat: " + title));

  var panel = el("section", { id: "sg-panel", "class": "sg-panel", "aria-labelledby": "sg-title", hidden: "" });
  var header = el("div", { "class": "sg-header" });
  header.appendChild(el("h2", { id: "sg-title", "class": "sg-title" }, title));
  var close = el("button", { type: "button", "class": "sg-close", "aria-label": "Close chat" });
  close.appendChild(el("span", { "aria-hidden": "true" }, "\u00d7"));
  header.appendChild(close);

  var notice = el("p", { "class": "sg-notice" },
    "This is an automated guide, not legal advice. If a child is in danger now, call 999.");
  var log = el("div", { "class": "sg-log", role: "log", "aria-live": "polite", "aria-label": "Conversation", tabindex: "0" });
  var typing = el("p", { "class": "sg-typing", role: "status" });

  var form = el("form", { "class": "sg-form" });
  var label = el("label", { "for": "sg-input", "class": "sg-label" }, "Type your message");
  var input = el("textarea", { id: "sg-input", "class": "sg-input", rows: "2", autocomplete: "off" });
  var send = el("button", { type: "submit", "class": "sg-send" }, "Send");
  form.appendChild(label);
  var row = el("div", { "class": "sg-row" });
  row.appendChild(input);
  row.appendChild(send);
  form.appendChild(row);

  var tools = el("div", { "class": "sg-tools" });
  var restart = el("button", { type: "button", "class": "sg-link-button" }, "Start again");
  var print = el("button", { type: "button", "class": "sg-link-button" }, "Save or print this conversation");
  tools.appendChild(restart);
  tools.appendChild(print);

  [header, notice, log, typing, form, tools].forEach(function (part) { panel.appendChild(part); });
  root.appendChild(panel);
  root.appendChild(launcher);
  document.body.appendChild(root);

  // --- text with safe links ----------------------------------------------------------------

  // Phone numbers (UK, with spaces), 999 and 101 after "call", emails and web addresses.
  var TOKENS = /(\b0\d{2,4}(?: \d{3,4}){1,2}\b|\b(?:call|on) (?:999|101)\b|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?:\/\/|www\.)[^\s<>"]+)/gi;

  function appendLinked(parent, text) {
    var last = 0;
    text.replace(TOKENS, function (match, _token, offset) {
      var token = match.replace(/[.,;:)]+$/, "");
      parent.appendChild(document.createTextNode(text.slice(last, offset)));
      var link;
      if (/@/.test(token) && !/^(https?:|www\.)/i.test(token)) {
        link = el("a", { href: "mailto:" + token }, token);
      } else if (/^(https?:\/\/|www\.)/i.test(token)) {
        link = el("a", { href: (/^www\./i.test(token) ? "https://" : "") + token, target: "_blank", rel: "noopener noreferrer" }, token);
        link.appendChild(el("span", { "class": "sg-visually-hidden" }, " (opens in a new tab)"));
      } else {
        var number = token.replace(/^(call|on) /i, "");
        if (number !== token) parent.appendChild(document.createTextNode(token.slice(0, token.length - number.length)));
        link = el("a", { href: "tel:" + number.replace(/\s/g, "") }, number);
      }
      parent.appendChild(link);
      last = offset + token.length;
      return match;
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // --- the transcript ----------------------------------------------------------------------

  function renderMessage(entry, withChoices) {
    var item = el("div", { "class": "sg-message sg-from-" + entry.from });
    item.appendChild(el("span", { "class": "sg-visually-hidden" }, entry.from === "user" ? "You said: " : "Assistant: "));
    var body = el("p", { "class": "sg-text" });
    appendLinked(body, entry.text);
    item.appendChild(body);
    if (withChoices && entry.buttons && entry.buttons.length) {
      var group = el("div", { "class": "sg-buttons", role: "group", "aria-label": "Choices" });
      entry.buttons.forEach(function (button) {
        var choice = el("button", { type: "button", "class": "sg-choice" }, button.title);
        choice.addEventListener("click", function () {
          input.focus(); // the button is about to go: keep keyboard users in the conversation
          sendMessage(button.payload, button.title);
        });
        group.appendChild(choice);
      });
      item.appendChild(group);
    }
    return item;
  }

  function firstOfLatestReply() {
    var i = state.transcript.length - 1;
    while (i >= 0 && state.transcript[i].from === "bot") i--;
    return i + 1;
  }

  // Only the newest reply keeps its buttons: older choices no longer fit the conversation.
  function renderAll() {
    log.textContent = "";
    var latestReply = firstOfLatestReply();
    state.transcript.forEach(function (entry, index) { log.appendChild(renderMessage(entry, index >= latestReply)); });
    log.scrollTop = log.scrollHeight;
  }

  // New messages are appended, never re-rendered, so screen readers announce only what is new.
  function add(entry) {
    state.transcript.push(entry);
    save();
    if (entry.from === "user") {
      Array.prototype.forEach.call(log.querySelectorAll(".sg-buttons"), function (group) { group.remove(); });
    }
    log.appendChild(renderMessage(entry, true));
    log.scrollTop = log.scrollHeight;
  }

  function showFault(retry, said) {
    var fault = el("div", { "class": "sg-message sg-fault" });
    var text = el("p", { "class": "sg-text" });
    appendLinked(text, said || FAULT_TEXT);
    fault.appendChild(text);
    var again = el("button", { type: "button", "class": "sg-choice" }, "Try again");
    again.addEventListener("click", function () { fault.remove(); retry(); });
    fault.appendChild(again);
    log.appendChild(fault);
    log.scrollTop = log.scrollHeight;
  }

  // --- talking to the assistant ------------------------------------------------------------

  // Messages go one after another, in order: one sent before the last reply came is queued, not dropped.
  var queue = Promise.resolve();

  function post(message) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller && setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    return fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.sender, message: message }),
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      if (response.ok) return response.json();
      // The assistant answered but could not handle it (503): its body says what to do, from content/.
      return response.json().catch(function () { return {}; }).then(function (body) {
        var error = new Error("status " + response.status);
        error.said = body && typeof body.message === "string" ? body.message : "";
        throw error;
      });
    }).finally(function () { if (timer) clearTimeout(timer); });
  }

  // message: what is sent; shown: what the family sees as their message (null for none).
  function sendMessage(message, shown, typed) {
    if (shown) add({ from: "user", text: shown });
    queue = queue.then(function () { return deliver(message, typed); });
  }

  function deliver(message, typed) {
    typing.textContent = "The assistant is typing\u2026";
    return post(message).then(function (replies) {
      if (typed !== undefined) { state.draft = input.value; save(); } // keep anything typed since
      (replies || []).forEach(function (reply) {
        if (reply.text) add({ from: "bot", text: String(reply.text), buttons: reply.buttons || [] });
      });
    }).catch(function (error) {
      // Give back what they typed, so nothing is lost, and offer to send it again.
      if (typed !== undefined && !input.value) { input.value = typed; state.draft = typed; save(); }
      showFault(function () {
        if (typed !== undefined && input.value === typed) { input.value = ""; }
        sendMessage(message, null, typed);
      }, error && error.said);
    }).finally(function () {
      typing.textContent = "";
    });
  }

  function greet() {
    if (greeting) add({ from: "bot", text: greeting, buttons: [] });
    else sendMessage("/greet", null);
  }

  // --- opening, closing and the controls ---------------------------------------------------

  // moveFocus is false only when a reload restores an open widget: focus stays where the page put it.
  function setOpen(open, moveFocus) {
    state.open = open;
    save();
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    root.classList.toggle("sg-is-open", open);
    keepFocusInSight();
    if (open) {
      renderAll();
      if (!state.transcript.length) greet();
      if (moveFocus !== false) input.focus();
    } else if (moveFocus !== false) {
      launcher.focus();
    }
  }

  // Keep focused page content from hiding behind the widget (WCAG 2.4.11): the browser scrolls
  // focused elements clear of this padding, which follows the widget's height as it changes.
  function keepFocusInSight() {
    document.documentElement.style.scrollPaddingBottom = root.offsetHeight + 16 + "px";
  }
  if (window.ResizeObserver) new ResizeObserver(keepFocusInSight).observe(root);

  launcher.addEventListener("click", function () { setOpen(panel.hidden); });
  close.addEventListener("click", function () { setOpen(false); });
  // Esc closes the panel from anywhere, so nothing it covers stays hidden. Focus goes back to
  // the launcher only if it was in the widget; otherwise it stays where the family left it.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || panel.hidden) return;
    var inWidget = root.contains(document.activeElement);
    event.preventDefault();
    setOpen(false, inWidget);
  });

  input.value = state.draft || "";
  input.addEventListener("input", function () { state.draft = input.value; save(); });
  input.addEventListener("keydown", function (event) {
    // Enter sends; Shift+Enter starts a new line.
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit ? form.requestSubmit() : form.dispatchEvent(new Event("submit")); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    sendMessage(text, text, text);
  });

  restart.addEventListener("click", function () {
    // A new id as well as an empty transcript: the old conversation is left behind for good.
    state = { sender: newId(), transcript: [], open: true, draft: "" };
    save();
    renderAll();
    greet();
    input.focus();
  });

  print.addEventListener("click", function () {
    document.documentElement.classList.add("sg-printing");
    window.print();
    document.documentElement.classList.remove("sg-printing");
  });

  if (state.open) setOpen(true, false);
  else keepFocusInSight();
})();
