// Applies the saved theme before the first paint, so a dark-mode user never sees a white flash. A file,
// not inline in index.html: the Content-Security-Policy runs no inline script.
try {
  const saved = localStorage.getItem("tickler.theme")
  if (saved === "light" || saved === "dark") document.documentElement.dataset.theme = saved
} catch {
  // No storage (disabled, or a sandbox): the system's theme applies.
}
