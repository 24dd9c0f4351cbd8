import { DOMWidgetModel, DOMWidgetView } from "@jupyter-widgets/base";
import { errorBox } from "../components/error-box";
import { ensureStyles } from "../components/styles";
import { copyKeepingBinary, holdsBinary } from "./binary-state";
import { MODULE_NAME, MODULE_VERSION, MODULE_VERSION_RANGE } from "../version";
import { validateState, type Expect } from "./validate";

/**
 * Base model: identifies the module; `modelClass` makes one per widget. Binary values survive `serialize`
 * (the state JupyterLab saves into a notebook), see binary-state.ts.
 */
export abstract class TslabMlModel extends DOMWidgetModel {
  override serialize(
    state: Parameters<DOMWidgetModel["serialize"]>[0],
  ): ReturnType<DOMWidgetModel["serialize"]> {
    const binary = new Map<string, unknown>();
    for (const key of Object.keys(state)) {
      if (!holdsBinary(state[key])) continue;
      binary.set(key, copyKeepingBinary(state[key]));
      delete state[key];
    }
    const out = super.serialize(state);
    for (const [key, value] of binary)
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    return out;
  }

  override defaults(): Backbone.ObjectHash {
    return {
      ...super.defaults(),
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION_RANGE,
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION_RANGE,
    };
  }
}

/** The model class of one widget kind: module identity, its model/view names and state defaults. */
export function modelClass(
  names: { readonly model: string; readonly view: string },
  defaults: Backbone.ObjectHash = {},
): typeof TslabMlModel {
  return class extends TslabMlModel {
    override defaults(): Backbone.ObjectHash {
      return { ...super.defaults(), _model_name: names.model, _view_name: names.view, ...defaults };
    }
  };
}

/**
 * Base view: validates the state before drawing and draws again on every change. A state that fails
 * validation, a drawing that throws, or a kernel of another version shows a visible box that says what
 * is wrong, never a blank output.
 */
export abstract class TslabMlView extends DOMWidgetView {
  /** The state keys this view needs and their kinds. */
  protected abstract readonly stateSpec: Record<string, Expect>;
  /** Draws the (validated) state into `this.el`'s content. */
  protected abstract draw(): HTMLElement;
  /** Releases resources of the last drawing (object URLs, plots). */
  protected cleanup(): void {}
  /**
   * Updates the existing drawing in place for a state change (a chart that grows while a model trains);
   * returns false to have the view drawn again from scratch.
   */
  protected refresh(): boolean {
    return false;
  }
  private drawn = false;

  override render(): void {
    ensureStyles();
    this.el.classList.add("tslab-ml-widget");
    this.listenTo(this.model, "change", () => this.redraw());
    this.redraw();
  }

  override remove(): this {
    this.cleanup();
    return super.remove();
  }

  protected redraw(): void {
    const problems = validateState((k) => this.model.get(k), this.stateSpec);
    if (problems.length === 0 && this.drawn) {
      try {
        if (this.refresh()) return;
      } catch {
        // fall through to a full drawing, which reports errors visibly
      }
    }
    this.cleanup();
    this.drawn = false;
    if (problems.length > 0) {
      this.el.replaceChildren(
        errorBox(`${this.constructor.name}: the widget state is invalid`, problems.join("\n")),
      );
      return;
    }
    try {
      const content = this.draw();
      const kernelVersion = this.model.get("_tslab_ml_version") as string | undefined;
      const parts: HTMLElement[] = [];
      if (kernelVersion && kernelVersion !== MODULE_VERSION) {
        parts.push(
          errorBox(
            "tslab-ml version mismatch",
            `kernel tslab-ml ${kernelVersion}, frontend ${MODULE_NAME} ${MODULE_VERSION}: ` +
              "reinstall with ./install.sh so both match; the view may be incomplete.",
          ),
        );
      }
      parts.push(content);
      this.el.replaceChildren(...parts);
      this.drawn = true;
    } catch (e) {
      this.el.replaceChildren(
        errorBox(`${this.constructor.name} failed to draw`, String((e as Error)?.stack ?? e)),
      );
    }
  }
}
