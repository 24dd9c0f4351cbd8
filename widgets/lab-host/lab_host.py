"""JupyterLab 4 without PyPI: serves the front end built from npm in widgets/lab-host/dist with Debian's
jupyter-server (1.x) and jupyterlab-server (2.x), and loads prebuilt (federated) labextensions.

    /usr/bin/python3 widgets/lab-host/lab_host.py --ServerApp.root_dir=notebooks \
        [--LabHostApp.runtime_dir=DIR] [--LabHostApp.prebuilt_extensions=DIR ...] \
        [--LabHostApp.expose_app_in_browser=True] [any other ServerApp option]

Prebuilt extensions are directories holding a labextension's package.json (with `jupyterlab._build`)
and static/; the tslab-ml widgets' one (widgets/labextension) is loaded by default. jupyterlab_server
finds an extension as <labextensions dir>/<package name>/package.json and serves it under
/lab/extensions/<package name>/, so each is linked into <runtime_dir>/labextensions/<package name>.
User settings and workspaces live in the runtime directory too (default: widgets/lab-host/.runtime).
"""
import json
import os
import sys

from jupyterlab_server import LabServerApp
from traitlets import Bool, List, Unicode, default

HERE = os.path.dirname(os.path.abspath(__file__))
DIST = os.path.join(HERE, "dist")
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))


def _build_info():
    try:
        with open(os.path.join(DIST, "build.json"), encoding="utf-8") as f:
            return json.load(f)
    except OSError:
        return {}


class LabHostApp(LabServerApp):
    name = "lab"
    app_name = "JupyterLab"
    description = "JupyterLab 4 assembled from npm (tslab-ml lab host)"
    load_other_extensions = False
    default_url = Unicode("/lab")

    app_version = Unicode(_build_info().get("jupyterlab", ""))
    static_dir = os.path.join(DIST, "static")
    schemas_dir = os.path.join(DIST, "schemas")
    themes_dir = os.path.join(DIST, "themes")
    templates_dir = os.path.join(HERE, "templates")
    app_settings_dir = os.path.join(HERE, "settings")

    runtime_dir = Unicode(
        os.path.join(HERE, ".runtime"),
        config=True,
        help="Where user settings, workspaces and the labextensions links are kept.",
    )
    prebuilt_extensions = List(
        Unicode(),
        config=True,
        help="Directories of prebuilt labextensions to load (default: the tslab-ml widgets).",
    )
    expose_app_in_browser = Bool(
        False, config=True, help="Expose the app as window.jupyterapp (for browser tests)."
    )

    @default("prebuilt_extensions")
    def _default_prebuilt_extensions(self):
        return [os.path.join(REPO, "widgets", "labextension")]

    def _link_extensions(self, target_dir):
        os.makedirs(target_dir, exist_ok=True)
        for ext_dir in self.prebuilt_extensions:
            ext_dir = os.path.abspath(ext_dir)
            pkg_file = os.path.join(ext_dir, "package.json")
            try:
                with open(pkg_file, encoding="utf-8") as f:
                    pkg = json.load(f)
            except OSError:
                self.log.warning("no prebuilt labextension at %s (build it first)", ext_dir)
                continue
            if "_build" not in pkg.get("jupyterlab", {}):
                self.log.warning("%s is not a built labextension (no jupyterlab._build)", ext_dir)
                continue
            link = os.path.join(target_dir, *pkg["name"].split("/"))
            os.makedirs(os.path.dirname(link), exist_ok=True)
            if os.path.islink(link) or os.path.exists(link):
                if os.path.realpath(link) == os.path.realpath(ext_dir):
                    continue
                os.unlink(link)
            os.symlink(ext_dir, link, target_is_directory=True)
            self.log.info("labextension %s %s from %s", pkg["name"], pkg.get("version", ""), ext_dir)

    def initialize_settings(self):
        if not os.path.exists(os.path.join(self.static_dir, "bundle.js")):
            sys.exit(f"{self.static_dir} has no bundle.js: run `node {HERE}/scripts/ensure-built.mjs` first")
        runtime = os.path.abspath(self.runtime_dir)
        self.user_settings_dir = os.path.join(runtime, "user-settings")
        self.workspaces_dir = os.path.join(runtime, "workspaces")
        labextensions = os.path.join(runtime, "labextensions")
        for d in (self.user_settings_dir, self.workspaces_dir):
            os.makedirs(d, exist_ok=True)
        self._link_extensions(labextensions)
        # Only the extensions given here: not the ones of whatever Jupyter data dirs the machine has.
        self.labextensions_path = [labextensions]
        self.extra_labextensions_path = []
        super().initialize_settings()
        page_config = self.settings.setdefault("page_config_data", {})
        page_config.setdefault("buildAvailable", False)
        page_config.setdefault("buildCheck", False)
        if self.expose_app_in_browser:
            page_config["exposeAppInBrowser"] = True


def _jupyter_server_extension_points():
    # jupyter_server finds the app of this module (run as __main__ or imported) through this hook.
    return [{"module": __name__, "app": LabHostApp}]


main = LabHostApp.launch_instance

if __name__ == "__main__":
    main()
