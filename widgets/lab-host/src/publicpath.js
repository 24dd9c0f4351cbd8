// Runs first in bundle.js: chunks load from the static URL the server put in the page config
// (`fullStaticUrl`), wherever the server is mounted (base_url).
/* global document */

function getOption(name) {
  const el = typeof document !== "undefined" ? document.getElementById("jupyter-config-data") : null;
  const data = el ? JSON.parse(el.textContent || "{}") : {};
  return data[name] || "";
}

// eslint-disable-next-line no-undef -- the runtime variable of webpack/rspack
__webpack_public_path__ = getOption("fullStaticUrl") + "/";
