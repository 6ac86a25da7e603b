// notedeck: the little JavaScript the pages use. No framework, no build step.
// Everything here also works as plain links and forms; the keys only make it quicker.
"use strict";

(function () {
  const body = document.body;
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  // Cover placed by GitBook's coverY (pixels the image is moved down).
  document.querySelectorAll(".cover img[data-cover-y]").forEach(function (img) {
    const y = parseFloat(img.dataset.coverY) || 0;
    img.style.objectPosition = "50% calc(50% + " + y + "px)";
  });

  // Reveal a point's cards.
  document.querySelectorAll("button.reveal").forEach(function (button) {
    button.addEventListener("click", function () {
      const cards = document.getElementById("cards-" + button.dataset.line);
      const open = cards.hidden;
      cards.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
    });
  });

  // Tabs: a bar of titles over one panel at a time.
  document.querySelectorAll(".tabs").forEach(function (tabs) {
    const panels = Array.from(tabs.querySelectorAll(":scope > section.tab"));
    if (!panels.length) return;
    const bar = document.createElement("div");
    bar.className = "tab-bar";
    bar.setAttribute("role", "tablist");
    panels.forEach(function (panel, index) {
      const title = panel.querySelector(".tab-title");
      if (title) title.hidden = true;
      const tab = document.createElement("button");
      tab.type = "button";
      tab.setAttribute("role", "tab");
      tab.textContent = panel.dataset.title;
      tab.addEventListener("click", function () { choose(index); });
      bar.appendChild(tab);
    });
    function choose(chosen) {
      panels.forEach(function (panel, index) { panel.hidden = index !== chosen; });
      bar.querySelectorAll("button").forEach(function (tab, index) {
        tab.setAttribute("aria-selected", String(index === chosen));
      });
    }
    tabs.insertBefore(bar, tabs.firstChild);
    choose(0);
  });

  // Self-test: hide dates, names, numbers and terms until clicked.
  const selftest = document.getElementById("selftest");
  if (selftest) {
    const set = function (on) {
      body.classList.toggle("selftest", on);
      selftest.setAttribute("aria-pressed", String(on));
      selftest.textContent = "Self-test: " + (on ? "on" : "off");
      document.querySelectorAll(".st.shown").forEach(function (el) { el.classList.remove("shown"); });
      try { localStorage.setItem("notedeck-selftest", on ? "1" : ""); } catch (e) { /* private mode */ }
    };
    selftest.addEventListener("click", function () { set(!body.classList.contains("selftest")); });
    document.addEventListener("click", function (event) {
      let hidden = event.target.closest(".st");
      if (!hidden || !body.classList.contains("selftest")) return;
      while (hidden.parentElement && hidden.parentElement.closest(".st")) {
        hidden = hidden.parentElement.closest(".st");  // a year inside a bold term: show both
      }
      hidden.classList.add("shown");
      hidden.querySelectorAll(".st").forEach(function (el) { el.classList.add("shown"); });
    });
    let stored = "";
    try { stored = localStorage.getItem("notedeck-selftest") || ""; } catch (e) { /* ignore */ }
    set(stored === "1");
  }

  // Review keys: space reveals, 1-4 grade, u undoes, s suspends.
  const review = document.querySelector("section.review");
  if (review) {
    const back = document.getElementById("back");
    const grades = document.getElementById("grades");
    const reveal = document.getElementById("reveal");
    let sent = false;
    const show = function () { back.hidden = false; grades.hidden = false; reveal.hidden = true; };
    const submit = function (form, rating) {
      if (sent) return;
      sent = true;
      if (rating) {
        const input = document.createElement("input");
        input.type = "hidden"; input.name = "rating"; input.value = rating;
        form.appendChild(input);
      }
      form.submit();
    };
    reveal.addEventListener("click", show);
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.target.closest("input, textarea, select")) return;
      const key = event.key.toLowerCase();
      if (key === " " || key === "enter") {
        if (back.hidden) { event.preventDefault(); show(); }
      } else if ("1234".includes(key) && key.length === 1 && !back.hidden) {
        event.preventDefault();
        submit(grades, key);
      } else if (key === "u") {
        submit(document.getElementById("undo"));
      } else if (key === "s") {
        submit(document.getElementById("suspend"));
      }
    });
  }

  // Live reload: wait for the notes to change, then show the page again where it was.
  if (body.dataset.live) {
    const key = "notedeck-scroll:" + location.pathname;
    const saved = sessionStorage.getItem(key);
    if (saved !== null && !location.hash) { window.scrollTo(0, parseInt(saved, 10)); }
    sessionStorage.removeItem(key);
    let version = parseInt(body.dataset.version, 10);
    const poll = function () {
      fetch("/api/changes?wait=20&since=" + version, { headers: { "X-CSRF-Token": csrf } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
        .then(function (data) {
          if (data.version > version) {
            sessionStorage.setItem(key, String(window.scrollY));
            location.reload();
          } else {
            poll();
          }
        })
        .catch(function () { setTimeout(poll, 2000); });
    };
    poll();
  }
})();
