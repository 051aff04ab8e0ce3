// The API key lives in this tab's sessionStorage only: gone when the tab closes, never shared with other tabs.
const storageKey = "imagegrid.apiKey";

export const apiKey = {
  load: () => sessionStorage.getItem(storageKey) ?? "",
  save: (key) => sessionStorage.setItem(storageKey, key),
  forget: () => sessionStorage.removeItem(storageKey),
};
