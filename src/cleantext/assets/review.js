// The review page's filters: one rule, or one rule set, and a search over the shown text. Everything is in
// the page; this only hides and shows what is there (it never writes markup, so no text can become code).
(function () {
  "use strict";
  const state = { rule: null, set: null, query: "" };
  const lowered = new Map();
  const text = (el) => {
    if (!lowered.has(el)) lowered.set(el, el.textContent.toLowerCase());
    return lowered.get(el);
  };
  const inFilter = (rules, sets) =>
    (state.rule === null || rules.includes(state.rule)) && (state.set === null || sets.includes(state.set));
  const matches = (el) => state.query === "" || text(el).includes(state.query);

  function apply() {
    for (const el of document.querySelectorAll(".rule-row, .ruledoc")) {
      el.hidden = !inFilter([el.dataset.rule], [el.dataset.set]);
    }
    let shown = 0;
    let total = 0;
    for (const el of document.querySelectorAll(".example, .doc")) {
      const rules = el.dataset.rules.split(" ");
      const sets = el.dataset.sets.split(" ");
      el.hidden = !(inFilter(rules, sets) && matches(el));
      total += 1;
      shown += el.hidden ? 0 : 1;
    }
    for (const group of document.querySelectorAll(".rule-examples")) {
      group.hidden = group.querySelector(".example:not([hidden])") === null;
    }
    for (const button of document.querySelectorAll("[data-filter-rule], [data-filter-set]")) {
      const pressed = button.dataset.filterRule !== undefined
        ? button.dataset.filterRule === state.rule
        : button.dataset.filterSet === state.set;
      button.setAttribute("aria-pressed", String(pressed));
    }
    document.getElementById("shown").textContent =
      state.rule || state.set || state.query ? `showing ${shown} of ${total} samples` : "";
    // The filter in the address (#rule=NAV001, #set=PROMO), so that a filtered view can be linked to.
    const hash = state.rule ? `#rule=${state.rule}` : state.set ? `#set=${state.set}` : "";
    if (location.hash !== hash && (hash || /^#(rule|set)=/.test(location.hash))) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }

  function fromAddress() {
    const found = /^#(rule|set)=([A-Z]+[0-9]*)$/.exec(location.hash);
    state.rule = found && found[1] === "rule" ? found[2] : null;
    state.set = found && found[1] === "set" ? found[2] : null;
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (button === null) return;
    if (button.dataset.filterRule !== undefined) {
      state.rule = state.rule === button.dataset.filterRule ? null : button.dataset.filterRule;
      state.set = null;
    } else if (button.dataset.filterSet !== undefined) {
      state.set = state.set === button.dataset.filterSet ? null : button.dataset.filterSet;
      state.rule = null;
    } else if (button.id === "clear") {
      state.rule = state.set = null;
      state.query = "";
      document.getElementById("search").value = "";
    } else {
      return;
    }
    apply();
  });
  document.getElementById("search").addEventListener("input", (event) => {
    state.query = event.target.value.trim().toLowerCase();
    apply();
  });
  window.addEventListener("hashchange", () => {
    if (/^#(rule|set)=/.test(location.hash)) {
      fromAddress();
      apply();
    }
  });
  fromAddress();
  if (state.rule || state.set) apply();
})();
