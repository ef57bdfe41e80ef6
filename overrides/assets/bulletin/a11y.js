/* The 无障碍 toolbar. Choices live in localStorage and are applied to <html> as data-a11y-*
   attributes; the inline script in main.html applies them again before the next page paints. */
(function () {
  "use strict";
  var KEY = "bulletin-a11y";
  var html = document.documentElement;
  var bar = document.querySelector("[data-a11y-toolbar]");
  if (!bar) return;
  var prefs = {};
  try { prefs = JSON.parse(localStorage.getItem(KEY) || "{}") || {}; } catch (e) { prefs = {}; }

  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(prefs)); } catch (e) { /* private mode */ }
  }

  function apply() {
    ["size", "care", "contrast", "cursor", "crosshair", "text"].forEach(function (name) {
      var value = prefs[name];
      if (value) html.setAttribute("data-a11y-" + name, value === true ? "on" : value);
      else html.removeAttribute("data-a11y-" + name);
    });
    bar.querySelectorAll("[data-a11y-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(!!prefs[button.getAttribute("data-a11y-toggle")]));
    });
    bar.querySelectorAll("[data-a11y-size]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.getAttribute("data-a11y-size") === (prefs.size || "")));
    });
    showAltText(!!prefs.text);
    crosshair(!!prefs.crosshair);
  }

  // 纯文本: images are hidden by CSS; their alt text is shown in their place.
  function showAltText(on) {
    document.querySelectorAll(".a11y-alt").forEach(function (node) { node.remove(); });
    if (!on) return;
    document.querySelectorAll(".md-content img[alt]").forEach(function (img) {
      var span = document.createElement("span");
      span.className = "a11y-alt";
      span.textContent = "［图片：" + img.getAttribute("alt") + "］";
      img.insertAdjacentElement("afterend", span);
    });
  }

  // 十字光标: two guide lines that follow the pointer.
  var lines = null;
  function follow(event) {
    lines[0].style.top = event.clientY + "px";
    lines[1].style.left = event.clientX + "px";
  }
  function crosshair(on) {
    if (on && !lines) {
      lines = ["x", "y"].map(function (axis) {
        var line = document.createElement("div");
        line.className = "a11y-crosshair a11y-crosshair--" + axis;
        line.setAttribute("aria-hidden", "true");
        document.body.appendChild(line);
        return line;
      });
      document.addEventListener("mousemove", follow);
    } else if (!on && lines) {
      lines.forEach(function (line) { line.remove(); });
      lines = null;
      document.removeEventListener("mousemove", follow);
    }
  }

  // 语音朗读: the selected text, or the page's main content, through the Web Speech API.
  var synth = window.speechSynthesis;
  var speech = bar.querySelector("[data-a11y-speech]");
  var pause = bar.querySelector('[data-a11y-speak="pause"]');
  function speak(action) {
    if (action === "start") {
      var text = String(window.getSelection() || "").trim();
      if (!text) text = (document.getElementById("main-content") || document.body).innerText;
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "zh-CN";
      var voice = synth.getVoices().filter(function (v) { return /^zh[-_]CN/i.test(v.lang); })[0];
      if (voice) utterance.voice = voice;
      synth.cancel();
      synth.speak(utterance);
      pause.setAttribute("aria-pressed", "false");
    } else if (action === "pause") {
      if (synth.paused) { synth.resume(); pause.setAttribute("aria-pressed", "false"); }
      else { synth.pause(); pause.setAttribute("aria-pressed", "true"); }
    } else {
      synth.cancel();
      pause.setAttribute("aria-pressed", "false");
    }
  }
  if (synth && window.SpeechSynthesisUtterance) speech.hidden = false;

  bar.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    if (button.hasAttribute("data-a11y-toggle")) {
      var name = button.getAttribute("data-a11y-toggle");
      prefs[name] = !prefs[name];
    } else if (button.hasAttribute("data-a11y-size")) {
      prefs.size = button.getAttribute("data-a11y-size");
    } else if (button.hasAttribute("data-a11y-reset")) {
      prefs = {};
      if (synth) synth.cancel();
    } else if (button.hasAttribute("data-a11y-speak")) {
      speak(button.getAttribute("data-a11y-speak"));
      return;
    } else if (button.hasAttribute("data-a11y-print")) {
      window.print();
      return;
    }
    save();
    apply();
  });

  bar.hidden = false;
  apply();
})();
