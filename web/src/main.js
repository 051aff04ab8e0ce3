// The dashboard: asks for an API key, then shows the account's tasks, balance, create form and a task's timeline, all
// live over the ImageGrid service's gRPC-Web endpoint.
import { apiKey } from "./apiKey.js";
import { balancePanel } from "./balance.js";
import { imageGridClient } from "./client.js";
import { createForm } from "./createForm.js";
import { errorText } from "./format.js";
import { taskList } from "./taskList.js";
import { timeline } from "./timeline.js";

const byId = (id) => document.getElementById(id);
const pageSize = Number(new URLSearchParams(window.location.search).get("pageSize")) || 20;

async function start(key) {
  const client = imageGridClient(key);
  // One call before anything else, so that a wrong key is reported at the key form, not in every panel.
  try {
    await client.getBalance({});
  } catch (error) {
    byId("key-status").textContent = errorText(error);
    return;
  }

  apiKey.save(key);
  byId("key-form").hidden = true;
  byId("dashboard").hidden = false;
  const balance = balancePanel(client, byId("balance"));
  const details = timeline(client, { container: byId("timeline"), title: byId("timeline-title") });
  const tasks = taskList(client, {
    container: byId("tasks"),
    olderButton: byId("older"),
    status: byId("live-status"),
    pageSize,
    onUpdate: () => balance.refresh(),
    onOpen: (taskId) => details.open(taskId),
  });
  byId("forget-key").addEventListener("click", () => {
    apiKey.forget();
    window.location.reload();
  });
  try {
    await createForm(client, {
      form: byId("create"),
      onCreated: (task) => {
        tasks.upsert(task);
        balance.refresh();
        details.open(task.id);
      },
    });
  } catch (error) {
    byId("create").querySelector(".form-status").textContent = errorText(error);
  }
}

byId("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const key = byId("api-key").value.trim();
  if (key) start(key);
});

const remembered = apiKey.load();
if (remembered) start(remembered);
