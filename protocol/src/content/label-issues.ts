import { count } from "../format";
import type { Thumb, ThumbAction } from "../render/thumbnails";
import type { LabelIssueItem, LabelIssuesState } from "../widgets/label-issues";
import { relabeledText, withRelabel } from "./relabel";

/** What was decided for one image: its accepted new class, excluded, or nothing yet. */
export type LabelDecision = { kind: "relabeled"; label: number } | { kind: "excluded" } | { kind: "open" };

export function labelDecision(state: LabelIssuesState, index: number): LabelDecision {
  if (state.excluded.includes(index)) return { kind: "excluded" };
  const entry = state.relabeled.find((r) => r.index === index);
  return entry ? { kind: "relabeled", label: entry.label } : { kind: "open" };
}

const className = (state: LabelIssuesState, label: number): string =>
  state.class_names[label] ?? String(label);

/** The decision in words, for the line under a thumbnail. */
export function decisionText(state: LabelIssuesState, item: LabelIssueItem): string {
  const decision = labelDecision(state, item.index);
  if (decision.kind === "excluded") return "excluded";
  if (decision.kind === "relabeled") return relabeledText(state.class_names, decision.label);
  return `${(100 * (1 - item.score)).toFixed(0)} % given · undecided`;
}

/** The buttons of one item: accept the suggestion, exclude, undo (when something was decided). */
export function labelIssueActions(state: LabelIssuesState, item: LabelIssueItem): ThumbAction[] {
  const decision = labelDecision(state, item.index);
  const suggested = className(state, item.suggested);
  const actions: ThumbAction[] = [
    {
      action: "accept",
      label: `→ ${suggested}`,
      title: `accept the suggested label ${suggested} (report.relabeled)`,
      pressed: decision.kind === "relabeled",
    },
    {
      action: "exclude",
      label: "exclude",
      title: "leave the image out (report.excluded)",
      pressed: decision.kind === "excluded",
    },
  ];
  if (decision.kind !== "open")
    actions.push({ action: "undo", label: "undo", title: "keep the given label" });
  return actions;
}

/** The gallery's thumbnails; `src` gives each item's image source; `live` adds the buttons. */
export function labelIssueThumbs(
  state: LabelIssuesState,
  src: (slot: number) => string,
  live: boolean,
): Thumb[] {
  return state.items.map((item, slot) => ({
    src: src(slot),
    caption: item.caption,
    detail: decisionText(state, item),
    index: item.index,
    selected: labelDecision(state, item.index).kind !== "open",
    actions: live ? labelIssueActions(state, item) : undefined,
  }));
}

/** How many decisions were made and where they are in the kernel. */
export function labelDecisionsLine(state: LabelIssuesState): string {
  const shown = state.count > state.items.length ? ` (worst ${count(state.items.length)} shown)` : "";
  return (
    `${count(state.count)} likely label errors in ${count(state.total)} images${shown} · ` +
    `${count(state.relabeled.length)} relabeled (report.relabeled), ${count(state.excluded.length)} excluded ` +
    `(report.excluded)`
  );
}

/** Applies one button of the view to the decisions: the new `relabeled` and `excluded` lists. */
export function applyLabelAction(
  state: LabelIssuesState,
  item: LabelIssueItem,
  action: string,
): Pick<LabelIssuesState, "relabeled" | "excluded"> {
  const relabeled = withRelabel(
    state.relabeled,
    item.index,
    action === "accept" ? item.suggested : undefined,
  );
  const excluded = state.excluded.filter((i) => i !== item.index);
  if (action === "exclude") excluded.push(item.index);
  excluded.sort((a, b) => a - b);
  return { relabeled, excluded };
}
