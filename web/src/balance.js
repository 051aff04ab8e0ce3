// The account's credits from GetBalance: fetched at start and after every task update, and again every little while
// as long as something is reserved, since a task's credits settle just after its terminal update.
import { element, errorText } from "./format.js";

const whileReservedMs = 1500;

export function balancePanel(client, container) {
  const fields = ["granted", "reserved", "spent", "available"];
  const values = {};
  container.replaceChildren(
    ...fields.map((field) => {
      const cell = element("div", "balance-cell");
      values[field] = element("span", "balance-value", "…");
      values[field].dataset.field = field;
      cell.append(element("span", "balance-label", field), values[field]);
      return cell;
    }),
  );
  const problem = element("p", "error");
  container.append(problem);

  let timer = 0;
  let stopped = false;
  async function refresh() {
    clearTimeout(timer);
    if (stopped) return;
    try {
      const balance = await client.getBalance({});
      for (const field of fields) values[field].textContent = balance[field].toString();
      problem.textContent = "";
      if (balance.reserved > 0n) timer = setTimeout(refresh, whileReservedMs);
    } catch (error) {
      problem.textContent = errorText(error);
    }
  }

  refresh();
  return {
    refresh,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
