import { DOMWidgetModel, DOMWidgetView } from "@jupyter-widgets/base";
import {
  MODULE_NAME,
  MODULE_VERSION,
  MODULE_VERSION_RANGE,
  Problems,
  type StateOf,
  type WidgetContract,
} from "tslab-ml-protocol";
import { el } from "../components/dom";
import { errorBox } from "../components/error-box";
import { ensureStyles } from "../components/styles";
import { copyKeepingBinary, holdsBinary } from "./binary-state";

/**
 * Base model: identifies the module; `modelClass` makes one per widget contract. Binary values survive
 * `serialize` (the state JupyterLab saves into a notebook), see binary-state.ts.
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

/** The model class of one widget: module identity and its model/view names from the contract. */
export function modelClass(contract: WidgetContract): typeof TslabMlModel {
  return class extends TslabMlModel {
    override defaults(): Backbone.ObjectHash {
      return { ...super.defaults(), _model_name: contract.model, _view_name: contract.view };
    }
  };
}

/**
 * Base view of one widget contract: reads the state through the contract's schema before drawing and
 * draws again on every change. A state that fails the schema, a drawing that throws, or a kernel of
 * another version shows a visible box that says what is wrong, never a blank output.
 */
export abstract class TslabMlView<C extends WidgetContract> extends DOMWidgetView {
  /** The widget this view draws (from tslab-ml-protocol's registry). */
  protected abstract readonly contract: C;
  /** Draws the (checked) state into `this.el`'s content. */
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
  private current: StateOf<C> | undefined;
  /** Shown from the first use of a control that needs the kernel while there is none; kept across redraws. */
  private offlineNote: HTMLElement | undefined;

  /** One key of the checked state, typed by the contract. */
  protected get<K extends keyof StateOf<C>>(key: K): StateOf<C>[K] {
    return this.state()[key];
  }

  /** The whole checked state, for the renderers shared with the static fallback (tslab-ml-protocol). */
  protected state(): StateOf<C> {
    if (!this.current) throw new Error(`${this.constructor.name}: the state was read before it was checked`);
    return this.current;
  }

  /**
   * Sets writable keys and sends them to the kernel (which checks them against the same contract). Without
   * a kernel the view still follows the change, and says that the kernel will not see it.
   */
  protected save(patch: Partial<Pick<StateOf<C>, C["writable"][number]>>): void {
    this.model.set(patch);
    this.model.save_changes();
    if (this.kernelGone) this.noteOffline();
  }

  /**
   * Whether the kernel side of this widget is gone: its state came from a saved notebook or page, or its
   * kernel restarted. Clicks then reach nobody: pages, saliency maps and filters never arrive.
   */
  get kernelGone(): boolean {
    return this.model.comm_live === false;
  }

  /** Says, above the view, that what needs the kernel does not work here and how to get it back. */
  noteOffline(): void {
    this.offlineNote ??= el("div", {
      className: "tslab-ml-offline-note",
      text:
        "No kernel behind this widget (its kernel restarted, or this is a saved page): changes stay in " +
        "this view, and what the kernel computes (other pages, filters, saliency maps) cannot come. " +
        "Run the cell again to use it.",
      style:
        "font:12px sans-serif;color:#7a4d00;background:#fef7e0;border:1px solid #f9d67a;" +
        "border-radius:3px;padding:3px 8px;margin:2px 0 4px",
    });
    if (!this.offlineNote.isConnected) this.el.prepend(this.offlineNote);
  }

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

  /** The model's state read through the contract's schema, or the problems found. */
  private readState(): string[] {
    const raw: Record<string, unknown> = {};
    for (const key of Object.keys(this.contract.state.shape)) raw[key] = this.model.get(key);
    const problems = new Problems();
    const state = this.contract.state.read(raw, "", problems);
    if (problems.lines.length === 0) this.current = state as StateOf<C>;
    return problems.lines;
  }

  protected redraw(): void {
    const problems = this.readState();
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
      const kernelVersion = this.model.get("_tslab_ml_version") as unknown;
      const parts: HTMLElement[] = this.offlineNote ? [this.offlineNote] : [];
      if (typeof kernelVersion === "string" && kernelVersion !== MODULE_VERSION) {
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
