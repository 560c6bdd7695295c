/* Search box (Pagefind UI) and remembering the chosen view. The pages work without it. */
"use strict";
(function () {
  var box = document.getElementById("search");
  if (box && window.PagefindUI) {
    // result URLs are stored from the edition's root; resolve them against where it is served
    var root = new URL(box.getAttribute("data-root") || "./", document.baseURI).pathname;
    var bundle = new URL(box.getAttribute("data-bundle"), document.baseURI);
    var start = function (shards) {
      // the index is built in shards, one Pagefind bundle each, searched as one
      var paths = shards.map(function (s) { return new URL(s, bundle).pathname; });
      new window.PagefindUI({
        element: "#search",
        bundlePath: paths[0],
        baseUrl: root,
        mergeIndex: paths.slice(1).map(function (p) { return { bundlePath: p, baseUrl: root }; }),
        showSubResults: true,
        showImages: false,
        resetStyles: false
      });
      // Pagefind's input has only a title and a placeholder: give it a real label
      var input = box.querySelector("input.pagefind-ui__search-input");
      if (input) {
        input.id = "search-input";
        var label = document.createElement("label");
        label.htmlFor = "search-input";
        label.className = "visually-hidden";
        label.textContent = "Search the edition";
        box.insertBefore(label, box.firstChild);
      }
    };
    // the list of shards is written with the index, so the pages need not change with it;
    // file:// pages cannot fetch it (nor can Pagefind its index): the box alone, as before
    if (bundle.protocol === "file:") {
      start(["./"]);
    } else {
      fetch(new URL("shards.json", bundle))
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; })
        .then(function (index) {
          start(Array.isArray(index.shards) && index.shards.length ? index.shards : ["./"]);
        });
    }
  }
  var reading = document.getElementById("view-reading");
  var diplomatic = document.getElementById("view-diplomatic");
  if (reading && diplomatic) {
    try {
      if (window.localStorage.getItem("memcon-view") === "reading") { reading.checked = true; }
      reading.addEventListener("change", function () { window.localStorage.setItem("memcon-view", "reading"); });
      diplomatic.addEventListener("change", function () { window.localStorage.setItem("memcon-view", "diplomatic"); });
    } catch (e) { /* storage unavailable: the switch still works for this page */ }
  }
})();
