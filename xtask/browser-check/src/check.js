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
  // Before anything is clicked: a collapsible (a hint, the speaker notes)
  // that is already open shows its contents to every reader.
  for (const [i, a] of [...document.querySelectorAll("details.admonition")].entries()) {
    const title = (a.querySelector("summary") || a).textContent.trim().slice(0, 40);
    if (a.open) admonitions.push(`collapsible ${i + 1} ("${title}") is open before it is clicked`);
  }
  for (const a of [...document.querySelectorAll(".admonition")]) {
    const style = getComputedStyle(a);
    const title = (a.querySelector(".admonition-title") || a).textContent.trim().slice(0, 40);
    const i = [...document.querySelectorAll(".admonition")].indexOf(a);
    if (style.borderLeftWidth === "0px" && style.boxShadow === "none")
      admonitions.push(`admonition ${i + 1} ("${title}") has no style`);
    if (a.tagName === "DETAILS") {
      const summary = a.querySelector("summary");
      if (!a.open && summary) summary.click();
      const body = a.querySelector(":scope > div");
      if (!a.open || !body || body.getBoundingClientRect().height <= 0)
        admonitions.push(`collapsible ${i + 1} ("${title}") does not open`);
      // Closed again, so a screenshot shows the page as a reader first sees it.
      a.open = false;
    }
  }
  // What a preprocessor should have turned into something else: a code
  // block still labelled with its language, or an include left as text.
  const main = document.querySelector("main") || document.body;
  const raw = [];
  for (const code of main.querySelectorAll("code[class*='language-admonish'], code[class*='language-mermaid']")) {
    const kind = [...code.classList].find((c) => c.startsWith("language-")).slice("language-".length);
    raw.push(`an unprocessed \`${kind}\` block is shown as code: "${code.textContent.trim().slice(0, 50)}"`);
  }
  for (const m of main.textContent.matchAll(/\{\{#(include|rustdoc_include|playground)[^}]*\}\}/g))
    raw.push(`an unprocessed ${m[0]} is shown as text`);
  // The sidebar as a reader sees it: this page's number, and the link text
  // "chapter N" that the prose uses, with where each link leads.
  const number = (li) => {
    const strong = li && li.querySelector(":scope > a > strong, :scope > strong");
    return strong ? strong.textContent.trim() : "";
  };
  const active = document.querySelector("#sidebar a.active");
  const sidebar = active ? number(active.closest("li")) : null;
  const chapterLinks = [];
  for (const a of main.querySelectorAll("a[href]")) {
    const m = a.textContent.match(/\bchapter (\d+)\b/i);
    const url = new URL(a.getAttribute("href"), location.href);
    if (m && url.origin === location.origin) chapterLinks.push({ n: m[1], page: url.origin + url.pathname });
  }
  // Text node by text node (a table's cells run together in textContent),
  // skipping another book's chapter: "*Rust Atomics and Locks* (2023), chapter 6".
  const chapterMentions = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const m of node.textContent.matchAll(/\bchapters? (\d+)\b/gi)) {
      const before = node.textContent.slice(0, m.index);
      const cited = /,\s*$/.test(before) && node.previousSibling &&
        ["EM", "CITE", "I"].includes(node.previousSibling.nodeName);
      if (!cited) chapterMentions.push(m[1]);
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
  return { mermaid, admonitions, raw, sidebar, chapterLinks, chapterMentions, ids, internal, external,
           diagrams: diagrams().length,
           styled: document.querySelectorAll(".admonition").length };
})()
