/* The course site's search box: searches the prebuilt index (search-index.js) in the page,
   so it works from file:// with no server. Terms are matched the way
   crmkit.glossary.search matches: case, Arabic or Persian letter forms, the zero-width
   non-joiner, short vowels and Russian "ё" do not matter; a query of several words finds
   the entries holding every word (as the start of one of their words), and a Persian
   compound is also found written solid. */
(function () {
  "use strict";
  var LETTERS = {
    "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0629": "\u0647",
    "\u06c0": "\u0647", "\u0623": "\u0627", "\u0625": "\u0627", "\u0671": "\u0627",
    "\u0451": "\u0435", "\u2013": "-", "\u2014": "-", "\u00ab": "", "\u00bb": "", '"': ""
  };
  for (var d = 0; d < 10; d++) {
    LETTERS[String.fromCharCode(0x06f0 + d)] = String(d);
    LETTERS[String.fromCharCode(0x0660 + d)] = String(d);
  }
  function translate(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      out += Object.prototype.hasOwnProperty.call(LETTERS, ch) ? LETTERS[ch] : ch;
    }
    return out;
  }
  function normalise(text) {
    text = translate(text).normalize("NFKD").replace(/\p{M}/gu, "");
    text = translate(text.replace(/[\u200c\u200d\u200e\u200f\u0640]/g, "").normalize("NFC"));
    return text.toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  }
  function words(text) {
    return normalise(text).split(/[\s/;,()\-\u2013]+/).filter(Boolean);
  }
  function matches(query, haystack) {
    if (!query.length || !haystack.length) return false;
    var every = query.every(function (w) {
      return haystack.some(function (h) { return h.indexOf(w) === 0; });
    });
    return every || haystack.join("").indexOf(query.join("")) !== -1;
  }
  function search(text) {
    var index = window.CRMKIT_SEARCH || {pages: [], terms: []};
    var query = words(text);
    var hits = [];
    if (!query.length) return hits;
    index.terms.forEach(function (t) {
      var w = t.words;
      if (matches(query, w.en) || matches(query, w.fa) || matches(query, w.ru)) {
        hits.push({kind: "term", term: t, url: t.url});
      }
    });
    index.pages.forEach(function (p) {
      if (matches(query, p.words)) hits.push({kind: p.kind, title: p.title, url: p.url});
      p.headings.forEach(function (h) {
        if (matches(query, h.words)) {
          hits.push({kind: p.kind, title: h.text, page: p.title, url: h.url});
        }
      });
    });
    return hits;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function show(box, hits, root) {
    box.innerHTML = "";
    if (!hits.length) {
      box.appendChild(el("div", "crmkit-none", "Nothing found."));
    }
    hits.slice(0, 40).forEach(function (hit) {
      var a = el("a", "crmkit-hit");
      a.href = root + hit.url;
      if (hit.kind === "term") {
        var t = hit.term;
        a.appendChild(el("span", "crmkit-hit-kind", "glossary · notebook " + t.notebook));
        a.appendChild(el("span", "crmkit-hit-title", t.en));
        var terms = el("span", "crmkit-hit-terms");
        var fa = el("span", "", t.fa);
        fa.dir = "rtl";
        fa.lang = "fa";
        terms.appendChild(fa);
        terms.appendChild(document.createTextNode(" · " + t.ru));
        a.appendChild(terms);
        a.appendChild(el("span", "crmkit-hit-def", t.definition));
      } else {
        a.appendChild(el("span", "crmkit-hit-kind", hit.kind + (hit.page ? " · " + hit.page : "")));
        a.appendChild(el("span", "crmkit-hit-title", hit.title));
      }
      box.appendChild(a);
    });
    box.hidden = false;
  }
  function init() {
    var input = document.getElementById("crmkit-search");
    var box = document.getElementById("crmkit-results");
    if (!input || !box) return;
    var nav = input.closest(".crmkit-nav");
    var root = (nav && nav.getAttribute("data-root")) || "";
    function run() {
      if (!input.value.trim()) { box.hidden = true; return; }
      show(box, search(input.value), root);
    }
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { input.value = ""; box.hidden = true; }
      if (e.key === "Enter") {
        var first = box.querySelector("a");
        if (first) window.location.href = first.href;
      }
    });
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { input.value = q; run(); }
  }
  window.crmkitSearch = {normalise: normalise, words: words, search: search};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
