// Runs inside each page of the built book; returns what the Rust side checks.
(async () => {
  const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
  const diagrams = () => [...document.querySelectorAll("pre.mermaid")];
  // Mermaid renders after load: wait up to 10 s for every diagram to settle.
  for (let i = 0; i < 100 && diagrams().some((d) => !d.querySelector("svg")); i++) {
    await sleep(100);
  }
  const mermaid = diagrams().map((d, i) => {
    const svg = d.querySelector("svg");
    if (!svg) return `diagram ${i + 1} did not render to an SVG`;
    if (svg.getAttribute("aria-roledescription") === "error" || /Syntax error/.test(svg.textContent))
      return `diagram ${i + 1} rendered as "Syntax error"`;
    return null;
  }).filter(Boolean);
  const admonitions = [];
  for (const [i, a] of [...document.querySelectorAll(".admonition")].entries()) {
    const style = getComputedStyle(a);
    const title = (a.querySelector(".admonition-title") || a).textContent.trim().slice(0, 40);
    if (style.borderLeftWidth === "0px" && style.boxShadow === "none")
      admonitions.push(`admonition ${i + 1} ("${title}") has no style`);
    if (a.tagName === "DETAILS") {
      const summary = a.querySelector("summary");
      if (!a.open && summary) summary.click();
      const body = a.querySelector(":scope > div");
      if (!a.open || !body || body.getBoundingClientRect().height <= 0)
        admonitions.push(`collapsible ${i + 1} ("${title}") does not open`);
    }
  }
  const ids = [...document.querySelectorAll("[id]")].map((e) => e.id)
    .concat([...document.querySelectorAll("a[name]")].map((e) => e.name));
  const internal = [];
  const external = [];
  for (const a of document.querySelectorAll("a[href]")) {
    const url = new URL(a.getAttribute("href"), location.href);
    if (url.origin === location.origin) {
      internal.push({ page: url.origin + url.pathname, hash: decodeURIComponent(url.hash.slice(1)) });
    } else if (url.protocol === "http:" || url.protocol === "https:") {
      external.push(url.href);
    }
  }
  return { mermaid, admonitions, ids, internal, external, diagrams: diagrams().length,
           styled: document.querySelectorAll(".admonition").length };
})()
