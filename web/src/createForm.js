// The create form, built from ListModels: a model picker, one select per parameter with its default chosen, and a
// prompt counter in the unit the server counts. Reference images are not offered: UploadReference is a client stream,
// which gRPC-Web cannot carry (see the README).
import { element, errorText } from "./format.js";
import { promptLength } from "./promptLength.js";

export async function createForm(client, { form, onCreated }) {
  const { models, defaultModel } = await client.listModels({});
  const modelSelect = form.elements.model;
  const prompt = form.elements.prompt;
  const counter = form.querySelector(".prompt-counter");
  const parameters = form.querySelector(".parameters");
  const status = form.querySelector(".form-status");
  modelSelect.replaceChildren(
    ...models.map((model) => {
      const option = element("option", "", `${model.displayName || model.id} (${model.creditsPerImage} credits)`);
      option.value = model.id;
      return option;
    }),
  );
  modelSelect.value = defaultModel || models[0]?.id;

  const selected = () => models.find((model) => model.id === modelSelect.value);

  function showParameters() {
    parameters.replaceChildren(
      ...selected().parameters.map((parameter) => {
        const label = element("label", "parameter");
        label.title = parameter.description;
        const select = element("select");
        select.name = `param:${parameter.key}`;
        select.append(
          ...parameter.options.map((value) => {
            const option = element("option", "", value);
            option.value = value;
            return option;
          }),
        );
        select.value = parameter.defaultValue;
        label.append(element("span", "", parameter.key), select);
        return label;
      }),
    );
    countPrompt();
  }

  function countPrompt() {
    const model = selected();
    const length = promptLength(prompt.value, model.promptLengthUnit);
    counter.textContent = `${length} / ${model.maxPromptCharacters}`;
    counter.classList.toggle("over", length > model.maxPromptCharacters);
  }

  async function submit(event) {
    event.preventDefault();
    const values = {};
    for (const select of parameters.querySelectorAll("select")) values[select.name.slice("param:".length)] = select.value;
    status.textContent = "creating…";
    form.elements.create.disabled = true;
    try {
      const task = await client.createImage({ model: modelSelect.value, prompt: prompt.value, params: { values } });
      status.textContent = `created ${task.id}`;
      status.dataset.taskId = task.id;
      onCreated(task);
    } catch (error) {
      status.textContent = errorText(error);
      delete status.dataset.taskId;
    } finally {
      form.elements.create.disabled = false;
    }
  }

  modelSelect.addEventListener("change", showParameters);
  prompt.addEventListener("input", countPrompt);
  form.addEventListener("submit", submit);
  showParameters();
  form.dataset.ready = "true";
}
