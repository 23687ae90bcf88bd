// End-to-end tests of the reader pages in a real browser: Debian's Chromium,
// driven by playwright-core, against the real server on a free loopback port.
//
//   cd e2e && npm ci && npm test
//
// Needs Go, /usr/bin/chromium (or CHROMIUM=path) and poppler-utils. Set
// UPDATE_SCREENSHOT=1 to rewrite docs/reader.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tmp = mkdtempSync(join(tmpdir(), "pdfexport-e2e-"));
const ID = "illusions-of-moscow-tokyo-rapprochement";
const RIGHTS = "for republishing rights";
let server, base, browser;

// pdf returns a PDF's page count and the text of each page (poppler).
function pdf(path) {
  const info = execFileSync("pdfinfo", [path], { encoding: "utf8" });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
  const text = execFileSync("pdftotext", ["-layout", path, "-"], { encoding: "utf8" });
  return { pages, perPage: text.split("\f").slice(0, pages) };
}

async function fetchPDF(url, file) {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return pdf(file);
}

before(async () => {
  const bin = join(tmp, "pdfexport");
  execFileSync("go", ["build", "-o", bin, "./cmd/pdfexport"], { cwd: root, stdio: "inherit" });
  server = spawn(bin, ["serve", "--addr", "127.0.0.1:0"], { stdio: ["ignore", "ignore", "pipe"] });
  // The server logs its address, one JSON object a line, once it listens.
  base = await new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${seen}`)), 20000);
    server.stderr.on("data", (chunk) => {
      seen += chunk;
      for (const line of seen.split("\n")) {
        let entry;
        try { entry = JSON.parse(line); } catch { continue; }
        if (entry.msg === "serving" && entry.addr) {
          clearTimeout(timer);
          resolve(`http://${entry.addr}`);
        }
      }
    });
    server.on("exit", (code) => { clearTimeout(timer); reject(new Error(`the server exited with ${code}:\n${seen}`)); });
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--disable-quic", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  rmSync(tmp, { recursive: true, force: true });
});

const fontSize = (page) => page.$eval("article.reader", (el) => parseFloat(getComputedStyle(el).fontSize));

test("reader page: +A grows the text, Save as PDF downloads the larger PDF, the size is remembered", async (t) => {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  await page.goto(`${base}/articles/${ID}`);
  const toolbar = await page.locator("nav.toolbar").innerText();
  assert.match(toolbar.replace(/\s+/g, " "), /Print Save as PDF \+A A -A/);
  const start = await fontSize(page);

  await page.getByRole("button", { name: "Larger text" }).click();
  await page.getByRole("button", { name: "Larger text" }).click();
  const bigger = await fontSize(page);
  assert.ok(bigger > start * 1.25, `the text grew from ${start}px to only ${bigger}px`);
  assert.equal(await page.locator("#size").innerText(), "130%");

  const clicked = performance.now();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Save as PDF" }).click()]);
  const file = join(tmp, "saved.pdf");
  await download.saveAs(file);
  t.diagnostic(`click to downloaded PDF: ${Math.round(performance.now() - clicked)} ms`);
  assert.equal(readFileSync(file).subarray(0, 5).toString(), "%PDF-");
  assert.match(download.suggestedFilename(), /\.pdf$/);
  const saved = pdf(file);
  const normal = await fetchPDF(`${base}/v1/articles/${ID}.pdf?scale=1`, join(tmp, "normal.pdf"));
  assert.ok(saved.pages > normal.pages, `${saved.pages} pages at 130%, ${normal.pages} at 100%`);
  saved.perPage.forEach((text, i) => assert.ok(text.includes(RIGHTS), `page ${i + 1} lacks the rights line`));

  // Print opens the same PDF inline.
  const print = await page.getByRole("link", { name: "Print", exact: true }).getAttribute("href");
  assert.equal(print, `/v1/articles/${ID}.pdf?scale=1.3`);
  const inline = await page.request.get(base + print);
  assert.equal(inline.headers()["content-type"], "application/pdf");
  assert.match(inline.headers()["content-disposition"], /^inline;/);

  await page.reload();
  assert.equal(await page.locator("#size").innerText(), "130%");
  assert.equal(await fontSize(page), bigger);
  assert.match(await page.getByRole("link", { name: "Save as PDF" }).getAttribute("href"), /scale=1\.3&disposition=attachment$/);

  await page.getByRole("button", { name: "Reset text size" }).click();
  assert.equal(await fontSize(page), start);
  const smaller = page.getByRole("button", { name: "Smaller text" });
  await smaller.click();
  await smaller.press("Enter"); // past the smallest step: nothing changes, the focus stays
  await smaller.press("Enter");
  assert.equal(await page.locator("#size").innerText(), "85%");
  assert.equal(await smaller.getAttribute("aria-disabled"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.id), "smaller", "the keyboard focus left -A");
  assert.match(await page.getByRole("link", { name: "Print-friendly page" }).getAttribute("href"), /\.html\?scale=0\.85$/);
  await page.getByRole("button", { name: "Reset text size" }).click();

  const shot = process.env.UPDATE_SCREENSHOT ? join(root, "docs", "reader.png") : join(tmp, "reader.png");
  await page.screenshot({ path: shot });
  await context.close();
});

