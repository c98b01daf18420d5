// DocChat page behaviour. Everything here is an enhancement: every form works without it.

// Ask before destructive actions: a submit button (or its form) with data-confirm needs a yes.
document.addEventListener("submit", (event) => {
    const source = event.submitter?.dataset.confirm !== undefined ? event.submitter : event.target;
    const question = source?.dataset?.confirm;
    if (question && !window.confirm(question)) {
        event.preventDefault();
    }
});

// A link with data-confirm and data-submit leads to a confirmation page without JavaScript;
// with it, a dialog asks and the named (hidden) form is posted directly.
document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[data-confirm][data-submit]");
    if (!link) {
        return;
    }

    event.preventDefault();
    if (window.confirm(link.dataset.confirm)) {
        document.querySelector(link.dataset.submit)?.submit();
    }
});

// The undo offer disappears when its window ends (the server refuses it after that anyway).
(() => {
    const banner = document.getElementById("undo-banner");
    const until = Date.parse(banner?.dataset.undoUntil ?? "");
    if (banner && !Number.isNaN(until)) {
        window.setTimeout(() => banner.remove(), Math.max(0, until - Date.now()));
    }
})();

// Enter sends, Shift+Enter starts a new line.
document.getElementById("Message")?.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        event.target.form?.requestSubmit();
    }
});

// Stream answers into the page as they are produced. The server stores the question first and
// the answer when it is complete; the page then reloads to show it with its references.
(() => {
    const form = document.getElementById("message-form");
    const messages = document.getElementById("messages");
    if (!form || !messages || !window.fetch || !window.TextDecoder || !form.dataset.streamUrl) {
        return;
    }

    const article = (role, text) => {
        const element = document.createElement("article");
        element.className = `message message-${role === "user" ? "user" : "assistant"} message-pending`;
        element.dataset.role = role;
        const content = document.createElement("div");
        content.className = "message-content message-text";
        content.textContent = text;
        element.appendChild(content);
        messages.querySelector("#empty-conversation")?.remove();
        messages.appendChild(element);
        return content;
    };

    form.addEventListener("submit", async (event) => {
        if (event.defaultPrevented) {
            return;
        }

        event.preventDefault();
        const error = document.getElementById("message-error");
        const button = form.querySelector("button[type=submit]");
        const body = new FormData(form);
        const question = String(body.get("Message") ?? "");
        button.disabled = true;
        if (error) {
            error.textContent = "";
        }

        let reached = false;
        try {
            const response = await fetch(form.dataset.streamUrl, { method: "POST", body, headers: { Accept: "application/x-ndjson" } });
            if (!response.ok || !response.body) {
                const problem = await response.json().catch(() => null);
                if (error) {
                    error.textContent = problem?.error ?? "The message could not be sent. Please try again.";
                }

                button.disabled = false;
                return;
            }

            reached = true;
            article("user", question);
            const answer = article("assistant", "");
            answer.setAttribute("aria-busy", "true");
            const reader = response.body.getReader();
            const decoder = new TextDecoder();
            let buffer = "";
            for (;;) {
                const { value, done } = await reader.read();
                buffer += decoder.decode(value ?? new Uint8Array(), { stream: !done });
                let newline;
                while ((newline = buffer.indexOf("\n")) >= 0) {
                    const line = buffer.slice(0, newline).trim();
                    buffer = buffer.slice(newline + 1);
                    if (line) {
                        const update = JSON.parse(line);
                        if (update.delta) {
                            answer.textContent += update.delta;
                        }
                    }
                }

                if (done) {
                    break;
                }
            }

            window.location.assign(form.dataset.doneUrl);
        } catch {
            // Once the server had the question it is stored: show what was saved. Before that,
            // fall back to the plain form post.
            if (reached) {
                window.location.assign(form.dataset.doneUrl);
            } else {
                form.submit();
            }
        }
    });
})();

// Documents being read in the background: the page fetches itself every second and takes the
// new status cells (the server renders them, as on a reload) until nothing is in progress.
(() => {
    const table = document.getElementById("documents");
    if (!table || table.dataset.inProgress !== "true" || !window.fetch || !window.DOMParser) {
        return;
    }

    const refresh = async () => {
        let fresh;
        try {
            const response = await fetch(window.location.pathname, { headers: { Accept: "text/html" }, credentials: "same-origin" });
            if (!response.ok) {
                throw new Error(`status ${response.status}`);
            }

            fresh = new DOMParser().parseFromString(await response.text(), "text/html");
        } catch {
            window.setTimeout(refresh, 5000);
            return;
        }

        for (const row of table.querySelectorAll("tr.document")) {
            const updated = fresh.querySelector(`tr.document[data-document-id="${CSS.escape(row.dataset.documentId)}"]`);
            for (const cell of [".document-status", ".document-pages", ".document-chunks"]) {
                const source = updated?.querySelector(cell);
                const target = row.querySelector(cell);
                if (source && target && source.outerHTML !== target.outerHTML) {
                    target.replaceWith(document.importNode(source, true));
                }
            }
        }

        const freshTable = fresh.getElementById("documents");
        if (freshTable?.dataset.inProgress === "true") {
            window.setTimeout(refresh, 1000);
        } else {
            table.dataset.inProgress = "false";
            document.getElementById("ingestion-note")?.remove();
        }
    };

    window.setTimeout(refresh, 1000);
})();
