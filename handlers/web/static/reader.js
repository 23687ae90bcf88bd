// pdfexport reader pages: +A A -A, remembered in the browser and carried into
// the PDF links; instant archive search; the paste form. No build step.
"use strict";
(() => {
  const KEY = "pdfexport.scale";
  const store = {
    get() { try { return Number(localStorage.getItem(KEY)); } catch { return NaN; } },
    set(v) { try { localStorage.setItem(KEY, String(v)); } catch { /* private mode: this page only */ } },
  };
  const $ = (id) => document.getElementById(id);

  // Article page: the text size steps and the PDF links.
  const body = document.body;
  if (body.dataset.steps && body.dataset.pdf) {
    const steps = body.dataset.steps.split(" ").map(Number);
    const pdf = body.dataset.pdf;
    let scale = steps.includes(store.get()) ? store.get() : 1;
    const html = pdf.replace(/\.pdf$/, ".html");
    const apply = () => {
      document.documentElement.style.setProperty("--scale", String(scale));
      $("print").href = `${pdf}?scale=${scale}`;
      $("save").href = `${pdf}?scale=${scale}&disposition=attachment`;
      $("printpage").href = `${html}?scale=${scale}`;
      $("size").value = `${Math.round(scale * 100)}%`;
      // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
      $("bigger").setAttribute("aria-disabled", String(scale >= steps[steps.length - 1]));
      $("smaller").setAttribute("aria-disabled", String(scale <= steps[0]));
    };
    const step = (by) => {
      const i = steps.indexOf(scale);
      scale = steps[Math.min(Math.max(i + by, 0), steps.length - 1)];
      store.set(scale);
      apply();
    };
    $("bigger").addEventListener("click", () => step(+1));
    $("smaller").addEventListener("click", () => step(-1));
    $("reset").addEventListener("click", () => { scale = 1; store.set(scale); apply(); });
    apply();
  }

  // Archive: filter the list as the reader types (the form also works without script).
  const q = $("q"), list = $("articles");
  if (q && list) {
    const items = [...list.children];
    const total = list.dataset.total; // the archive's size; the list may already be a server search
    q.addEventListener("input", () => {
      const words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const li of items) {
        const text = li.dataset.text.toLowerCase();
        li.hidden = !words.every((w) => text.includes(w));
        if (!li.hidden) shown++;
      }
      $("count").textContent = `${shown} of ${total} articles`;
    });
  }

  // Paste page: POST the text or file to /v1/render and download the PDF.
  const form = $("paste");
  if (form) {
    const status = $("status"), error = $("error"), make = $("make");
    const scale = $("scale");
    const remembered = store.get();
    if ([...scale.options].some((o) => Number(o.value) === remembered)) scale.value = String(remembered);
    let busy = false;
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (busy) return;
      error.textContent = "";
      status.textContent = "";
      const file = $("file").files[0];
      const pasted = $("text").value;
      if (file && pasted.trim()) {
        error.textContent = "Both a file and pasted text were given: clear the box, or remove the file.";
        return;
      }
      busy = true;
      make.setAttribute("aria-disabled", "true");
      try {
        const text = file ? await file.text() : pasted;
        if (!text.trim()) throw new Error("paste an article into the box, or choose a file, first.");
        const json = file ? /\.json$/i.test(file.name) : text.trimStart().startsWith("{");
        const url = `/v1/render?scale=${encodeURIComponent(scale.value)}&paper=${encodeURIComponent($("paper").value)}&disposition=attachment`;
        const headers = { "Content-Type": json ? "application/json" : "text/plain; charset=utf-8" };
        const token = $("token");
        if (token && token.value) headers.Authorization = `Bearer ${token.value}`;
        status.textContent = "Making the PDF…";
        const res = await fetch(url, { method: "POST", headers, body: text });
        if (!res.ok) {
          let detail = "";
          try { detail = (await res.json()).detail; } catch { /* not a problem document */ }
          throw new Error(detail || `the server answered ${res.status} ${res.statusText}`.trim());
        }
        const blob = await res.blob();
        const a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = fileName(res.headers.get("Content-Disposition"));
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(a.href), 10000);
        status.textContent = `Downloaded ${a.download} (${Math.round(blob.size / 1024)} KB).`;
      } catch (e) {
        status.textContent = "";
        error.textContent = `The PDF could not be made: ${e.message}`;
      } finally {
        busy = false;
        make.setAttribute("aria-disabled", "false");
      }
    });
  }

  // fileName reads a download's name from Content-Disposition: the UTF-8
  // filename* of RFC 6266 first, then filename, quoted or not.
  function fileName(header) {
    const h = header || "";
    const ext = /filename\*=UTF-8''([^;]+)/i.exec(h);
    if (ext) {
      try { return decodeURIComponent(ext[1].trim()); } catch { /* malformed: try the plain name */ }
    }
    const plain = /filename=(?:"([^"]+)"|([^;\s]+))/i.exec(h);
    return plain ? (plain[1] || plain[2]) : "article.pdf";
  }
})();
