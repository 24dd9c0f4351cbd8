// The host's bootstrap: load every prebuilt (federated) extension the server lists in the page config,
// let them join the shared scope (so versions are negotiated before any shared module is used), then
// start the application from index.js. Same protocol as JupyterLab's own dev_mode/bootstrap.js.
/* global window, document, __webpack_init_sharing__, __webpack_share_scopes__ */

function getOption(name) {
  const el = document.getElementById("jupyter-config-data");
  const data = el ? JSON.parse(el.textContent || "{}") : {};
  return data[name] || "";
}

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.onerror = () => reject(new Error(`could not load ${url}`));
    script.onload = resolve;
    script.async = true;
    document.head.appendChild(script);
    script.src = url;
  });
}

async function loadComponent(url, scope) {
  await loadScript(url);
  await __webpack_init_sharing__("default");
  const container = window._JUPYTERLAB[scope];
  if (!container) throw new Error(`${url} did not define the federated container ${scope}`);
  // The container registers what it provides and takes what the host shares.
  await container.init(__webpack_share_scopes__.default);
}

void (async function bootstrap() {
  const extensionData = getOption("federated_extensions") || [];
  const labextensionsUrl = getOption("fullLabextensionsUrl");
  const results = await Promise.allSettled(
    extensionData.map((data) => loadComponent(`${labextensionsUrl}/${data.name}/${data.load}`, data.name)),
  );
  results.forEach((r) => {
    if (r.status === "rejected") console.error(r.reason);
  });
  const { main } = await import("./index.js");
  if (document.readyState === "complete") void main();
  else window.addEventListener("load", () => void main());
})();
