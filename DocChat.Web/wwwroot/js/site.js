// Ask before destructive actions: a submit button (or its form) with data-confirm needs a yes.
document.addEventListener("submit", (event) => {
    const source = event.submitter?.dataset.confirm !== undefined ? event.submitter : event.target;
    const question = source?.dataset?.confirm;
    if (question && !window.confirm(question)) {
        event.preventDefault();
    }
});
