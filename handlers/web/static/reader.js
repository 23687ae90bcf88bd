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
    const apply = () => {
      document.documentElement.style.setProperty("--scale", String(scale));
      $("print").href = `${pdf}?scale=${scale}`;
      $("save").href = `${pdf}?scale=${scale}&disposition=attachment`;
      $("size").value = `${Math.round(scale * 100)}%`;
      $("bigger").disabled = scale >= steps[steps.length - 1];
      $("smaller").disabled = scale <= steps[0];
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
    q.addEventListener("input", () => {
      const words = q.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const li of items) {
        const text = li.dataset.text.toLowerCase();
        li.hidden = !words.every((w) => text.includes(w));
        if (!li.hidden) shown++;
      }
      $("count").textContent = `${shown} of ${items.length} articles`;
    });
  }

  // Paste page: POST the text or file to /v1/render and download the PDF.
  const form = $("paste");
  if (form) {
    const status = $("status"), error = $("error");
    const scale = $("scale");
    const remembered = store.get();
    if ([...scale.options].some((o) => Number(o.value) === remembered)) scale.value = String(remembered);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      error.textContent = "";
      const file = $("file").files[0];
      const text = file ? await file.text() : $("text").value;
      if (!text.trim()) {
        error.textContent = "Paste an article into the box, or choose a file, first.";
        return;
      }
      const json = file ? /\.json$/i.test(file.name) : text.trimStart().startsWith("{");
      const url = `/v1/render?scale=${encodeURIComponent(scale.value)}&paper=${encodeURIComponent($("paper").value)}&disposition=attachment`;
      status.textContent = "Making the PDF…";
      $("make").disabled = true;
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": json ? "application/json" : "text/plain; charset=utf-8" },
          body: text,
        });
        if (!res.ok) {
          let detail = res.statusText;
          try { detail = (await res.json()).detail || detail; } catch { /* not a problem document */ }
          throw new Error(detail);
        }
        const blob = await res.blob();
        const name = /filename="([^"]+)"/.exec(res.headers.get("Content-Disposition") || "");
        const a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = name ? name[1] : "article.pdf";
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(a.href), 10000);
        status.textContent = `Downloaded ${a.download} (${Math.round(blob.size / 1024)} KB).`;
      } catch (e) {
        status.textContent = "";
        error.textContent = `The PDF could not be made: ${e.message}`;
      } finally {
        $("make").disabled = false;
      }
    });
  }
})();
