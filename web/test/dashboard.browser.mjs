// Drives the dashboard in headless Chromium (Debian's, through playwright-core) against a running server:
//   DASHBOARD_URL      the server's web endpoint, e.g. http://127.0.0.1:5081
//   IMAGEGRID_API_KEY  the key of an account with no tasks yet
//   SCREENSHOT_PATH    where to save the screenshot (PNG)
//   CHROMIUM_PATH      optional; /usr/bin/chromium by default
// It enters the key, creates a task from the form and waits for SUCCEEDED with a loaded thumbnail; then prints
// "NEED-SECOND-TASK" and "NEED-FAILING-TASK" and reads each time a task id from stdin (tasks another client created
// meanwhile, the second scripted to fail), which must appear live, without a reload; then it pages back through
// ListTasks. Prints "DASHBOARD-OK" and exits 0 when all holds.
import { createInterface } from "node:readline";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { chromium } from "playwright-core";

const url = required("DASHBOARD_URL");
const key = required("IMAGEGRID_API_KEY");
const screenshotPath = required("SCREENSHOT_PATH");
// Generous: a busy 2-core machine starts Chromium and runs the server side by side.
const timeout = 90_000;

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function step(text) {
  console.log(`STEP ${text}`);
}

/** Asks the test (on stdout) for a task created by another client; the test answers with its id on stdin. */
async function askTest(request) {
  console.log(request);
  const { value, done } = await stdinLines.next();
  if (done || !value?.trim()) throw new Error(`no answer to ${request} on stdin`);
  return value.trim();
}

const stdinLines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
  timeout,
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(timeout);
  page.on("console", (message) => message.type() === "error" && console.log(`BROWSER ${message.text()}`));
  page.on("pageerror", (error) => console.log(`BROWSER page error: ${error.message}`));

  step("open the page and enter the key");
  await page.goto(url);
  await page.fill("#api-key", key);
  await page.click("#key-form button[type=submit]");
  await page.waitForSelector("#create[data-ready=true]");
  await page.waitForSelector("#live-status[data-state=live]");
  // Set once and checked at the end: a reload would lose it.
  await page.evaluate(() => (window.dashboardNotReloaded = true));

  step("the form is built from ListModels, the prompt counted in code points");
  const aspectRatio = await page.inputValue("select[name='param:aspect_ratio']");
  if (aspectRatio !== "1:1") throw new Error(`aspect_ratio default is ${aspectRatio}, expected 1:1`);
  await page.fill("textarea[name=prompt]", "A lighthouse at dawn 👍");
  const counter = await page.textContent(".prompt-counter");
  if (counter !== "22 / 20000") throw new Error(`prompt counter shows "${counter}", expected "22 / 20000"`);

  step("create a task from the form");
  await page.selectOption("select[name='param:aspect_ratio']", "16:9");
  await page.click("#create button[name=create]");
  const created = await page.waitForSelector(".form-status[data-task-id]");
  const firstId = await created.getAttribute("data-task-id");
  step(`created ${firstId}; wait for SUCCEEDED and its thumbnail`);
  await page.waitForSelector(`li.task[data-task-id="${firstId}"] .chip[data-status=SUCCEEDED]`);
  await page.waitForFunction(
    (id) => {
      const img = document.querySelector(`li.task[data-task-id="${id}"] .thumbnail img`);
      return img && img.complete && img.naturalWidth > 0;
    },
    firstId,
  );
  const size = await page.$eval(`li.task[data-task-id="${firstId}"] .thumbnail img`, (img) => [img.naturalWidth, img.naturalHeight]);
  step(`thumbnail loaded, ${size[0]}x${size[1]}`);
  await page.waitForSelector(`#timeline[data-task-id="${firstId}"] .version[data-status=SUCCEEDED]`);
  const settled = (spentBefore) => {
    const value = (field) => Number(document.querySelector(`.balance-value[data-field=${field}]`)?.textContent);
    const spent = value("spent");
    return value("reserved") === 0 && spent > spentBefore && value("granted") === value("available") + spent ? spent : false;
  };
  const spentOnFirst = await (await page.waitForFunction(settled, 0)).jsonValue();
  step(`balance settled: ${spentOnFirst} spent`);

  step("another client creates a task: it must appear live");
  const secondId = await askTest("NEED-SECOND-TASK");
  await page.waitForSelector(`li.task[data-task-id="${secondId}"] .chip[data-status=SUCCEEDED]`);
  await page.waitForFunction(settled, spentOnFirst);

  step("another client creates a task that fails: it must appear live with its error");
  const failingId = await askTest("NEED-FAILING-TASK");
  await page.waitForSelector(`li.task[data-task-id="${failingId}"] .chip[data-status=FAILED]`);
  const error = await page.textContent(`li.task[data-task-id="${failingId}"] .error`);
  if (!error.startsWith("content_policy: ")) throw new Error(`the failed task shows "${error}"`);
  const order = await page.$$eval("li.task", (rows) => rows.map((row) => row.dataset.taskId));
  if (order.join() !== [failingId, secondId, firstId].join()) throw new Error(`tasks not newest first: ${order.join(", ")}`);
  if (!(await page.evaluate(() => window.dashboardNotReloaded === true))) throw new Error("the page reloaded");

  mkdirSync(dirname(screenshotPath), { recursive: true });
  await page.screenshot({ path: screenshotPath, fullPage: true });
  step(`screenshot saved to ${screenshotPath}`);

  step("page back through ListTasks, one task a page; the key is still in this tab");
  await page.goto(`${url}/?pageSize=1`);
  await page.waitForSelector(`li.task[data-task-id="${failingId}"]`);
  if ((await page.$$("li.task")).length !== 1) throw new Error("the first page holds more than one task");
  await page.click("#older");
  await page.waitForSelector(`li.task[data-task-id="${secondId}"]`);
  await page.click("#older");
  await page.waitForSelector(`li.task[data-task-id="${firstId}"]`);
  await page.waitForSelector("#older", { state: "hidden" });

  console.log("DASHBOARD-OK");
} finally {
  await browser.close();
}
process.exit(0);
