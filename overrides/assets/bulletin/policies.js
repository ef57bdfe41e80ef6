/* Filters (有效性, 主题分类) and date order for the 政策文件 list; the choices go in the URL. */
(function () {
  "use strict";
  var form = document.querySelector("[data-policy-filters]");
  var body = document.querySelector("[data-policy-rows]");
  if (!form || !body) return;
  var count = document.getElementById("policy-count");
  var rows = Array.prototype.slice.call(body.rows);
  var params = new URLSearchParams(location.search);
  ["validity", "category", "sort"].forEach(function (name) {
    if (params.get(name)) form[name].value = params.get(name);
  });

  function update() {
    var validity = form.validity.value, category = form.category.value, shown = 0;
    var sorted = rows.slice().sort(function (a, b) {
      var order = a.dataset.date < b.dataset.date ? -1 : a.dataset.date > b.dataset.date ? 1 : 0;
      return form.sort.value === "asc" ? order : -order;
    });
    sorted.forEach(function (row) {
      var visible = (!validity || row.dataset.validity === validity) &&
        (!category || row.dataset.category === category);
      row.hidden = !visible;
      if (visible) shown++;
      body.appendChild(row);
    });
    count.textContent = "共" + shown + "份文件";
    var next = new URLSearchParams();
    ["validity", "category", "sort"].forEach(function (name) {
      if (form[name].value && !(name === "sort" && form[name].value === "desc")) next.set(name, form[name].value);
    });
    history.replaceState(null, "", next.toString() ? "?" + next.toString() : location.pathname);
  }

  form.addEventListener("change", update);
  form.hidden = false;
  update();
})();
