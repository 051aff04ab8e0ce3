// The account's tasks, newest first: pages from ListTasks ("Older tasks" pages back), kept live by WatchTasks. Each
// task keeps the highest version seen, so a page and the stream can arrive in any order.
import { TaskStatus } from "./gen/imagegrid/v1/imagegrid_pb.js";
import { element, errorText, millis, statusName, timeOf } from "./format.js";

const reconnectDelayMs = 2000;

export function taskList(client, { container, olderButton, status, pageSize, onUpdate, onOpen }) {
  const tasks = new Map(); // id -> { task, row, render }
  const stop = new AbortController();
  let nextPageToken = "";

  function upsert(task) {
    const known = tasks.get(task.id);
    if (known && known.task.version >= task.version) return;
    const entry = known ?? newRow(task.id);
    entry.task = task;
    entry.render(task);
    tasks.set(task.id, entry);
    if (!known) placeInOrder();
  }

  function newRow(id) {
    const row = element("li", "task");
    row.dataset.taskId = id;
    const chip = element("span", "chip");
    const title = element("span", "task-id", id);
    const prompt = element("p", "prompt");
    const meta = element("p", "meta");
    const error = element("p", "error");
    const thumbnail = element("div", "thumbnail");
    const text = element("div", "task-text");
    text.append(title, prompt, meta, error);
    row.append(thumbnail, chip, text);
    row.tabIndex = 0;
    row.addEventListener("click", () => onOpen(id));
    row.addEventListener("keydown", (event) => event.key === "Enter" && onOpen(id));

    return {
      row,
      render(task) {
        const name = statusName(task.status);
        chip.textContent = name;
        chip.dataset.status = name;
        row.dataset.status = name;
        prompt.textContent = task.prompt;
        const values = Object.entries(task.params?.values ?? {}).map(([key, value]) => `${key} ${value}`);
        meta.textContent = [task.model, ...values, `v${task.version}`, timeOf(task.createdAt)].join(" · ");
        error.textContent = task.status === TaskStatus.FAILED && task.error ? `${task.error.code}: ${task.error.message}` : "";
        const image = task.images[0];
        if (image && !thumbnail.firstChild) {
          const img = element("img");
          img.alt = `result of ${task.id}`;
          img.width = 96;
          img.src = image.url;
          const link = element("a");
          link.href = image.url;
          link.target = "_blank";
          link.rel = "noopener";
          link.addEventListener("click", (event) => event.stopPropagation());
          link.append(img);
          thumbnail.append(link);
        }
      },
    };
  }

  function placeInOrder() {
    const newestFirst = [...tasks.values()].sort(
      (a, b) => millis(b.task.createdAt) - millis(a.task.createdAt) || b.task.id.localeCompare(a.task.id),
    );
    container.append(...newestFirst.map((entry) => entry.row));
  }

  // moveCursor: this page continues the paging back (the first page at start, then each older one); a catch-up read of
  // the newest page after a reconnect leaves the cursor where the user paged to.
  async function loadPage(pageToken, moveCursor) {
    olderButton.disabled = true;
    try {
      const page = await client.listTasks({ pageSize, pageToken }, { signal: stop.signal });
      page.tasks.forEach(upsert);
      if (moveCursor) {
        nextPageToken = page.nextPageToken;
        olderButton.hidden = !nextPageToken;
      }
    } catch (error) {
      if (!stop.signal.aborted) status.textContent = errorText(error);
    } finally {
      olderButton.disabled = false;
    }
  }

  async function watch() {
    while (!stop.signal.aborted) {
      try {
        status.textContent = "live";
        status.dataset.state = "live";
        for await (const update of client.watchTasks({}, { signal: stop.signal })) {
          upsert(update.task);
          onUpdate(update.task);
        }
      } catch (error) {
        if (stop.signal.aborted) return;
        status.textContent = `reconnecting (${errorText(error)})`;
        status.dataset.state = "reconnecting";
      }
      // The stream ended (the server stopped, or this page fell behind): catch up on the newest tasks and watch again.
      await new Promise((resume) => setTimeout(resume, reconnectDelayMs));
      if (!stop.signal.aborted) await loadPage("", false);
    }
  }

  olderButton.addEventListener("click", () => loadPage(nextPageToken, true));
  watch();
  loadPage("", true);
  return { upsert, stop: () => stop.abort() };
}
