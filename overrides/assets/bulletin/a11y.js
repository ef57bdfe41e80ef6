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

  // 关怀版 folds the panel behind 无障碍 on a wide screen too: a choice made in the open panel
  // keeps it open, so the next control (and 重置) stays one Tab away.
  var panel = bar.querySelector("#a11y-panel");
  var opener = bar.querySelector("[data-a11y-open]");
  // (The panel itself is display: contents in the desktop row: its first control tells.)
  function shown() { return panel.querySelector("button").getClientRects().length > 0; }
  function keepOpen(wasShown) {
    if (wasShown && !shown()) {
      opener.setAttribute("aria-expanded", "true");
      bar.setAttribute("data-open", "");
    }
  }
  var status = bar.querySelector("[data-a11y-status]");
  function announce(text) {
    status.textContent = "";
    // A new text node after a pause, so screen readers announce a repeated message again.
    window.setTimeout(function () { status.textContent = text; }, 100);
  }

  bar.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) return;
    var wasShown = shown();
    if (button.hasAttribute("data-a11y-toggle")) {
      var name = button.getAttribute("data-a11y-toggle");
      prefs[name] = !prefs[name];
    } else if (button.hasAttribute("data-a11y-size")) {
      prefs.size = button.getAttribute("data-a11y-size");
    } else if (button.hasAttribute("data-a11y-reset")) {
      prefs = {};
      if (synth) synth.cancel();
      announce("已恢复默认设置");
    } else if (button.hasAttribute("data-a11y-speak")) {
      speak(button.getAttribute("data-a11y-speak"));
      return;
    } else if (button.hasAttribute("data-a11y-print")) {
      window.print();
      return;
    } else if (button.hasAttribute("data-a11y-open")) {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", String(open));
      bar.toggleAttribute("data-open", open);
      return;
    }
    save();
    apply();
    keepOpen(wasShown);
  });

  bar.hidden = false;
  apply();
})();

/* The navigation drawer on narrow screens (and the sticky header's height). Material opens the
   drawer with a hidden checkbox; the 菜单 button drives that checkbox, says whether the drawer is
   open (aria-expanded), and keeps the closed drawer out of the Tab order (inert; the CSS also
   hides it with visibility). The open drawer keeps the focus (the page behind is inert); Escape,
   关闭 or a click beside it closes it and returns focus to the button. */
(function () {
  "use strict";
  var html = document.documentElement;
  var header = document.querySelector(".md-header");
  // Focus and anchors never land under the sticky header: scroll-padding-top follows its height.
  function headerHeight() {
    var sticky = header && getComputedStyle(header).position === "sticky";
    html.style.setProperty("--bulletin-header-height", (sticky ? header.offsetHeight : 0) + "px");
  }
  if (header) {
    headerHeight();
    if (window.ResizeObserver) new ResizeObserver(headerHeight).observe(header);
    window.addEventListener("resize", headerHeight);
  }

  // 打印本页 buttons in pages (the policy page), shown only where JavaScript can print.
  document.querySelectorAll("[data-bulletin-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  var drawer = document.getElementById("__drawer");
  var menu = document.querySelector("[data-bulletin-menu]");
  var close = document.querySelector("[data-bulletin-menu-close]");
  var sidebar = document.querySelector(".md-sidebar--primary");
  if (!drawer || !menu || !sidebar) return;
  var narrow = window.matchMedia("(max-width: 76.234375em)");

  // While the drawer is open, the page behind it is inert: Tab stays in the navigation.
  var behind = document.querySelectorAll(".a11y-skip, .a11y-bar, .md-header, .md-content, .md-sidebar--secondary, .md-top, .md-footer");
  function sync() {
    var isDrawer = getComputedStyle(menu).display !== "none";
    var open = isDrawer && drawer.checked;
    menu.setAttribute("aria-expanded", String(drawer.checked));
    sidebar.inert = isDrawer && !drawer.checked;
    behind.forEach(function (node) { node.inert = open; });
  }
  function set(open) {
    drawer.checked = open;
    drawer.dispatchEvent(new Event("change"));
    sync();
  }
  menu.addEventListener("click", function () {
    set(!drawer.checked);
    if (drawer.checked) {
      var first = sidebar.querySelector(".md-nav__list a");  // 关闭 is one Shift+Tab away
      if (first) first.focus();
    }
  });
  if (close) {
    close.hidden = false;
    close.addEventListener("click", function () { set(false); menu.focus(); });
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && drawer.checked) { set(false); menu.focus(); }
  });
  drawer.addEventListener("change", function () {  // also Material's overlay, clicked beside the drawer
    var inside = sidebar.contains(document.activeElement);
    sync();
    if (!drawer.checked && inside) menu.focus();
  });
  narrow.addEventListener("change", sync);
  // Modes change the layout (关怀版 and 纯文本 show the navigation in the page on wide screens).
  new MutationObserver(sync).observe(html, { attributes: true });
  // A page restored from the back/forward cache opens with the drawer closed.
  window.addEventListener("pageshow", function () { if (drawer.checked) set(false); });
  menu.hidden = false;
  sync();
})();
