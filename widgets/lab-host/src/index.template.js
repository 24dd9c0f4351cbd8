// Template of the application entry (scripts/build.mjs fills in the bundled extensions): registers the
// bundled and the federated plugins and starts JupyterLab. Modelled on JupyterLab's dev_mode/index.js.
/* global window */
import { PageConfig } from "@jupyterlab/coreutils";
import { PluginRegistry } from "@lumino/coreutils";

import "./style.js";

async function createModule(scope, module) {
  try {
    const factory = await window._JUPYTERLAB[scope].get(module);
    const instance = factory();
    instance.__scope__ = scope;
    return instance;
  } catch (e) {
    console.warn(`Failed to create module: package: ${scope}; module: ${module}`);
    throw e;
  }
}

export async function main() {
  const pluginRegistry = new PluginRegistry();
  const { JupyterLab } = require("@jupyterlab/application");
  const disabled = [];
  const deferred = [];
  const ignorePlugins = [];
  const register = [];
  const mimeExtensions = [];
  const allPlugins = [];

  const federatedExtensionPromises = [];
  const federatedMimeExtensionPromises = [];
  const federatedStylePromises = [];
  const federatedNames = new Set();

  const extensions = JSON.parse(PageConfig.getOption("federated_extensions") || "[]");
  for (const data of extensions) {
    if (data.extension) {
      federatedNames.add(data.name);
      federatedExtensionPromises.push(createModule(data.name, data.extension));
    }
    if (data.mimeExtension) {
      federatedNames.add(data.name);
      federatedMimeExtensionPromises.push(createModule(data.name, data.mimeExtension));
    }
    if (data.style && !PageConfig.Extension.isDisabled(data.name)) {
      federatedStylePromises.push(createModule(data.name, data.style));
    }
  }

  function* activePlugins(extension) {
    const exports = Object.prototype.hasOwnProperty.call(extension, "__esModule")
      ? extension.default
      : extension;
    const plugins = Array.isArray(exports) ? exports : [exports];
    for (const plugin of plugins) {
      const isDisabled = PageConfig.Extension.isDisabled(plugin.id);
      allPlugins.push({
        id: plugin.id,
        description: plugin.description,
        requires: plugin.requires ?? [],
        optional: plugin.optional ?? [],
        provides: plugin.provides ?? null,
        autoStart: plugin.autoStart,
        enabled: !isDisabled,
        extension: extension.__scope__,
      });
      if (isDisabled) {
        disabled.push(plugin.id);
        continue;
      }
      if (PageConfig.Extension.isDeferred(plugin.id)) {
        deferred.push(plugin.id);
        ignorePlugins.push(plugin.id);
      }
      yield plugin;
    }
  }

  // Bundled mime extensions, then federated ones.
  /* @MIME_EXTENSIONS@ */
  for (const p of await Promise.allSettled(federatedMimeExtensionPromises)) {
    if (p.status === "fulfilled") for (const plugin of activePlugins(p.value)) mimeExtensions.push(plugin);
    else console.error(p.reason);
  }

  // Bundled extensions, then federated ones.
  /* @EXTENSIONS@ */
  for (const p of await Promise.allSettled(federatedExtensionPromises)) {
    if (p.status === "fulfilled") for (const plugin of activePlugins(p.value)) register.push(plugin);
    else console.error(p.reason);
  }
  for (const p of await Promise.allSettled(federatedStylePromises)) {
    if (p.status === "rejected") console.error(p.reason);
  }

  pluginRegistry.registerPlugins(register);

  const { IConnectionStatus, IServiceManager } = require("@jupyterlab/services");
  const connectionStatus = await pluginRegistry.resolveOptionalService(IConnectionStatus);
  const serviceManager = await pluginRegistry.resolveRequiredService(IServiceManager);

  const lab = new JupyterLab({
    pluginRegistry,
    serviceManager,
    mimeExtensions,
    connectionStatus,
    disabled: { matches: disabled, patterns: PageConfig.Extension.disabled.map((v) => v.raw) },
    deferred: { matches: deferred, patterns: PageConfig.Extension.deferred.map((v) => v.raw) },
    availablePlugins: allPlugins,
  });
  lab.start({ ignorePlugins, bubblingKeydown: true });

  // Tests and debugging reach the app (commands, shell) as window.jupyterapp when the server asks.
  if ((PageConfig.getOption("exposeAppInBrowser") || "").toLowerCase() === "true") {
    window.jupyterapp = lab;
  }
  await lab.restored;
  window.document.body.dataset.labHostRestored = "true";
}
