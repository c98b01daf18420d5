// Follow the system's light or dark preference (Bootstrap colour modes), also when it changes.
(() => {
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    const apply = () => document.documentElement.setAttribute("data-bs-theme", query.matches ? "dark" : "light");
    apply();
    query.addEventListener("change", apply);
})();