test("archive: the search box filters as you type", async () => {
  const page = await browser.newPage();
  await page.goto(base);
  const all = (await (await fetch(`${base}/v1/articles`)).json()).length;
  assert.equal(await page.locator("#articles li").count(), all);
  await page.getByLabel("Search the archive").fill("ferries");
  const shown = await page.locator("#articles li:not([hidden])").count();
  assert.ok(shown >= 1 && shown < all, `${shown} of ${all} shown`);
  assert.equal(await page.locator("#count").innerText(), `${shown} of ${all} articles`);
  // After a search on the server, the count still speaks of the whole archive.
  await page.goto(`${base}/?q=ferries`);
  await page.getByLabel("Search the archive").fill("");
  assert.equal(await page.locator("#count").innerText(), `${shown} of ${all} articles`);
  await page.close();
});

test("paste page: pasted text becomes a PDF; mistakes are shown in plain words", async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${base}/paste`);
  await page.getByRole("button", { name: "Download PDF" }).click();
  await page.getByRole("alert").filter({ hasText: "paste an article" }).waitFor();

  const text = readFileSync(join(root, "source", "archive", "lyon-night-trains.txt"), "utf8");
  const entries = await (await fetch(`${base}/v1/articles`)).json();
  const title = entries.find((e) => e.id === "lyon-night-trains").title;
  await page.getByLabel("Article text").fill(text);
  await page.getByLabel("Text size").selectOption("1.15");
  await page.getByLabel("Paper").selectOption("letter");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download PDF" }).click()]);
  const file = join(tmp, "pasted.pdf");
  await download.saveAs(file);
  const got = pdf(file);
  assert.ok(got.perPage[0].replace(/\s+/g, " ").includes(title.split(" ").slice(0, 4).join(" ")), `the PDF lacks the title ${title}`);
  assert.match(execFileSync("pdfinfo", [file], { encoding: "utf8" }), /Page size:\s+612 x 792 pts/, "not on US Letter");
  assert.equal(download.suggestedFilename(), `${title}.pdf`, "the download is not named after the title");
  assert.equal(await page.getByRole("alert").innerText(), "");
  assert.match(await page.getByRole("status").innerText(), /Downloaded .*\.pdf/);

  // A file and pasted text at once: the page asks which.
  await page.getByLabel("…or a file").setInputFiles(join(root, "source", "archive", "copenhagen-bike-bridges.json"));
  await page.getByRole("button", { name: "Download PDF" }).click();
  await page.getByRole("alert").filter({ hasText: "Both a file and pasted text" }).waitFor();
  // A JSON file instead of pasted text.
  await page.getByLabel("Article text").fill("");
  await page.getByLabel("…or a file").setInputFiles(join(root, "source", "archive", "copenhagen-bike-bridges.json"));
  const [fromFile] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download PDF" }).click()]);
  await fromFile.saveAs(join(tmp, "uploaded.pdf"));
  assert.match(pdf(join(tmp, "uploaded.pdf")).perPage.join(" ").replace(/\s+/g, " "), /Copenhagen/);
  await page.getByLabel("…or a file").setInputFiles([]);

  await page.getByLabel("Article text").fill('{"title": "", "body": ["x"]}');
  await page.getByRole("button", { name: "Download PDF" }).click();
  await page.getByRole("alert").filter({ hasText: "could not be made" }).waitFor();
  assert.match(await page.getByRole("alert").innerText(), /The PDF could not be made: .*title/);
  await context.close();
});

test("print-friendly HTML carries the rights line, in the page margins when printed", async () => {
  const page = await browser.newPage();
  const res = await page.goto(`${base}/v1/articles/${ID}.html?scale=1.3`);
  assert.equal(res.status(), 200);
  assert.ok((await page.locator(".rights").innerText()).includes(RIGHTS));
  // Chromium prints the @page margin boxes: the rights line and page N of M on every page.
  const file = join(tmp, "printed.pdf");
  writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
  const printed = pdf(file);
  assert.ok(printed.pages >= 2);
  printed.perPage.forEach((text, i) => {
    assert.ok(text.includes(RIGHTS), `printed page ${i + 1} lacks the rights line`);
    assert.ok(text.includes(`page ${i + 1} of ${printed.pages}`), `printed page ${i + 1} lacks its number`);
  });
  await page.close();
});

// The archive's parsers do not make figures or tables yet, so the page of every block kind is the
// print page of Go's fixture.Blocks, which render/printhtml's TestGoldenPage keeps in
// render/printhtml/testdata/blocks.html: the same body and stylesheet the reader page has.
test("figures and tables: shown on screen, printed whole, the table's header on every page", async (t) => {
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  await page.route(/^https?:/, (route) => route.abort()); // its one web image is not fetched here
  await page.goto(pathToFileURL(join(root, "render", "printhtml", "testdata", "blocks.html")).href);

  // The lead image, in the title block, is decoded at its size; so is the gallery's picture.
  const lead = page.locator("header figure.lead img");
  await lead.evaluate((img) => img.decode());
  assert.deepEqual(await lead.evaluate((img) => [img.naturalWidth, img.alt]), [48, "The harbour at dawn"]);
  const gallery = page.getByRole("figure").filter({ hasText: "A day on the water." });
  const first = gallery.getByRole("img", { name: "Sky over the harbour" });
  await first.scrollIntoViewIfNeeded();
  await first.evaluate((img) => img.decode());
  assert.equal(await first.evaluate((img) => img.naturalWidth), 48);
  // The picture beside the article (testdata/files/, as the server's /articles/{id}/files/).
  const beside = page.getByRole("img", { name: "The new ferry at the pier" });
  await beside.scrollIntoViewIfNeeded();
  await beside.evaluate((img) => img.decode());
  assert.equal(await beside.evaluate((img) => img.naturalWidth), 48);
  // A gallery is a grid: its pictures side by side, the caption under them all.
  const boxes = await gallery.locator("img").evaluateAll((imgs) => imgs.map((i) => i.getBoundingClientRect().top));
  assert.ok(boxes.length === 3 && boxes.every((top) => top === boxes[0]), `gallery rows at ${boxes}`);
  assert.ok(await gallery.locator("figcaption").isVisible());
  assert.equal(await gallery.locator(".credit").innerText(), "Photos: Readers");

  // The table, named by its caption, with its column and row headers.
  const table = page.getByRole("table", { name: "Crossings a day" });
  assert.ok(await table.isVisible());
  assert.equal(await table.getByRole("columnheader").count(), 2);
  assert.equal(await table.getByRole("rowheader", { name: "Harbour line" }).count(), 1);
  assert.equal(await table.getByRole("cell", { name: "15" }).count(), 1);
  assert.ok((await page.getByRole("figure").filter({ hasText: "The sea is our road again." }).count()) === 1);
  assert.match(await page.getByRole("complementary", { name: "Correction" }).innerText(), /wrong pier/);

  // Printed with 120 more rows, the table spans pages: its header row is on each of them.
  await page.evaluate(() => {
    const body = document.querySelector("main table tbody");
    for (let i = 1; i <= 120; i++) body.insertAdjacentHTML("beforeend", `<tr><td>row ${i}</td><td>${i}</td><td>${i + 1}</td></tr>`);
  });
  const file = join(tmp, "blocks.pdf");
  writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
  const printed = pdf(file);
  const rowPages = printed.perPage.map((text, i) => [i, text]).filter(([, text]) => /row \d+/.test(text));
  assert.ok(rowPages.length >= 2, `the table is on ${rowPages.length} page(s)`);
  t.diagnostic(`printed: ${printed.pages} pages, the table's rows on ${rowPages.length}`);
  for (const [i, text] of rowPages) assert.match(text, /Line\s+Crossings/, `printed page ${i + 1} has table rows without the header row`);

  // A figure is never split: its picture made tall (61×50 pixels, shown the measure wide, which
  // pdfimages finds by its size), and moved down a sixth of a page at a time, it is printed on
  // the page of its caption wherever the page ends.
  await page.evaluate(() => {
    const img = [...document.images].find((i) => i.alt === "The new ferry at the pier");
    const c = Object.assign(document.createElement("canvas"), { width: 61, height: 50 });
    const g = c.getContext("2d");
    g.fillStyle = "#146";
    g.fillRect(0, 0, 61, 50);
    img.removeAttribute("width");
    img.removeAttribute("height");
    img.style.width = "100%";
    img.src = c.toDataURL("image/png");
    img.closest("figure").insertAdjacentHTML("beforebegin", '<div id="spacer"></div>');
    return img.decode();
  });
  for (let step = 0; step < 6; step++) {
    await page.evaluate((h) => { document.getElementById("spacer").style.height = `${h}px`; }, step * 160);
    writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
    const captionPage = pdf(file).perPage.findIndex((text) => text.replace(/\s+/g, " ").includes("The new ferry at the pier.")) + 1;
    // pdfimages -list: page, num, type, width, height, …
    const picturePages = execFileSync("pdfimages", ["-list", file], { encoding: "utf8" }).split("\n").slice(2)
      .map((l) => l.trim().split(/\s+/)).filter((f) => f[2] === "image" && f[3] === "61" && f[4] === "50").map((f) => Number(f[0]));
    assert.deepEqual(picturePages, [captionPage], `${step * 160} px lower: the picture on page(s) ${picturePages}, its caption on page ${captionPage}`);
  }
  await page.close();
});

test("the reader page is small", async (t) => {
  let bytes = 0;
  for (const path of [`/articles/${ID}`, "/static/reader.css", "/static/body.css", "/static/reader.js"]) {
    const res = await fetch(base + path);
    bytes += (await res.arrayBuffer()).byteLength;
  }
  t.diagnostic(`reader page: ${bytes} bytes of HTML, CSS and JS`);
  assert.ok(bytes < 40000, `${bytes} bytes`);
});
