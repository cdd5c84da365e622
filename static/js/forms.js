// Small form helpers, loaded as an ES module. Forms work without it.

// Display-name ideas: clicking one fills the field.
for (const group of document.querySelectorAll("[data-name-suggestions]")) {
  const input = group.closest(".field")?.querySelector("input");
  if (!input) continue;
  group.hidden = false;
  group.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-name]");
    if (!button) return;
    input.value = button.dataset.name;
    input.focus();
  });
}

// After a failed submission, move focus to the error summary so screen readers announce it.
document.getElementById("form-errors")?.focus();
