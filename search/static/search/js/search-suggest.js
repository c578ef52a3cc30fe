// Title suggestions under the search box, as links. Only an enhancement: without this script
// the form still submits to /recherche/.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("input[data-search-suggest]");
  Array.prototype.forEach.call(boxes, function (input, index) {
    var endpoint = input.getAttribute("data-search-suggest");
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var timer = null;
    var lastQuery = "";
    list.className = "search-suggestions";
    list.id = "search-suggestions-" + index;
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.setAttribute("aria-controls", list.id);
    input.form.appendChild(list);
    input.form.appendChild(status);

    function show(results) {
      list.textContent = "";
      results.forEach(function (result) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = result.url;
        link.textContent = result.title;
        item.appendChild(link);
        list.appendChild(item);
      });
      list.hidden = results.length === 0;
      status.textContent = results.length ? results.length + " suggestion(s)" : "";
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query === lastQuery) { return; }
      lastQuery = query;
      if (query.length < 2) { show([]); return; }
      fetch(endpoint + "?q=" + encodeURIComponent(query), {credentials: "same-origin"})
        .then(function (response) { return response.ok ? response.json() : {results: []}; })
        .then(function (data) { if (query === lastQuery) { show(data.results || []); } })
        .catch(function () { show([]); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { show([]); }
    });
  });
})();
