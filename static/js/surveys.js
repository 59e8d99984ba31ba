// Survey pages work without JavaScript; this only moves focus to the error summary when there is one,
// so screen-reader and keyboard users land on the list of problems (GOV.UK pattern).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector(".error-summary[data-autofocus]");
  if (summary) {
    summary.focus();
  }
});

// A follow-up (Q12's "Your post", Q13's contact details) is sent hidden and disabled until its answer is chosen.
// Without JavaScript it appears after pressing the button; with it, as soon as the answer is chosen. Disabled
// fields are not sent, so details typed and then withdrawn by choosing another answer never leave the phone.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-follow-up-for]").forEach((followUp) => {
    const name = followUp.dataset.followUpFor;
    const radios = document.querySelectorAll(`input[type="radio"][name="${CSS.escape(name)}"]`);
    const update = () => {
      const chosen = [...radios].find((radio) => radio.checked);
      const show = Boolean(chosen) && chosen.value === followUp.dataset.followUpValue;
      followUp.hidden = !show;
      followUp.querySelectorAll("input, textarea, select").forEach((field) => { field.disabled = !show; });
      if (followUp.tagName === "FIELDSET") {
        followUp.disabled = !show;
      }
    };
    radios.forEach((radio) => radio.addEventListener("change", update));
  });
});
