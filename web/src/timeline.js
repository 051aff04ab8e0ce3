// One task's versions as WatchTask streams them: the version it has when opened, then every transition live. The
// server keeps no history, so a task opened after it finished shows its terminal version only.
import { element, errorText, isTerminal, statusName, timeOf } from "./format.js";

export function timeline(client, { container, title }) {
  let watching = new AbortController();

  async function open(taskId) {
    watching.abort();
    watching = new AbortController();
    const signal = watching.signal;
    title.textContent = taskId;
    container.dataset.taskId = taskId;
    const versions = element("ol", "versions");
    const state = element("p", "timeline-state", "watching…");
    container.replaceChildren(versions, state);
    try {
      for await (const update of client.watchTask({ taskId, afterVersion: 0n }, { signal })) {
        const task = update.task;
        const entry = element("li", "version");
        entry.dataset.status = statusName(task.status);
        const chip = element("span", "chip", statusName(task.status));
        chip.dataset.status = statusName(task.status);
        entry.append(element("span", "version-number", `v${task.version}`), chip, element("span", "version-time", timeOf(task.updatedAt)));
        if (task.error) entry.append(element("span", "error", `${task.error.code}: ${task.error.message}`));
        versions.append(entry);
        if (isTerminal(task.status)) state.textContent = "finished";
      }
    } catch (error) {
      if (!signal.aborted) state.textContent = errorText(error);
    }
  }

  return { open, stop: () => watching.abort() };
}
